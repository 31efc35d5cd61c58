"""Editing a lead: visibility, owner field by role, duplicate warning."""

from django.urls import reverse

from tests.factories import LeadFactory
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
