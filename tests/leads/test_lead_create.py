"""Creating a lead: ownership by role, and the duplicate warning."""

from django.urls import reverse

from leads.models import Lead
from tests.factories import ContactFactory, CustomerFactory, LeadFactory
from tests.leads.conftest import lead_data

URL = reverse("leads:create")


def test_form_page_opens(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    # A salesperson does not choose the owner.
    assert "owner" not in response.context["form"].fields


def test_salespersons_new_lead_is_theirs(client, alice):
    client.force_login(alice)
    response = client.post(URL, lead_data(owner=None))
    lead = Lead.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("leads:detail", args=[lead.pk])
    assert lead.owner == alice
    assert lead.created_by == alice
    assert lead.company_name == "苏州新线索有限公司"
    assert lead.score > 0


def test_salesperson_cannot_give_the_lead_away(client, alice, bob):
    client.force_login(alice)
    client.post(URL, lead_data(owner=bob.pk))
    assert Lead.objects.get().owner == alice


def test_manager_chooses_an_owner_from_their_people(client, mary, bob):
    client.force_login(mary)
    client.post(URL, lead_data(owner=bob.pk))
    assert Lead.objects.get().owner == bob


def test_manager_may_put_a_new_lead_in_the_pool(client, mary):
    client.force_login(mary)
    client.post(URL, lead_data(owner=""))
    assert Lead.objects.get().owner is None


def test_manager_cannot_give_a_lead_to_another_team(client, mary, olivia):
    client.force_login(mary)
    response = client.post(URL, lead_data(owner=olivia.pk))
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not Lead.objects.exists()


def test_missing_company_is_a_clear_error(client, alice):
    client.force_login(alice)
    response = client.post(URL, lead_data(company_name=""))
    assert "company_name" in response.context["form"].errors
    assert not Lead.objects.exists()


def test_duplicate_warning_lists_the_matches_and_keeps_the_input(
    client, alice, alices_lead, olivia
):
    hidden = LeadFactory(owner=olivia, company_name="Other", phone="0086 139 0000 1111")
    client.force_login(alice)
    data = lead_data(company_name="杭州甲乙科技 有限公司", phone="", notes="keep me")
    response = client.post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert {d.lead for d in form.duplicates} == {alices_lead}
    content = response.content.decode()
    assert "This lead may already exist." in content
    assert reverse("leads:detail", args=[alices_lead.pk]) in content
    assert "save_anyway" in content
    assert "keep me" in content
    assert Lead.objects.count() == 2  # alice's and olivia's, nothing new
    # Phone numbers match after normalizing: 0086 139… is 139….
    response = client.post(URL, lead_data(phone="13900001111", company_name="X"))
    duplicates = response.context["form"].duplicates
    assert {d.lead for d in duplicates} == {alices_lead, hidden}


def test_a_match_the_user_cannot_see_is_not_revealed(client, alice, olivias_lead):
    client.force_login(alice)
    response = client.post(URL, lead_data(company_name=olivias_lead.company_name))
    content = response.content.decode()
    assert "A lead owned by another salesperson" in content
    assert reverse("leads:detail", args=[olivias_lead.pk]) not in content
    assert str(olivias_lead.owner) not in content


def test_save_anyway_saves_the_duplicate(client, alice, alices_lead):
    client.force_login(alice)
    data = lead_data(company_name=alices_lead.company_name, save_anyway="on")
    response = client.post(URL, data)
    assert response.status_code == 302
    assert Lead.objects.filter(company_name=alices_lead.company_name).count() == 2


def test_a_customer_with_the_same_name_is_linked(client, alice):
    customer = CustomerFactory(legal_name="上海华东科技有限公司", owner=alice)
    client.force_login(alice)
    data = lead_data(company_name="上海华东科技 有限公司", notes="keep me")
    response = client.post(URL, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "This lead may already exist or be a customer." in content
    assert reverse("customers:detail", args=[customer.pk]) in content
    assert "same company" in content
    assert "Save anyway: I still want this lead" in content
    assert "keep me" in content
    assert not Lead.objects.exists()


def test_a_manager_is_shown_their_teams_customer(client, mary, alice):
    customer = CustomerFactory(legal_name="上海华东科技有限公司", owner=alice)
    client.force_login(mary)
    response = client.post(URL, lead_data(company_name=customer.legal_name))
    [match] = response.context["form"].existing
    assert match.record.url == reverse("customers:detail", args=[customer.pk])
    assert match.record.owner == str(alice)


def test_a_customer_the_user_cannot_see_is_not_named(client, alice, olivia):
    customer = CustomerFactory(legal_name="北方重工（北京）有限公司", owner=olivia)
    client.force_login(alice)
    response = client.post(URL, lead_data(company_name="北方重工(北京)有限公司"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Already a customer of another salesperson" in content
    assert reverse("customers:detail", args=[customer.pk]) not in content
    assert customer.legal_name not in content
    assert str(olivia) not in content
    assert not Lead.objects.exists()


def test_a_contacts_phone_is_recognised_however_it_was_written(client, alice):
    contact = ContactFactory(
        customer__owner=alice, name="赵敏", phone="0086 139-0000-2222"
    )
    client.force_login(alice)
    response = client.post(URL, lead_data(company_name="新公司", phone="13900002222"))
    content = response.content.decode()
    assert reverse("customers:detail", args=[contact.customer.pk]) in content
    assert "赵敏" in content
    assert "same phone" in content
    assert not Lead.objects.exists()


def test_a_contacts_email_matches_whatever_its_case(client, alice):
    ContactFactory(customer__owner=alice, email="Zhao.Min@Example.cn")
    client.force_login(alice)
    data = lead_data(company_name="新公司", phone="", email="zhao.min@example.cn")
    response = client.post(URL, data)
    [match] = response.context["form"].existing
    assert match.matches == ["same email"]


def test_a_contact_of_an_unseen_customer_names_nobody(client, alice, olivia):
    contact = ContactFactory(
        customer__owner=olivia,
        customer__legal_name="北方重工有限公司",
        name="赵敏",
        phone="13900002222",
    )
    client.force_login(alice)
    response = client.post(URL, lead_data(company_name="新公司", phone="139 0000 2222"))
    content = response.content.decode()
    assert "Already a customer of another salesperson" in content
    for secret in ("北方重工有限公司", "赵敏", str(olivia)):
        assert secret not in content
    assert reverse("customers:detail", args=[contact.customer.pk]) not in content


def test_save_anyway_saves_a_lead_of_an_existing_customer(client, alice):
    ContactFactory(
        customer__owner=alice,
        customer__legal_name="上海华东科技有限公司",
        phone="13812345678",
    )
    client.force_login(alice)
    data = lead_data(company_name="上海华东科技有限公司", save_anyway="on")
    response = client.post(URL, data)
    assert response.status_code == 302
    assert Lead.objects.get().company_name == "上海华东科技有限公司"


def test_leads_and_customers_are_listed_under_their_own_headings(
    client, alice, alices_lead
):
    CustomerFactory(legal_name=alices_lead.company_name, owner=alice)
    client.force_login(alice)
    response = client.post(URL, lead_data(company_name=alices_lead.company_name))
    form = response.context["form"]
    assert [d.lead for d in form.duplicates] == [alices_lead]
    assert [m.record.label for m in form.existing] == [alices_lead.company_name]
    content = response.content.decode()
    assert content.index(" Leads</div>") < content.index(" Customers</div>")
