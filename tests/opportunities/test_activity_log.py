"""Logging a follow-up: the htmx form fragment and what a follow-up updates."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from opportunities.models import Activity
from tests.factories import (
    ActivityFactory,
    ContactFactory,
    CustomerFactory,
    OpportunityFactory,
)
from users.moments import format_moment

URL = reverse("opportunities:activity_log")
HTMX = {"HTTP_HX_REQUEST": "true"}
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def bobs_deal(bob, alice_customer):
    """A deal a manager gave bob on alice's customer: bob sees the deal only."""
    return OpportunityFactory(owner=bob, customer=alice_customer, name="Bob MES")


def local(moment) -> str:
    return timezone.localtime(moment).strftime(LOCAL)


def post_data(**fields) -> dict:
    data = {
        "kind": "call",
        "occurred_at": local(timezone.now() - timedelta(hours=1)),
        "summary": "Discussed the pilot scope",
        "next_contact_at": local(timezone.now() + timedelta(days=3)),
        "contact": "",
    }
    data.update(fields)
    return data


def query(deal, with_opportunity=True) -> str:
    params = f"?customer={deal.customer_id}"
    if with_opportunity:
        params += f"&opportunity={deal.pk}"
    return URL + params


def test_form_fragment_offers_the_customers_contacts(client, alice, alice_deal):
    own = ContactFactory(customer=alice_deal.customer, name="王经理")
    other = ContactFactory(name="李总")
    client.force_login(alice)
    response = client.get(query(alice_deal), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="activity-form"' in body and 'hx-target="#activity-list"' in body
    assert own.name in body and other.name not in body
    # "When" defaults to now.
    assert local(timezone.now())[:13] in body


def test_plain_get_renders_a_whole_page(client, alice, alice_deal):
    client.force_login(alice)
    body = client.get(query(alice_deal)).content.decode()
    assert "<html" in body and 'id="activity-form"' in body


@pytest.mark.parametrize(
    "params", ["", "?customer=abc", "?customer=999999", "?customer=1&opportunity=x"]
)
def test_missing_or_unknown_records_are_404(client, alice, alice_deal, params):
    client.force_login(alice)
    assert client.get(URL + params, **HTMX).status_code == 404


def test_cannot_log_on_an_invisible_customer(client, alice, olivia_deal):
    client.force_login(alice)
    assert client.get(query(olivia_deal, False), **HTMX).status_code == 404
    response = client.post(query(olivia_deal, False), post_data(), **HTMX)
    assert response.status_code == 404
    assert not Activity.objects.exists()


def test_opportunity_of_another_customer_is_404(client, alice, alice_deal):
    other = CustomerFactory(owner=alice)
    client.force_login(alice)
    response = client.get(
        f"{URL}?customer={other.pk}&opportunity={alice_deal.pk}", **HTMX
    )
    assert response.status_code == 404


def test_wrong_method_is_405(client, alice, alice_deal):
    client.force_login(alice)
    assert client.put(query(alice_deal)).status_code == 405


def test_logging_sets_the_dates_on_deal_and_customer(client, alice, alice_deal):
    contact = ContactFactory(customer=alice_deal.customer)
    occurred = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    upcoming = occurred + timedelta(days=4)
    client.force_login(alice)
    response = client.post(
        query(alice_deal),
        post_data(
            occurred_at=local(occurred),
            next_contact_at=local(upcoming),
            contact=contact.pk,
        ),
        **HTMX,
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "activityLogged"
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="activity-list">')
    assert "Discussed the pilot scope" in body
    activity = Activity.objects.get()
    assert (activity.opportunity, activity.contact, activity.logged_by) == (
        alice_deal,
        contact,
        alice,
    )
    alice_deal.refresh_from_db()
    alice_deal.customer.refresh_from_db()
    for record in (alice_deal, alice_deal.customer):
        assert record.last_contact_at == occurred
        assert record.next_contact_at == upcoming


def test_htmx_answer_lists_the_latest_twenty_of_the_deal(client, alice, alice_deal):
    customer_only = ActivityFactory(customer=alice_deal.customer, summary="General")
    for index in range(25):
        ActivityFactory(
            customer=alice_deal.customer,
            opportunity=alice_deal,
            summary=f"Old {index}",
            occurred_at=timezone.now() - timedelta(days=30 + index),
        )
    client.force_login(alice)
    response = client.post(query(alice_deal), post_data(), **HTMX)
    activities = list(response.context["activities"])
    assert len(activities) == 20
    assert activities[0].summary == "Discussed the pilot scope"
    assert customer_only not in activities


def test_without_an_opportunity_the_customer_timeline_answers(
    client, alice, alice_customer
):
    earlier = ActivityFactory(
        customer=alice_customer,
        summary="Intro call",
        occurred_at=timezone.now() - timedelta(days=2),
    )
    client.force_login(alice)
    response = client.post(f"{URL}?customer={alice_customer.pk}", post_data(), **HTMX)
    activities = list(response.context["activities"])
    assert activities[-1] == earlier
    assert Activity.objects.filter(opportunity=None).count() == 2
    alice_customer.refresh_from_db()
    assert alice_customer.last_contact_at is not None


def test_invalid_input_comes_back_as_the_form(client, alice, alice_deal):
    client.force_login(alice)
    response = client.post(
        query(alice_deal),
        post_data(
            summary="  ", next_contact_at=local(timezone.now() - timedelta(days=2))
        ),
        **HTMX,
    )
    # 200, not 422: htmx swaps only successful responses by default.
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#activity-form"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "HX-Trigger" not in response.headers
    body = response.content.decode()
    assert "This field is required." in body or "Write a short summary" in body
    assert "The next contact cannot be before today." in body
    assert not Activity.objects.exists()


def test_a_follow_up_cannot_be_in_the_future(client, alice, alice_deal):
    client.force_login(alice)
    response = client.post(
        query(alice_deal),
        post_data(
            occurred_at=local(timezone.now() + timedelta(days=1)),
            next_contact_at="",
        ),
        **HTMX,
    )
    assert "cannot be in the future" in response.content.decode()
    assert not Activity.objects.exists()


def test_contact_of_another_customer_is_refused(client, alice, alice_deal):
    stranger = ContactFactory()
    client.force_login(alice)
    response = client.post(query(alice_deal), post_data(contact=stranger.pk), **HTMX)
    assert "contact" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_plain_post_redirects_to_the_deal(client, alice, alice_deal):
    client.force_login(alice)
    response = client.post(query(alice_deal), post_data())
    assert response.status_code == 302
    assert response.url == reverse("opportunities:detail", args=[alice_deal.pk])
    assert Activity.objects.count() == 1


def test_plain_post_without_deal_redirects_to_the_customer(
    client, alice, alice_customer
):
    client.force_login(alice)
    response = client.post(f"{URL}?customer={alice_customer.pk}", post_data())
    assert response.url == reverse("customers:detail", args=[alice_customer.pk])


def test_manager_logs_on_a_team_members_deal(client, mary, alice_deal):
    client.force_login(mary)
    response = client.post(query(alice_deal), post_data(), **HTMX)
    assert response.status_code == 200
    assert Activity.objects.get().logged_by == mary


def test_deal_owner_logs_on_a_customer_they_cannot_see(client, bob, bobs_deal):
    client.force_login(bob)
    assert client.get(query(bobs_deal), **HTMX).status_code == 200
    response = client.post(query(bobs_deal), post_data(), **HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "activityLogged"
    activity = Activity.objects.get()
    assert (activity.customer, activity.opportunity, activity.logged_by) == (
        bobs_deal.customer,
        bobs_deal,
        bob,
    )
    bobs_deal.refresh_from_db()
    assert bobs_deal.last_contact_at == activity.occurred_at


def test_deal_owner_cannot_log_on_the_customer_itself(client, bob, bobs_deal):
    client.force_login(bob)
    assert client.get(query(bobs_deal, False), **HTMX).status_code == 404
    response = client.post(query(bobs_deal, False), post_data(), **HTMX)
    assert response.status_code == 404
    assert not Activity.objects.exists()


def test_the_deal_alone_names_the_customer(client, alice, alice_deal):
    client.force_login(alice)
    response = client.post(f"{URL}?opportunity={alice_deal.pk}", post_data(), **HTMX)
    assert response.status_code == 200
    assert Activity.objects.get().customer == alice_deal.customer


def test_an_unseen_deal_is_404_even_on_a_seen_customer(
    client, alice, alice_customer, olivia
):
    hidden = OpportunityFactory(owner=olivia, customer=alice_customer)
    client.force_login(alice)
    assert client.get(query(hidden), **HTMX).status_code == 404
    assert client.post(query(hidden), post_data(), **HTMX).status_code == 404
    assert not Activity.objects.exists()


def test_customer_timeline_leaves_out_deals_the_viewer_cannot_open(
    client, alice, alice_customer, bobs_deal
):
    ActivityFactory(
        customer=alice_customer, opportunity=bobs_deal, summary="Bob's price talk"
    )
    client.force_login(alice)
    response = client.post(f"{URL}?customer={alice_customer.pk}", post_data(), **HTMX)
    summaries = [activity.summary for activity in response.context["activities"]]
    assert summaries == ["Discussed the pilot scope"]
    assert "price talk" not in response.content.decode()


def row_in(body: str, row_id: str) -> str:
    """The `<tr>` with this id, without the badge that says it was just logged."""
    row = re.search(rf'<tr id="{row_id}">.*?</tr>', body, re.DOTALL).group()
    row = re.sub(r'<span class="badge bg-success-subtle.*?</span>', "", row)
    return " ".join(row.split())


def test_from_the_customer_list_the_answer_is_the_customers_row(
    client, alice, alice_customer
):
    row_id = f"customer-row-{alice_customer.pk}"
    list_url = f"{URL}?customer={alice_customer.pk}&from=list"
    client.force_login(alice)
    form = client.get(list_url, **HTMX).content.decode()
    assert f'hx-target="#{row_id}"' in form
    assert "from=list" in form
    occurred = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    upcoming = occurred + timedelta(days=4)
    response = client.post(
        list_url,
        post_data(occurred_at=local(occurred), next_contact_at=local(upcoming)),
        **HTMX,
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "activityLogged"
    body = response.content.decode()
    assert body.startswith(f'<tr id="{row_id}">')
    assert "Follow-up logged" in body
    assert 'id="activity-list"' not in body
    # The row is the one the list now shows: the new dates in their cells.
    listed = client.get(reverse("customers:list")).content.decode()
    assert row_in(body, row_id) == row_in(listed, row_id)
    assert date_format(timezone.localtime(upcoming), "SHORT_DATE_FORMAT") in body


def test_from_the_opportunity_list_the_answer_is_the_deals_row(
    client, mary, alice_deal
):
    row_id = f"opportunity-row-{alice_deal.pk}"
    list_url = query(alice_deal) + "&from=list"
    upcoming = timezone.now().replace(second=0, microsecond=0) + timedelta(days=9)
    client.force_login(mary)
    assert f'hx-target="#{row_id}"' in client.get(list_url, **HTMX).content.decode()
    response = client.post(list_url, post_data(next_contact_at=local(upcoming)), **HTMX)
    assert response.headers["HX-Trigger"] == "activityLogged"
    body = response.content.decode()
    assert body.startswith(f'<tr id="{row_id}">')
    assert "Follow-up logged" in body
    # A manager's list shows the owner column; the answered row has it too.
    listed = client.get(reverse("opportunities:list")).content.decode()
    assert row_in(body, row_id) == row_in(listed, row_id)
    assert date_format(timezone.localtime(upcoming), "SHORT_DATE_FORMAT") in body
    alice_deal.refresh_from_db()
    assert alice_deal.next_contact_at == upcoming


def test_invalid_input_from_a_list_keeps_the_row_as_target(
    client, alice, alice_customer
):
    client.force_login(alice)
    response = client.post(
        f"{URL}?customer={alice_customer.pk}&from=list", post_data(summary=""), **HTMX
    )
    assert response.headers["HX-Retarget"] == "#activity-form"
    body = response.content.decode()
    assert f'hx-target="#customer-row-{alice_customer.pk}"' in body
    assert not Activity.objects.exists()


def test_the_form_offers_quick_next_contact_choices(client, alice, alice_deal):
    client.force_login(alice)
    body = client.get(query(alice_deal), **HTMX).content.decode()
    tomorrow = timezone.localtime() + timedelta(days=1)
    assert f'data-value="{tomorrow:%Y-%m-%d}T09:00"' in body
    assert "Tomorrow 09:00" in body and "Next Monday 09:00" in body
    assert "In 2 hours" in body and "data-pick=" in body


def test_on_the_deal_page_the_header_and_a_toast_come_back_out_of_band(
    client, alice, alice_deal
):
    # The deal had gone quiet: stale, and its next contact overdue.
    alice_deal.last_contact_at = timezone.now() - timedelta(days=40)
    alice_deal.next_contact_at = timezone.now() - timedelta(days=2)
    alice_deal.save()
    upcoming = timezone.localtime().replace(second=0, microsecond=0) + timedelta(days=1)
    client.force_login(alice)
    response = client.post(
        query(alice_deal), post_data(next_contact_at=local(upcoming)), **HTMX
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="activity-list">')
    for part in ("deal-flags", "deal-contacts", "opportunity-numbers", "toast-slot"):
        assert re.search(rf'id="{part}"[^>]*hx-swap-oob="true"', body), part
    flags = body[body.index('id="deal-flags"') : body.index('id="deal-contacts"')]
    assert "Stale" not in flags and "overdue" not in flags
    assert format_moment(upcoming) in body
    assert "The follow-up was logged." in body


def test_from_the_customer_page_no_deal_header_comes_back(
    client, alice, alice_customer
):
    client.force_login(alice)
    response = client.post(f"{URL}?customer={alice_customer.pk}", post_data(), **HTMX)
    body = response.content.decode()
    assert "hx-swap-oob" not in body and "toast" not in body
