"""Lost updates: an edit saves only over the version it was opened on.

Two people open the same record; the second to save gets the conflict page,
which lists what the first changed and keeps the second's input, and saving
that page again applies it. Nothing either typed is lost.
"""

from django.urls import reverse

from customers.models import Contact, Customer
from leads.models import Lead
from opportunities.models import Opportunity
from tests.factories import (
    ContactFactory,
    ContractFactory,
    CustomerFactory,
    LeadFactory,
    OpportunityFactory,
)
from tests.opportunities.conftest import form_data


def deal_data(deal, **fields) -> dict:
    fields.setdefault("name", deal.name)
    fields.setdefault("stage", deal.stage_id)
    fields.setdefault("amount", str(deal.amount))
    fields.setdefault("owner", deal.owner_id)
    return form_data(deal.customer, **fields)


def test_the_later_of_two_deal_edits_gets_the_conflict_page(client, alice, mary):
    deal = OpportunityFactory(owner=alice, name="Factory MES")
    url = reverse("opportunities:update", args=[deal.pk])
    client.force_login(alice)
    opened = client.get(url).context["form"]["version"].value()
    assert opened == 1

    # Meanwhile her manager renames the deal.
    client.force_login(mary)
    assert client.post(url, deal_data(deal, name="MES, two plants")).status_code == 302

    client.force_login(alice)
    mine = deal_data(deal, name="Factory MES", content="Alice's notes", version=opened)
    response = client.post(url, mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record after you opened it" in page
    assert "Factory MES → MES, two plants" in page
    form = response.context["form"]
    assert form["content"].value() == "Alice's notes"  # her input is kept
    assert form["version"].value() == 2  # saving again applies it
    deal.refresh_from_db()
    assert (deal.name, deal.version) == ("MES, two plants", 2)

    again = client.post(url, {**mine, "version": form["version"].value()})
    assert again.status_code == 302
    deal.refresh_from_db()
    assert (deal.name, deal.content, deal.version) == (
        "Factory MES",
        "Alice's notes",
        3,
    )


def test_a_plain_save_never_puts_an_old_version_back(alice):
    deal = OpportunityFactory(owner=alice)
    stale = Opportunity.objects.get(pk=deal.pk)
    Opportunity.objects.filter(pk=deal.pk).update(version=5)
    stale.name = "Saved by a service holding an old copy"
    stale.save()
    assert Opportunity.objects.values_list("version", flat=True).get() == 5


def test_stale_edits_of_customers_contacts_leads_and_contracts_are_refused(
    client, alice
):
    customer = CustomerFactory(owner=alice, legal_name="甲公司")
    contact = ContactFactory(customer=customer, name="Wang")
    lead = LeadFactory(owner=alice, company_name="乙公司")
    contract = ContractFactory(owner=alice, customer=customer)
    client.force_login(alice)
    cases = [
        (reverse("customers:update", args=[customer.pk]), customer),
        (reverse("customers:contact_update", args=[contact.pk]), contact),
        (reverse("leads:update", args=[lead.pk]), lead),
        (reverse("contracts:update", args=[contract.pk]), contract),
    ]
    for url, record in cases:
        form = client.get(url).context["form"]
        data = _form_values(client.get(url))
        type(record).objects.filter(pk=record.pk).update(version=2)  # saved meanwhile
        response = client.post(url, {**data, "version": form["version"].value()})
        assert response.status_code == 200, url
        assert "Someone else saved this record" in response.content.decode(), url
        retry = client.post(url, {**data, "version": 2})
        assert retry.status_code == 302, (
            url,
            retry.context and retry.context["form"].errors,
        )
        assert type(record).objects.get(pk=record.pk).version == 3
    assert Customer.objects.get().legal_name == "甲公司"
    assert Contact.objects.get().name == "Wang"
    assert Lead.objects.get().company_name == "乙公司"


def _form_values(page) -> dict:
    """What the edit page's form would post as it stands."""
    from tests.test_far_dates import Forms

    parser = Forms()
    parser.feed(page.content.decode())
    [form] = [
        f for f in parser.forms if f["method"] == "post" and "version" in f["data"]
    ]
    return form["data"]


def test_a_stale_plan_gets_the_conflict_page_with_the_saved_plan(client, alice):
    from datetime import date
    from decimal import Decimal

    from payments.models import Installment
    from payments.services import PlannedInstallment, installment_plan_replace

    contract = ContractFactory(owner=alice, status="signed", amount=Decimal(1000))
    url = reverse("payments:plan", args=[contract.pk])
    client.force_login(alice)
    opened = client.get(url).context["plan_version"]
    installment_plan_replace(  # someone saves a plan meanwhile
        contract=contract,
        rows=[PlannedInstallment(due_date=date(2030, 5, 31), amount=Decimal(1000))],
        by=alice,
    )
    mine = {
        "plan_version": opened,
        "plan-TOTAL_FORMS": "1",
        "plan-INITIAL_FORMS": "0",
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "1000",
        "plan-0-due_date": "2030-06-30",
        "plan-0-amount": "1000",
        "plan-0-note": "mine",
    }
    response = client.post(url, mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this plan after you opened it" in page
    assert "2030-05-31" in page  # the plan as saved now
    assert response.context["formset"].forms[0]["note"].value() == "mine"
    assert Installment.objects.get().due_date == date(2030, 5, 31)
    retry = client.post(url, {**mine, "plan_version": response.context["plan_version"]})
    assert retry.status_code == 302
    assert Installment.objects.get().note == "mine"
