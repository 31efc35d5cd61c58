"""Editing a lead: visibility, owner field by role, duplicate warning."""

from django.contrib.messages import get_messages
from django.urls import reverse

from leads.models import LeadStatus
from tests.factories import ContactFactory, CustomerFactory, LeadFactory
from tests.leads.conftest import lead_data


def url(lead) -> str:
    return reverse("leads:update", args=[lead.pk])


def test_owner_edits_the_lead(client, alice, alices_lead):
    client.force_login(alice)
    response = client.post(url(alices_lead), lead_data(contact_name="新联系人"))
    assert response.status_code == 302
    alices_lead.refresh_from_db()
    assert alices_lead.contact_name == "新联系人"
    assert alices_lead.owner == alice


def test_edit_form_is_prefilled(client, alice, alices_lead):
    client.force_login(alice)
    response = client.get(url(alices_lead))
    assert alices_lead.company_name in response.content.decode()


def test_outsider_gets_404(client, olivia, alices_lead):
    client.force_login(olivia)
    assert client.get(url(alices_lead)).status_code == 404
    assert client.post(url(alices_lead), lead_data()).status_code == 404
    alices_lead.refresh_from_db()
    assert alices_lead.company_name == "杭州甲乙科技有限公司"


def test_manager_reassigns_while_editing(client, mary, bob, alices_lead):
    client.force_login(mary)
    data = lead_data(company_name=alices_lead.company_name, owner=bob.pk)
    client.post(url(alices_lead), data)
    alices_lead.refresh_from_db()
    assert alices_lead.owner == bob


def test_a_lead_is_not_its_own_duplicate(client, alice, alices_lead):
    client.force_login(alice)
    data = lead_data(
        company_name=alices_lead.company_name,
        phone=alices_lead.phone,
        email=alices_lead.email,
    )
    assert client.post(url(alices_lead), data).status_code == 302


def test_editing_into_a_duplicate_warns(client, alice, alices_lead):
    other = LeadFactory(owner=alice, company_name="Another Co")
    client.force_login(alice)
    response = client.post(url(other), lead_data(company_name=alices_lead.company_name))
    assert response.status_code == 200
    assert [d.lead for d in response.context["form"].duplicates] == [alices_lead]
    other.refresh_from_db()
    assert other.company_name == "Another Co"


def test_salesperson_is_sent_to_claim_a_pool_lead_before_editing_it(
    client, alice, pool_lead
):
    client.force_login(alice)
    detail = reverse("leads:detail", args=[pool_lead.pk])
    page = client.get(url(pool_lead))
    assert (page.status_code, page.url) == (302, detail)
    response = client.post(url(pool_lead), lead_data(company_name="Taken over"))
    assert (response.status_code, response.url) == (302, detail)
    assert "This lead is in the shared pool: claim it before changing it." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    pool_lead.refresh_from_db()
    assert (pool_lead.company_name, pool_lead.owner) == ("无主线索有限公司", None)


def test_manager_edits_a_pool_lead(client, mary, pool_lead):
    client.force_login(mary)
    response = client.post(url(pool_lead), lead_data(company_name="Tidied up"))
    assert response.status_code == 302
    pool_lead.refresh_from_db()
    assert (pool_lead.company_name, pool_lead.owner) == ("Tidied up", None)


def test_a_lead_saved_anyway_is_not_questioned_again_on_later_edits(
    client, alice, alices_lead
):
    twin = LeadFactory(owner=alice, company_name=alices_lead.company_name)
    client.force_login(alice)
    data = lead_data(
        company_name=" " + twin.company_name,  # normalizes to the same name
        phone=twin.phone,
        email=twin.email,
        notes="Budget confirmed",
    )
    response = client.post(url(twin), data)
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.notes == "Budget confirmed"


def test_changing_the_phone_checks_the_new_phone_only(client, alice, alices_lead):
    twin = LeadFactory(owner=alice, company_name=alices_lead.company_name)
    other = LeadFactory(owner=alice, company_name="Other Co", phone="13700000000")
    client.force_login(alice)
    data = lead_data(
        company_name=twin.company_name, phone="137-0000-0000", email=twin.email
    )
    response = client.post(url(twin), data)
    assert response.status_code == 200
    duplicates = response.context["form"].duplicates
    assert [(d.lead, d.matches) for d in duplicates] == [(other, ["same phone"])]


def test_manager_editing_a_departed_reps_lead_keeps_its_owner(
    client, mary, alice, alices_lead
):
    alice.is_active = False
    alice.save()
    client.force_login(mary)
    page = client.get(url(alices_lead))
    owner = page.context["form"]["owner"]
    assert owner.value() == alice.pk
    assert f"{alice} (inactive)" in page.content.decode()

    data = lead_data(
        company_name=alices_lead.company_name,
        phone=alices_lead.phone,
        email=alices_lead.email,
        owner=alice.pk,
        notes="Checked after alice left",
    )
    assert client.post(url(alices_lead), data).status_code == 302
    alices_lead.refresh_from_db()
    assert (alices_lead.owner, alices_lead.notes) == (alice, "Checked after alice left")


def test_a_lead_cannot_be_given_to_another_rep_who_left(client, mary, bob, alices_lead):
    bob.is_active = False
    bob.save()
    client.force_login(mary)
    data = lead_data(company_name=alices_lead.company_name, owner=bob.pk)
    response = client.post(url(alices_lead), data)
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    alices_lead.refresh_from_db()
    assert alices_lead.owner.username == "alice"


def _unchanged(lead, **overrides) -> dict:
    """The lead's own company, phone and e-mail, with `overrides`."""
    keys = {"company_name": lead.company_name, "phone": lead.phone}
    return lead_data(**{**keys, "email": lead.email, **overrides})


def test_an_edit_that_leaves_company_phone_and_email_alone_does_not_warn(
    client, alice, alices_lead
):
    # Customer and contact were added after the lead, with its very details.
    ContactFactory(
        customer__owner=alice,
        customer__legal_name=alices_lead.company_name,
        phone=alices_lead.phone,
        email=alices_lead.email,
    )
    client.force_login(alice)
    response = client.post(url(alices_lead), _unchanged(alices_lead, notes="Called"))
    assert response.status_code == 302
    alices_lead.refresh_from_db()
    assert alices_lead.notes == "Called"


def test_changing_the_phone_to_a_contacts_warns(client, alice, alices_lead):
    contact = ContactFactory(customer__owner=alice, name="赵敏", phone="13700000000")
    client.force_login(alice)
    data = _unchanged(alices_lead, phone="137 0000 0000")
    response = client.post(url(alices_lead), data)
    assert response.status_code == 200
    [match] = response.context["form"].existing
    assert (match.record.label, match.record.detail, match.matches) == (
        contact.customer.legal_name,
        "赵敏",
        ["same phone"],
    )
    alices_lead.refresh_from_db()
    assert alices_lead.phone == "13900001111"


def test_a_converted_lead_is_not_warned_about_its_own_customer(
    client, alice, alices_lead
):
    customer = CustomerFactory(legal_name="杭州甲乙科技（集团）有限公司", owner=alice)
    alices_lead.status = LeadStatus.CONVERTED
    alices_lead.save()
    client.force_login(alice)
    data = _unchanged(alices_lead, company_name=customer.legal_name)
    assert client.post(url(alices_lead), data).status_code == 302
    alices_lead.refresh_from_db()
    assert alices_lead.company_name == customer.legal_name
