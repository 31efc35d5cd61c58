"""Converting a lead: customer (new or linked), contact, optional opportunity."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from customers.credit_code import check_character
from customers.models import Contact, Customer
from leads.models import LeadStatus
from opportunities import conversion
from opportunities.models import Opportunity
from tests.factories import CustomerFactory, LeadFactory

FIRST_17 = "91330100MA2B3C4D5"
GOOD_CODE = FIRST_17 + check_character(FIRST_17)
BAD_CODE = FIRST_17 + ("0" if GOOD_CODE[-1] != "0" else "1")


@pytest.fixture
def lead(alice):
    return LeadFactory(
        owner=alice,
        company_name="宁波海星机械有限公司",
        contact_name="周杰",
        title="采购总监",
        phone="13900002222",
        email="zhou@haixing.example.cn",
        industry="manufacturing",
        region="zhejiang",
    )


def url(lead) -> str:
    return reverse("opportunities:convert_lead", args=[lead.pk])


def data(**overrides) -> dict:
    values = {
        "customer-mode": "create",
        "customer-customer": "",
        "new-legal_name": "宁波海星机械有限公司",
        "new-credit_code": "",
        "new-industry": "manufacturing",
        "new-region": "zhejiang",
        "new-phone": "0574-88886666",
        "contact-name": "周杰",
        "contact-title": "采购总监",
        "contact-department": "采购部",
        "contact-phone": "13900002222",
        "contact-email": "zhou@haixing.example.cn",
        "contact-buying_role": "decision_maker",
        "opportunity-name": "",
        "opportunity-amount": "",
        "opportunity-expected_win_date": "",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def assert_nothing_written(lead, customers_before: int = 0) -> None:
    assert Customer.objects.count() == customers_before
    assert not Contact.objects.exists()
    assert not Opportunity.objects.exists()
    lead.refresh_from_db()
    assert lead.status != LeadStatus.CONVERTED
    assert lead.converted_at is None


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_page_is_prefilled_from_the_lead(client, alice, lead):
    client.force_login(alice)
    response = client.get(url(lead))
    assert response.status_code == 200
    forms = response.context["forms"]
    assert forms.choice.initial["mode"] == "create"
    assert forms.customer.initial["legal_name"] == lead.company_name
    assert forms.customer.initial["region"] == "zhejiang"
    assert forms.contact.initial["name"] == "周杰"
    assert forms.contact.initial["email"] == lead.email
    content = response.content.decode()
    assert "周杰" in content
    assert "采购总监" in content


def test_navigation_shows_the_page_as_a_step_of_the_leads_module(client, alice, lead):
    client.force_login(alice)
    content = client.get(url(lead)).content.decode()
    leads_link = f'nav-link active" href="{reverse("leads:list")}"'
    assert leads_link in content
    assert content.count("nav-link active") == 1


def test_an_existing_visible_customer_with_the_same_name_is_preselected(
    client, alice, lead
):
    customer = CustomerFactory(owner=alice, legal_name="宁波海星机械 有限公司")
    client.force_login(alice)
    forms = client.get(url(lead)).context["forms"]
    assert forms.choice.initial == {"mode": "link", "customer": customer}


def test_creates_customer_contact_and_opportunity(client, alice, lead):
    client.force_login(alice)
    response = client.post(
        url(lead),
        data(
            **{
                "new-credit_code": GOOD_CODE.lower(),
                "opportunity-create": "on",
                "opportunity-name": "海星 MES 项目",
                "opportunity-amount": "380000",
                "opportunity-expected_win_date": "2030-06-30",
            }
        ),
    )
    customer = Customer.objects.get()
    contact = Contact.objects.get()
    deal = Opportunity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("opportunities:detail", args=[deal.pk])
    assert customer.owner == alice
    assert customer.legal_name == "宁波海星机械有限公司"
    assert customer.credit_code == GOOD_CODE
    assert contact.customer == customer
    assert contact.source_lead == lead
    assert contact.department == "采购部"
    assert deal.customer == customer
    assert deal.source_lead == lead
    assert deal.owner == alice
    assert str(deal.amount) == "380000.00"
    assert not deal.deal_contacts.exists()  # linking the contact stays explicit
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED
    assert lead.converted_at is not None
    # The lead now links to what it became.
    assert lead.contact == contact
    assert list(lead.opportunities.all()) == [deal]
    assert any("was converted" in m for m in messages_of(response))


def test_without_an_opportunity_it_goes_to_the_customer(client, alice, lead):
    client.force_login(alice)
    response = client.post(url(lead), data(**{"opportunity-name": "ignored"}))
    customer = Customer.objects.get()
    assert response.url == reverse("customers:detail", args=[customer.pk])
    assert not Opportunity.objects.exists()


def test_links_an_existing_customer(client, alice, lead):
    customer = CustomerFactory(owner=alice, legal_name="海星集团")
    client.force_login(alice)
    response = client.post(
        url(lead), data(**{"customer-mode": "link", "customer-customer": customer.pk})
    )
    assert response.url == reverse("customers:detail", args=[customer.pk])
    assert Customer.objects.count() == 1
    assert Contact.objects.get().customer == customer
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED


def test_cannot_link_a_customer_the_user_does_not_see(client, alice, olivia, lead):
    hidden = CustomerFactory(owner=olivia)
    client.force_login(alice)
    response = client.post(
        url(lead), data(**{"customer-mode": "link", "customer-customer": hidden.pk})
    )
    assert response.status_code == 200
    assert "customer" in response.context["forms"].choice.errors
    assert_nothing_written(lead, customers_before=1)


def test_link_mode_needs_a_customer(client, alice, lead):
    client.force_login(alice)
    response = client.post(url(lead), data(**{"customer-mode": "link"}))
    assert "Choose the customer to link the lead to." in response.content.decode()
    assert_nothing_written(lead)


def test_refuses_a_duplicate_of_someone_elses_customer_without_naming_it(
    client, alice, olivia, lead
):
    CustomerFactory(owner=olivia, legal_name="宁波海星机械（有限公司）")
    client.force_login(alice)
    response = client.post(url(lead), data(**{"contact-department": "keep me"}))
    assert response.status_code == 200
    errors = response.context["forms"].customer.errors["legal_name"]
    assert "owned by another salesperson" in errors[0]
    content = response.content.decode()
    assert "宁波海星机械（有限公司）" not in content
    assert "keep me" in content  # nothing the user typed is lost
    assert_nothing_written(lead, customers_before=1)


def test_refuses_a_duplicate_of_a_visible_customer_by_its_name(client, mary, lead):
    CustomerFactory(owner=lead.owner, legal_name="宁波海星机械（有限公司）")
    client.force_login(mary)
    response = client.post(url(lead), data())
    errors = response.context["forms"].customer.errors["legal_name"]
    assert errors == [
        "A customer with this legal name already exists: 宁波海星机械（有限公司）."
    ]
    assert_nothing_written(lead, customers_before=1)


def test_warns_early_about_a_same_named_customer_the_user_cannot_see(
    client, alice, olivia, lead
):
    CustomerFactory(owner=olivia, legal_name="宁波海星机械有限公司")
    client.force_login(alice)
    assert client.get(url(lead)).context["hidden_match"] is True


def test_a_duplicate_credit_code_does_not_reveal_an_unseen_customer(
    client, alice, olivia, lead
):
    CustomerFactory(owner=olivia, legal_name="别的公司", credit_code=GOOD_CODE)
    client.force_login(alice)
    response = client.post(url(lead), data(**{"new-credit_code": GOOD_CODE}))
    errors = response.context["forms"].customer.errors["credit_code"]
    assert "owned by another salesperson" in errors[0]
    assert "别的公司" not in response.content.decode()
    assert GOOD_CODE in response.content.decode()
    assert_nothing_written(lead, customers_before=1)


def test_a_duplicate_credit_code_names_a_visible_customer(client, alice, lead):
    CustomerFactory(owner=alice, legal_name="别的公司", credit_code=GOOD_CODE)
    client.force_login(alice)
    response = client.post(url(lead), data(**{"new-credit_code": GOOD_CODE.lower()}))
    errors = response.context["forms"].customer.errors["credit_code"]
    assert errors == ["A customer with this credit code already exists: 别的公司."]
    assert_nothing_written(lead, customers_before=1)


def test_the_service_names_only_a_customer_the_converter_sees(alice, olivia, lead):
    # The form checks first; the service checks again inside its transaction.
    CustomerFactory(owner=olivia, legal_name="别的公司", credit_code=GOOD_CODE)
    with pytest.raises(ValidationError) as refused:
        conversion.lead_convert(
            lead=lead,
            by=alice,
            contact_fields={"name": "周杰"},
            customer_fields={"legal_name": "新公司", "credit_code": GOOD_CODE},
        )
    assert list(refused.value.message_dict) == ["credit_code"]
    assert "别的公司" not in str(refused.value)
    assert_nothing_written(lead, customers_before=1)


def test_bad_credit_code_is_explained_and_nothing_is_written(client, alice, lead):
    client.force_login(alice)
    response = client.post(url(lead), data(**{"new-credit_code": BAD_CODE}))
    assert response.status_code == 200
    errors = response.context["forms"].customer.errors["credit_code"]
    assert "does not match the check digit" in errors[0]
    assert BAD_CODE in response.content.decode()
    assert_nothing_written(lead)


def test_ticked_opportunity_needs_a_name(client, alice, lead):
    client.force_login(alice)
    response = client.post(url(lead), data(**{"opportunity-create": "on"}))
    assert "Give the opportunity a name." in response.content.decode()
    assert_nothing_written(lead)


def test_service_refusal_is_shown_and_nothing_is_written(
    client, alice, lead, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError("The lead changed meanwhile.")

    monkeypatch.setattr(conversion, "lead_convert", refuse)
    client.force_login(alice)
    response = client.post(url(lead), data())
    assert response.status_code == 200
    assert "The lead changed meanwhile." in response.content.decode()
    assert_nothing_written(lead)


def test_a_customer_created_meanwhile_is_explained_and_nothing_is_written(
    client, alice, lead, monkeypatch
):
    # Someone saved the same company between the check and the insert: the
    # database refuses ours once customer, contact and deal are in.
    def collide(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: customer_unique_credit_code")

    monkeypatch.setattr(conversion, "_carry_follow_ups", collide)
    client.force_login(alice)
    response = client.post(
        url(lead),
        data(
            **{
                "contact-department": "keep me",
                "opportunity-create": "on",
                "opportunity-name": "海星 MES 项目",
            }
        ),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "was just created by someone else. Nothing was saved" in content
    assert "keep me" in content and "海星 MES 项目" in content
    assert_nothing_written(lead)


def test_a_converted_lead_cannot_be_converted_again(client, alice, lead):
    client.force_login(alice)
    client.post(url(lead), data())
    response = client.post(url(lead), data(**{"new-legal_name": "另一个客户"}))
    assert response.status_code == 302
    assert response.url == reverse("leads:detail", args=[lead.pk])
    assert "This lead has already been converted." in messages_of(response)
    assert Customer.objects.count() == 1
    assert Contact.objects.count() == 1
    assert client.get(url(lead)).status_code == 302


def test_outsider_gets_404(client, olivia, lead):
    client.force_login(olivia)
    assert client.get(url(lead)).status_code == 404
    assert client.post(url(lead), data()).status_code == 404
    assert_nothing_written(lead)


def test_manager_converts_a_team_lead_for_its_owner(client, mary, alice, lead):
    client.force_login(mary)
    client.post(url(lead), data())
    assert Customer.objects.get().owner == alice


def test_whoever_converts_a_pool_lead_owns_it(client, olivia):
    pool = LeadFactory(owner=None, company_name="池中公司")
    client.force_login(olivia)
    client.post(url(pool), data(**{"new-legal_name": "池中公司"}))
    pool.refresh_from_db()
    assert pool.owner == olivia
    assert pool.status == LeadStatus.CONVERTED
    assert Customer.objects.get().owner == olivia
