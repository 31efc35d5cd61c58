"""users.change_history: the rows of the "Change history" card on detail pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import translation

from opportunities.models import Stage
from tests.factories import CustomerFactory, LeadFactory, OpportunityFactory
from users.change_history import FieldChange, change_history


def save_as(record, user, reason=None):
    # What the history middleware and the services do for a real request.
    record._history_user = user
    if reason:
        record._change_reason = reason
    record.save()


def test_a_new_record_has_one_created_row(alice):
    customer = CustomerFactory(owner=alice)
    save_as(customer, alice)  # a save that changes nothing is left out

    [row] = change_history(customer, limit=10)

    assert row.kind == "+"
    assert row.changes == ()


def test_changed_fields_are_named_by_verbose_name_in_model_order(alice, bob, mary):
    customer = CustomerFactory(owner=alice, phone="", region="shanghai")
    customer.phone = "021-88886666"
    customer.region = "beijing"
    customer.owner = bob
    save_as(customer, mary)

    latest = change_history(customer, limit=10)[0]

    assert latest.kind == "~"
    assert latest.who == mary
    assert latest.fields == ["owner", "region", "phone"]
    assert latest.changes == (
        FieldChange("owner", str(alice), str(bob)),
        FieldChange("region", "Shanghai", "Beijing"),
        FieldChange("phone", "—", "021-88886666"),
    )


def test_the_reason_is_kept_and_an_empty_owner_reads_as_a_dash(alice):
    lead = LeadFactory(owner=None)
    lead.owner = alice
    save_as(lead, alice, reason="claimed from the pool")

    latest = change_history(lead, limit=10)[0]

    assert latest.reason == "claimed from the pool"
    assert latest.changes == (FieldChange("owner", "—", str(alice)),)


def test_excluded_fields_are_not_listed_and_their_saves_are_left_out(alice):
    lead = LeadFactory(owner=alice)
    lead.next_contact_at = datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("UTC"))
    save_as(lead, alice)

    shown = change_history(lead, limit=10)
    hidden = change_history(lead, limit=10, exclude=["next_contact_at"])

    # Dates read in the site's time zone (Asia/Shanghai), as on the pages.
    assert shown[0].changes == (FieldChange("next contact", "—", "2 Mar 2026, 17:30"),)
    assert [row.kind for row in hidden] == ["+"]


def test_numbers_are_grouped_and_related_records_named(alice):
    stages = list(Stage.objects.open().order_by("order"))
    deal = OpportunityFactory(owner=alice, stage=stages[0], amount=1000)
    deal.amount = 1234567
    deal.stage = stages[1]
    save_as(deal, alice)

    labels = {
        label: (old, new)
        for label, old, new in change_history(deal, limit=5)[0].changes
    }

    assert labels["amount"] == ("1,000.00", "1,234,567.00")
    assert labels["stage"] == (stages[0].name, stages[1].name)
    with translation.override("zh-hans"):
        labels = {
            label: new for label, _old, new in change_history(deal, limit=5)[0].changes
        }
    assert labels["金额"] == "1,234,567.00"


def test_one_query_however_many_versions(alice, bob, django_assert_num_queries):
    lead = LeadFactory(owner=alice)
    for index in range(12):
        lead.owner = bob if index % 2 else alice
        lead.notes = f"note {index}"
        save_as(lead, alice)

    # The versions with their users and owners joined: nothing per row.
    with django_assert_num_queries(1):
        rows = change_history(lead, limit=5)

    assert len(rows) == 5
    assert rows[0].changes[-1] == FieldChange("notes", "note 10", "note 11")


def test_the_card_says_who_did_what_and_why(alice):
    lead = LeadFactory(owner=None, company_name="杭州甲乙科技有限公司")
    lead.owner = alice
    save_as(lead, alice, reason="claimed from the pool")

    card = render_to_string(
        "includes/_change_history.html", {"history": change_history(lead, limit=5)}
    )

    assert "Change history" in card
    assert "Owner</span>" in card and str(alice) in card
    assert "claimed from the pool" in card
    assert "Created" in card
    assert "system" in card  # the factory saved it outside any request
    assert 'class="collapse"' not in card
