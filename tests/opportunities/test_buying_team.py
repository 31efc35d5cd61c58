"""A deal's buying team: contacts of its customer linked with their role on the
deal, the flag when its stage needs a decision maker and none is linked, and
who may link and unlink."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opportunities.buying_team import deal_contact_link, deal_contact_unlink
from opportunities.models import DealContact, Stage
from opportunities.services import opportunity_close
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    DealContactFactory,
    OpportunityFactory,
)
from tests.opportunities.conftest import form_data

FLAG = "No decision maker linked — this stage needs one"


def page(opportunity) -> str:
    return reverse("opportunities:detail", args=[opportunity.pk])


def add_url(opportunity) -> str:
    return reverse("opportunities:deal_contact_add", args=[opportunity.pk])


def remove_url(link) -> str:
    return reverse("opportunities:deal_contact_remove", args=[link.pk])


def needs_dm() -> Stage:
    return Stage.objects.get(order=4)  # "Preferred vendor"


# The model and its service ------------------------------------------------


def test_the_default_stages_from_preferred_vendor_on_need_a_decision_maker(db):
    needing = Stage.objects.filter(needs_decision_maker=True).order_by("order")
    assert [s.name_en for s in needing] == ["Preferred vendor", "Purchase approval"]


def test_a_link_takes_the_contacts_buying_role_unless_told(alice, alice_deal):
    influencer = ContactFactory(customer=alice_deal.customer, buying_role="influencer")
    boss = ContactFactory(customer=alice_deal.customer, buying_role="user")

    first = deal_contact_link(opportunity=alice_deal, contact=influencer, by=alice)
    second = deal_contact_link(
        opportunity=alice_deal, contact=boss, by=alice, role="decision_maker"
    )

    assert first.role == "influencer" and first.added_by == alice
    assert second.role == "decision_maker"


def test_a_contact_of_another_customer_is_refused_by_name(alice, alice_deal):
    stranger = ContactFactory(name="赵六", customer=CustomerFactory(owner=alice))

    with pytest.raises(ValidationError) as refused:
        deal_contact_link(opportunity=alice_deal, contact=stranger, by=alice)

    assert refused.value.message_dict["contact"] == [
        "赵六 works for another customer: link only contacts of 上海甲科技有限公司."
    ]
    assert not DealContact.objects.exists()


def test_a_contact_is_on_a_deal_once(alice, alice_deal):
    contact = ContactFactory(customer=alice_deal.customer)
    deal_contact_link(opportunity=alice_deal, contact=contact, by=alice)

    with pytest.raises(ValidationError) as refused:
        deal_contact_link(opportunity=alice_deal, contact=contact, by=alice)

    assert "This contact is already on the deal’s buying team." in str(refused.value)
    assert DealContact.objects.count() == 1


def test_linking_and_unlinking_are_kept_in_the_history_with_who(alice, bob, alice_deal):
    contact = ContactFactory(customer=alice_deal.customer)
    link = deal_contact_link(opportunity=alice_deal, contact=contact, by=alice)
    link_id = link.pk
    deal_contact_unlink(link=link, by=bob)

    rows = DealContact.history.filter(id=link_id).order_by("history_date")
    assert [(r.history_type, r.history_user) for r in rows] == [
        ("+", alice),
        ("-", bob),
    ]
    assert contact.__class__.objects.filter(pk=contact.pk).exists()


def test_changing_the_deals_customer_unlinks_the_previous_customers_people(
    client, alice, alice_deal
):
    DealContactFactory(opportunity=alice_deal)
    other = CustomerFactory(owner=alice)
    client.force_login(alice)

    response = client.post(
        reverse("opportunities:update", args=[alice_deal.pk]),
        form_data(
            other,
            name=alice_deal.name,
            stage=alice_deal.stage_id,
            amount="100000",
            version=alice_deal.version,
        ),
    )

    assert response.status_code == 302
    assert not alice_deal.deal_contacts.exists()


# Linking and unlinking on the page ----------------------------------------


@pytest.mark.parametrize("persona", ["alice", "mary", "dora", "adam"])
def test_whoever_may_edit_the_deal_links_and_unlinks(
    client, request, alice_deal, persona
):
    contact = ContactFactory(
        customer=alice_deal.customer, name="王志刚", buying_role="influencer"
    )
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        add_url(alice_deal),
        {"contact": contact.pk, "role": "decision_maker"},
        follow=True,
    )

    link = DealContact.objects.get()
    assert (link.contact, link.role) == (contact, "decision_maker")
    assert (
        "王志刚 is on the buying team as decision maker." in response.content.decode()
    )
    assert response.redirect_chain[-1][0] == page(alice_deal) + "#buying-team"

    response = client.post(remove_url(link), follow=True)

    assert not DealContact.objects.exists()
    assert "王志刚 is no longer on this deal" in response.content.decode()


@pytest.mark.parametrize("persona", ["bob", "olivia", "nick"])
def test_people_who_do_not_see_the_deal_get_404(client, request, alice_deal, persona):
    contact = ContactFactory(customer=alice_deal.customer)
    link = DealContactFactory(opportunity=alice_deal)
    client.force_login(request.getfixturevalue(persona))

    assert client.post(add_url(alice_deal), {"contact": contact.pk}).status_code == 404
    assert client.post(remove_url(link)).status_code == 404
    assert DealContact.objects.get() == link


def test_linking_and_unlinking_take_post_only(client, alice, alice_deal):
    link = DealContactFactory(opportunity=alice_deal)
    client.force_login(alice)
    assert client.get(add_url(alice_deal)).status_code == 405
    assert client.get(remove_url(link)).status_code == 405
    assert DealContact.objects.filter(pk=link.pk).exists()


def test_a_contact_of_another_customer_cannot_be_posted(client, alice, alice_deal):
    stranger = ContactFactory(customer=CustomerFactory(owner=alice))
    client.force_login(alice)

    response = client.post(add_url(alice_deal), {"contact": stranger.pk}, follow=True)

    assert not DealContact.objects.exists()
    assert "Choose a contact of this deal’s customer" in response.content.decode()


def test_the_form_offers_the_customers_contacts_not_yet_linked(
    client, alice, alice_deal
):
    linked = ContactFactory(customer=alice_deal.customer, name="已加入")
    DealContactFactory(opportunity=alice_deal, contact=linked)
    free = ContactFactory(customer=alice_deal.customer, name="未加入")
    ContactFactory(name="别家的人")
    client.force_login(alice)

    response = client.get(page(alice_deal))

    assert response.context["linkable_contacts"] == [free]
    body = response.content.decode()
    assert f'<option value="{free.pk}">' in body
    assert f'<option value="{linked.pk}">' not in body
    assert "别家的人" not in body


def test_the_page_lists_the_team_with_each_role_on_the_deal(client, alice, alice_deal):
    DealContactFactory(
        opportunity=alice_deal,
        contact__name="李娜",
        contact__title="IT 经理",
        contact__buying_role="decision_maker",
        role="influencer",
        added_by=alice,
    )
    client.force_login(alice)

    body = client.get(page(alice_deal)).content.decode()

    assert "李娜" in body and "IT 经理" in body
    assert "Influencer</span>" in body
    assert f"linked by {alice}" in body
    assert "Take 李娜 off this deal’s buying team?" in body


# The empty state ------------------------------------------------------------


def test_a_new_deal_links_nobody_but_names_the_customers_decision_maker(
    client, alice, alice_customer
):
    ContactFactory(customer=alice_customer, name="王总", buying_role="decision_maker")
    client.force_login(alice)

    response = client.post(
        reverse("opportunities:create"), form_data(alice_customer), follow=True
    )

    deal = alice_customer.opportunities.get()
    assert not deal.deal_contacts.exists()
    assert "Nobody is on the buying team yet." in response.content.decode()
    assert "王总 is the customer’s decision maker: link them below" in (
        response.content.decode()
    )


def test_a_customer_without_contacts_is_sent_to_add_them(client, alice, alice_deal):
    client.force_login(alice)
    body = client.get(page(alice_deal)).content.decode()
    assert "The customer has no contacts yet" in body
    assert reverse("customers:contact_create", args=[alice_deal.customer_id]) in body
    assert 'name="contact"' not in body


# The flag ---------------------------------------------------------------------


def test_a_deal_in_a_stage_needing_one_without_a_decision_maker_is_flagged(
    client, alice, alice_deal
):
    alice_deal.stage = needs_dm()
    alice_deal.save()
    DealContactFactory(opportunity=alice_deal, role="influencer")
    client.force_login(alice)

    body = client.get(page(alice_deal)).content.decode()

    assert FLAG in body
    assert 'href="#buying-team"' in body  # the badge beside the name


def test_a_linked_decision_maker_clears_the_flag(client, alice, alice_deal):
    alice_deal.stage = needs_dm()
    alice_deal.save()
    DealContactFactory(opportunity=alice_deal, role="decision_maker")
    client.force_login(alice)

    assert FLAG not in client.get(page(alice_deal)).content.decode()


def test_the_customers_decision_maker_alone_does_not_clear_the_flag(
    client, alice, alice_deal
):
    alice_deal.stage = needs_dm()
    alice_deal.save()
    ContactFactory(customer=alice_deal.customer, buying_role="decision_maker")
    client.force_login(alice)

    assert FLAG in client.get(page(alice_deal)).content.decode()


def test_no_flag_in_a_stage_that_does_not_need_one(client, alice, alice_deal):
    client.force_login(alice)
    assert FLAG not in client.get(page(alice_deal)).content.decode()


def test_no_flag_on_a_closed_deal(client, alice, alice_deal):
    alice_deal.stage = needs_dm()
    alice_deal.save()
    opportunity_close(opportunity=alice_deal, by=alice, won=False, lost_reason="价格")
    client.force_login(alice)
    assert FLAG not in client.get(page(alice_deal)).content.decode()


def test_the_flag_in_chinese(client, alice, alice_deal):
    alice_deal.stage = needs_dm()
    alice_deal.save()
    client.force_login(alice)
    body = client.get(page(alice_deal), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert "未关联决策者——此阶段需要决策者" in body.decode()


def test_a_follow_up_logged_on_the_page_keeps_the_flag_in_the_header(
    client, alice, alice_deal
):
    alice_deal.stage = needs_dm()
    alice_deal.save()
    client.force_login(alice)

    logged = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        f"{reverse('opportunities:activity_log')}"
        f"?customer={alice_deal.customer_id}&opportunity={alice_deal.pk}",
        {
            "kind": "call",
            "occurred_at": logged.strftime("%Y-%m-%dT%H:%M"),
            "summary": "谈了价格",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert 'id="deal-flags" hx-swap-oob="true"' in response.content.decode()
    assert "No decision maker</a>" in response.content.decode()


# The phone bar and the page's cost ----------------------------------------


def test_the_phone_bar_calls_the_deals_decision_maker_first(client, alice, alice_deal):
    ContactFactory(
        customer=alice_deal.customer,
        name="Customer Boss",
        phone="13900000001",
        buying_role="decision_maker",
    )
    client.force_login(alice)
    assert "Call Customer Boss" in client.get(page(alice_deal)).content.decode()

    DealContactFactory(
        opportunity=alice_deal,
        contact__name="Project Boss",
        contact__phone="13900000002",
        contact__buying_role="user",
        role="decision_maker",
    )
    body = client.get(page(alice_deal)).content.decode()
    assert "Call Project Boss" in body and 'href="tel:13900000002"' in body


def test_the_page_costs_the_same_with_few_or_many_on_the_team(
    client, mary, alice, alice_deal
):
    alice_deal.stage = needs_dm()
    alice_deal.save()
    client.force_login(mary)

    def add(count: int) -> None:
        for _ in range(count):
            DealContactFactory(opportunity=alice_deal, added_by=alice)
            ContactFactory(customer=alice_deal.customer)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(alice_deal)).status_code == 200
        return len(queries)

    add(2)
    few = count_queries()
    add(30)
    assert count_queries() == few


def test_a_deal_owner_who_cannot_see_the_customer_still_works_its_people(
    client, alice, bob
):
    # A manager gave bob a deal on alice's customer: he links its contacts, as
    # he logs follow-ups with them, but the page does not send him to the
    # customer's page (404 to him).
    customer = CustomerFactory(owner=alice)
    contact = ContactFactory(customer=customer, name="甲方联系人")
    deal = OpportunityFactory(owner=bob, customer=customer)
    client.force_login(bob)

    response = client.get(page(deal))

    assert response.context["linkable_contacts"] == [contact]
    assert reverse("customers:contact_create", args=[customer.pk]) not in (
        response.content.decode()
    )
    client.post(add_url(deal), {"contact": contact.pk})
    assert deal.deal_contacts.get().contact == contact
