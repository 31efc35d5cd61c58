"""Forms read as people expect: "Please choose", money with its unit, no 0."""

from django.utils import translation

from customers.forms import CustomerForm
from opportunities.forms import OpportunityForm
from payments.forms import InvoiceForm


def test_selects_prompt_and_money_states_its_unit_in_chinese(alice):
    with translation.override("zh-hans"):
        form = OpportunityForm(user=alice)
        assert "---------" not in str(form)
        customer = CustomerForm(user=alice)
        assert '<option value="" selected>请选择</option>' in str(customer["industry"])
        assert form.fields["amount"].label == "金额（元）"
        amount = str(form["amount"])
        assert 'inputmode="decimal"' in amount and 'value="0' not in amount


def test_money_states_its_unit_in_english(db):
    with translation.override("en"):
        form = InvoiceForm()
        assert form.fields["amount"].label == "Amount (¥)"
        assert 'inputmode="decimal"' in str(form["amount"])
