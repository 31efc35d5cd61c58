"""`select_options` writes a choice field's options, the chosen one marked."""

from django import forms

from users.templatetags.crm import select_options


class PersonForm(forms.Form):
    owner = forms.ChoiceField(
        choices=[("", "Anyone"), ("7", "王伟"), ("12", "<b>Bold & Co</b>")],
        required=False,
    )


def test_the_chosen_option_is_marked_and_labels_are_escaped():
    html = select_options(PersonForm({"owner": "12"})["owner"])
    assert '<option value="">Anyone</option>' in html
    assert '<option value="7">王伟</option>' in html
    assert (
        '<option value="12" selected>&lt;b&gt;Bold &amp; Co&lt;/b&gt;</option>' in html
    )


def test_before_a_choice_the_empty_option_is_the_chosen_one():
    html = select_options(PersonForm()["owner"])
    assert '<option value="" selected>Anyone</option>' in html
    assert html.count("selected") == 1
    assert html.count("<option") == 3
