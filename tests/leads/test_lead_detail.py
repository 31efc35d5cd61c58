"""The lead page: fields, score parts, timeline, history, conversion links."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from customers.models import Contact
from leads.models import LeadActivity
from leads.services import lead_log_activity
from tests.factories import CustomerFactory, LeadFactory, OpportunityFactory


def url(lead) -> str:
    return reverse("leads:detail", args=[lead.pk])


def test_owner_sees_the_lead_with_score_parts(client, alice, alices_lead):
    client.force_login(alice)
    response = client.get(url(alices_lead))
    assert response.status_code == 200
    content = response.content.decode()
    assert alices_lead.company_name in content
    assert alices_lead.phone in content
    parts = response.context["score_parts"]
    assert [part.maximum for part in parts] == [40, 30, 30]
    assert sum(part.points for part in parts) == alices_lead.score
    assert reverse("opportunities:convert_lead", args=[alices_lead.pk]) in content


def test_outsider_gets_404(client, olivia, alices_lead):
    client.force_login(olivia)
    assert client.get(url(alices_lead)).status_code == 404


def test_manager_sees_a_team_members_lead_and_can_assign(client, mary, alices_lead):
    client.force_login(mary)
    response = client.get(url(alices_lead))
    assert response.status_code == 200
    assert reverse("leads:assign", args=[alices_lead.pk]) in response.content.decode()


def test_salesperson_gets_no_assign_form(client, alice, alices_lead):
    client.force_login(alice)
    response = client.get(url(alices_lead))
    assert reverse("leads:assign", args=[alices_lead.pk]) not in (
        response.content.decode()
    )


def test_pool_lead_is_visible_to_everyone_with_a_claim_button(
    client, alice, olivia, pool_lead
):
    for person in (alice, olivia):
        client.force_login(person)
        response = client.get(url(pool_lead))
        assert response.status_code == 200
        assert reverse("leads:claim", args=[pool_lead.pk]) in response.content.decode()


def test_timeline_lists_follow_ups(client, alice, alices_lead):
    lead_log_activity(lead=alices_lead, by=alice, kind="visit", summary="Met the CTO")
    client.force_login(alice)
    assert "Met the CTO" in client.get(url(alices_lead)).content.decode()


def test_history_shows_who_changed_what(client, alice, alices_lead):
    client.force_login(alice)
    client.post(
        reverse("leads:update", args=[alices_lead.pk]),
        {
            "company_name": alices_lead.company_name,
            "contact_name": "赵六",
            "source": "referral",
        },
    )
    history = client.get(url(alices_lead)).context["history"]
    latest = history[0]
    assert latest.who == alice
    changed = {label: (old, new) for label, old, new in latest.changes}
    assert changed["contact person"] == ("王芳", "赵六")
    assert changed["source"] == ("Website enquiry", "Referral")
    assert history[-1].kind == "+"


def test_converted_lead_links_to_what_it_became(client, alice):
    lead = LeadFactory(owner=alice, status="converted")
    customer = CustomerFactory(owner=alice, legal_name="转化客户有限公司")
    Contact.objects.create(customer=customer, name="孙七", source_lead=lead)
    deal = OpportunityFactory(owner=alice, customer=customer, source_lead=lead)
    client.force_login(alice)
    content = client.get(url(lead)).content.decode()
    assert reverse("customers:detail", args=[customer.pk]) in content
    assert "孙七" in content
    assert reverse("opportunities:detail", args=[deal.pk]) in content
    # No second conversion is offered.
    assert reverse("opportunities:convert_lead", args=[lead.pk]) not in content


def test_query_count_is_bounded_by_timeline_length(client, alice, alices_lead):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    lead_log_activity(lead=alices_lead, by=alice, kind="call", summary="1")
    client.get(url(alices_lead))
    with CaptureQueriesContext(connection) as few:
        client.get(url(alices_lead))
    for n in range(10):
        lead_log_activity(lead=alices_lead, by=alice, kind="call", summary=str(n))
    with CaptureQueriesContext(connection) as many:
        client.get(url(alices_lead))
    assert len(few) == len(many)


def test_pool_lead_is_read_only_for_a_salesperson_until_claimed(
    client, alice, pool_lead
):
    client.force_login(alice)
    content = client.get(url(pool_lead)).content.decode()
    assert reverse("leads:claim", args=[pool_lead.pk]) in content
    assert "Claim it to edit it, log follow-ups or change its status." in content
    for hidden in ("update", "set_status", "log_activity"):
        assert reverse(f"leads:{hidden}", args=[pool_lead.pk]) not in content


def test_manager_may_change_a_pool_lead_from_its_page(client, mary, pool_lead):
    client.force_login(mary)
    content = client.get(url(pool_lead)).content.decode()
    for shown in ("update", "set_status", "log_activity", "assign"):
        assert reverse(f"leads:{shown}", args=[pool_lead.pk]) in content


def test_timeline_shows_the_latest_20_follow_ups_and_says_so(
    client, alice, alices_lead
):
    start = timezone.now() - timedelta(days=30)
    LeadActivity.objects.bulk_create(
        LeadActivity(
            lead=alices_lead,
            logged_by=alice,
            kind="call",
            summary=f"Call {n}",
            occurred_at=start + timedelta(days=n),
        )
        for n in range(21)
    )
    client.force_login(alice)
    response = client.get(url(alices_lead))
    shown = [activity.summary for activity in response.context["activities"]]
    assert shown == [f"Call {n}" for n in range(20, 0, -1)]
    assert "Showing the latest 20 follow-ups." in response.content.decode()


def test_a_short_timeline_has_no_cut_note(client, alice, alices_lead):
    lead_log_activity(lead=alices_lead, by=alice, kind="visit", summary="Met the CTO")
    client.force_login(alice)
    assert "Showing the latest" not in client.get(url(alices_lead)).content.decode()


def test_logging_from_the_page_returns_the_latest_20(client, alice, alices_lead):
    LeadActivity.objects.bulk_create(
        LeadActivity(lead=alices_lead, logged_by=alice, kind="call", summary=str(n))
        for n in range(25)
    )
    client.force_login(alice)
    response = client.post(
        reverse("leads:log_activity", args=[alices_lead.pk]),
        {"kind": "call", "summary": "The newest"},
        HTTP_HX_REQUEST="true",
    )
    assert len(response.context["activities"]) == 20
    assert "Showing the latest 20 follow-ups." in response.content.decode()
