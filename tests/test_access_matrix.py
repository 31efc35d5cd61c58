"""Every object URL, for every persona: the visibility rule holds everywhere.

alice owns the records. Her teammate bob, olivia (another team) and nick
(olivia's manager) must get 404 as if the records did not exist; mary (alice's
manager), dora (manager of the top team) and adam (admin) see them.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contracts.models import ContractAttachment
from leads.models import LeadImport
from tests.factories import (
    ActivityFactory,
    ContactFactory,
    ContractFactory,
    CustomerFactory,
    DealContactFactory,
    InvoiceFactory,
    LeadFactory,
    NotificationFactory,
    OpportunityFactory,
    PaymentFactory,
)

# url name → (record key, kwarg name, method)
OBJECT_URLS = {
    "leads:detail": ("lead", "pk", "get"),
    "leads:update": ("lead", "pk", "get"),
    "leads:claim": ("lead", "pk", "post"),
    "leads:return_to_pool": ("lead", "pk", "post"),
    "leads:assign": ("lead", "pk", "post"),
    "leads:set_status": ("lead", "pk", "post"),
    "leads:log_activity": ("lead", "pk", "post"),
    "leads:followup_form": ("lead", "pk", "get"),
    "customers:detail": ("customer", "pk", "get"),
    "customers:update": ("customer", "pk", "get"),
    "customers:delete": ("customer", "pk", "get"),
    "customers:contact_create": ("customer", "pk", "get"),
    "customers:contact_update": ("contact", "pk", "get"),
    "customers:contact_delete": ("contact", "pk", "get"),
    "opportunities:detail": ("opportunity", "pk", "get"),
    "opportunities:update": ("opportunity", "pk", "get"),
    "opportunities:close": ("opportunity", "pk", "post"),
    "opportunities:reopen": ("opportunity", "pk", "post"),
    "opportunities:move": ("opportunity", "pk", "post"),
    "opportunities:tick_criterion": ("opportunity", "pk", "post"),
    "opportunities:set_stage": ("opportunity", "pk", "post"),
    "opportunities:deal_contact_add": ("opportunity", "pk", "post"),
    "opportunities:deal_contact_remove": ("deal_contact", "pk", "post"),
    "opportunities:convert_lead": ("lead", "lead_id", "get"),
    "contracts:detail": ("contract", "pk", "get"),
    "contracts:update": ("contract", "pk", "get"),
    "contracts:move": ("contract", "pk", "post", {"action": "submit"}),
    "contracts:attachment_upload": ("contract", "pk", "post"),
    "contracts:attachment": ("attachment", "pk", "get"),
    "contracts:attachment_delete": ("attachment", "pk", "get"),
    "payments:plan": ("signed_contract", "contract_id", "get"),
    "payments:create": ("signed_contract", "contract_id", "get"),
    "payments:invoice_create": ("signed_contract", "contract_id", "get"),
    "payments:detail": ("payment", "pk", "get"),
    "payments:delete": ("payment", "pk", "get"),
    "payments:invoice_status": ("invoice", "pk", "post"),
    "reports:follow_up": ("opportunity", "pk", "get", {"kind": "opportunity"}),
    "reports:reschedule": ("lead", "pk", "post", {"kind": "lead"}),
}
# A notification is its recipient's alone (alice's here): everyone else,
# managers and administrators too, gets 404.
PERSONAL_URLS = {
    "notifications:open": ("notification", "pk", "get"),
    "notifications:read": ("notification", "pk", "post"),
}
# A background lead import is its uploader's (alice's) and the administrators'.
IMPORT_URLS = {
    "leads:import_detail": ("lead_import", "pk", "get"),
    "leads:import_refused": ("lead_import", "pk", "get"),
}
# Pages about the viewer's own work: anonymous visitors go to login.
OWN_PAGES = [
    "notifications:list",
    "notifications:bell",
    "notifications:preferences",
    "notifications:read_all",
    "reports:day",
    "reports:week",
]
APPS = (
    "leads",
    "customers",
    "opportunities",
    "contracts",
    "payments",
    "reports",
    "notifications",
)
SEE = ["alice", "mary", "dora", "adam"]
BLIND = ["bob", "olivia", "nick"]


@pytest.fixture
def records(alice, bob, mary, olivia, nick, dora, adam):
    customer = CustomerFactory(owner=alice)
    opportunity = OpportunityFactory(owner=alice, customer=customer)
    ActivityFactory(customer=customer, opportunity=opportunity, logged_by=alice)
    contract = ContractFactory(owner=alice, customer=customer)
    signed = ContractFactory(owner=alice, customer=customer, status="signed")
    return {
        "contract": contract,
        "signed_contract": signed,
        "attachment": ContractAttachment.objects.create(
            contract=contract,
            file=SimpleUploadedFile("offer.pdf", b"%PDF-1.4 offer"),
            name="offer.pdf",
            size=14,
            uploaded_by=alice,
        ),
        "payment": PaymentFactory(contract=signed),
        "invoice": InvoiceFactory(contract=signed),
        "lead": LeadFactory(owner=alice),
        "customer": customer,
        "contact": ContactFactory(customer=customer),
        "opportunity": opportunity,
        "deal_contact": DealContactFactory(opportunity=opportunity),
        "notification": NotificationFactory(recipient=alice, record=opportunity),
        "lead_import": LeadImport.objects.create(
            owner=alice,
            file=SimpleUploadedFile("leads.csv", "公司名称\n甲公司\n".encode()),
            filename="leads.csv",
            language="zh-hans",
        ),
    }


def object_url_names() -> set[str]:
    """Every URL name of the apps above whose pattern takes an argument."""
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in APPS:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.pattern.converters:
                    names.add(f"{entry.namespace}:{pattern.name}")
    return names


def test_the_matrix_covers_every_object_url():
    # A person's coaching pages take the person's id; their own tests below.
    names = object_url_names()
    assert names == (
        set(OBJECT_URLS) | set(PERSONAL_URLS) | set(IMPORT_URLS) | (PERSON_URLS & names)
    )


def request(client, name, records):
    key, kwarg, method, *extra = {**OBJECT_URLS, **PERSONAL_URLS, **IMPORT_URLS}[name]
    url = reverse(name, kwargs={kwarg: records[key].pk, **(extra[0] if extra else {})})
    return getattr(client, method)(url)


@pytest.mark.parametrize("persona", BLIND)
@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_people_outside_the_rule_get_404(
    client, records, request_persona, name, persona
):
    client.force_login(request_persona(persona))
    assert request(client, name, records).status_code == 404


@pytest.mark.parametrize("persona", SEE)
@pytest.mark.parametrize(
    "name", sorted(name for name, spec in OBJECT_URLS.items() if spec[2] == "get")
)
def test_people_inside_the_rule_can_open_every_page(
    client, records, request_persona, name, persona
):
    client.force_login(request_persona(persona))
    assert request(client, name, records).status_code == 200


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_anonymous_visitors_are_sent_to_login(client, records, name):
    response = request(client, name, records)
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("persona", ["bob", "mary", "dora", "adam", "olivia"])
@pytest.mark.parametrize("name", sorted(PERSONAL_URLS))
def test_a_notification_is_404_to_all_but_its_recipient(
    client, records, request_persona, name, persona
):
    client.force_login(request_persona(persona))
    assert request(client, name, records).status_code == 404


@pytest.mark.parametrize("name", sorted(PERSONAL_URLS))
def test_the_recipient_opens_their_notification(client, records, alice, name):
    client.force_login(alice)
    assert request(client, name, records).status_code == 302


@pytest.mark.parametrize("name", sorted([*PERSONAL_URLS, *OWN_PAGES]))
def test_anonymous_visitors_never_reach_notifications(client, records, name):
    if name in PERSONAL_URLS:
        response = request(client, name, records)
    else:
        response = client.post(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("persona", ["bob", "mary", "dora", "olivia", "nick"])
@pytest.mark.parametrize("name", sorted(IMPORT_URLS))
def test_an_import_is_404_to_all_but_its_uploader_and_administrators(
    client, records, request_persona, name, persona
):
    client.force_login(request_persona(persona))
    assert request(client, name, records).status_code == 404


@pytest.mark.parametrize("persona", ["alice", "adam"])
@pytest.mark.parametrize("name", sorted(IMPORT_URLS))
def test_the_uploader_and_administrators_open_an_import(
    client, records, request_persona, name, persona
):
    client.force_login(request_persona(persona))
    assert request(client, name, records).status_code == 200


@pytest.fixture
def request_persona(request):
    return lambda name: request.getfixturevalue(name)


def urls_of(key: str, record) -> list[str]:
    """The object URLs opened with GET that take a record of `key`."""
    return [
        reverse(name, kwargs={kwarg: record.pk, **(extra[0] if extra else {})})
        for name, (record_key, kwarg, method, *extra) in OBJECT_URLS.items()
        if record_key == key and method == "get"
    ]


def test_a_deal_and_its_customer_owned_by_different_people(client, alice, bob):
    # A manager gave bob a deal on alice's customer: each opens only their own.
    customer = CustomerFactory(owner=alice, legal_name="上海乙方科技有限公司")
    deal = OpportunityFactory(owner=bob, customer=customer)
    log_url = (
        f"{reverse('opportunities:activity_log')}"
        f"?customer={customer.pk}&opportunity={deal.pk}"
    )
    customer_url = reverse("customers:detail", args=[customer.pk])

    client.force_login(bob)
    for url in urls_of("opportunity", deal):
        assert client.get(url).status_code == 200, url
    assert client.get(log_url).status_code == 200
    for url in urls_of("customer", customer):
        assert client.get(url).status_code == 404, url
    # The deal page names the customer but does not link to a page that is 404.
    body = client.get(reverse("opportunities:detail", args=[deal.pk])).content
    assert customer.legal_name in body.decode()
    assert customer_url not in body.decode()

    client.force_login(alice)
    for url in urls_of("opportunity", deal):
        assert client.get(url).status_code == 404, url
    assert client.get(log_url).status_code == 404
    for url in urls_of("customer", customer):
        assert client.get(url).status_code == 200, url


# Report pages take no record; their `?rep=` and `?team=` follow the same rule.
REPORT_URLS = [
    "reports:index",
    "reports:funnel",
    "reports:forecast",
    "reports:performance",
    "reports:activity",
    "reports:losses",
    "reports:calibration",
]
TARGETS_URL = "reports:targets"
# Coaching pages about one person: checked in tests/reports/test_rep_capability.py.
# Notes: tests/reports/test_coaching_notes.py.
PERSON_URLS = {
    "reports:rep",
    "reports:my_capability",
    "reports:coaching",
    "reports:note_add",
    "reports:note_done",
}
REPORTS_FILTERED = [name for name in REPORT_URLS if name != "reports:index"]


def test_the_matrix_covers_every_report_url():
    names = {
        f"reports:{pattern.name}"
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "reports"
        for pattern in entry.url_patterns
    }
    # My day and my week are the viewer's own pages, with their object actions.
    own = {name for name in [*OWN_PAGES, *OBJECT_URLS] if name.startswith("reports:")}
    assert names == {*REPORT_URLS, TARGETS_URL, *PERSON_URLS, *own}


@pytest.mark.parametrize("persona", SEE + BLIND)
@pytest.mark.parametrize("name", REPORT_URLS)
def test_everyone_opens_the_reports(client, request_persona, name, persona):
    client.force_login(request_persona(persona))
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", REPORTS_FILTERED)
def test_a_report_about_someone_unseen_is_404(
    client, alice, bob, olivia, nick, mary, dora, adam, name
):
    for persona in (bob, olivia, nick):
        client.force_login(persona)
        assert client.get(reverse(name), {"rep": alice.pk}).status_code == 404
    for persona in (alice, mary, dora, adam):
        client.force_login(persona)
        assert client.get(reverse(name), {"rep": alice.pk}).status_code == 200


@pytest.mark.parametrize("persona", SEE + BLIND)
def test_a_person_page_opens_only_for_those_who_see_alice(
    client, request_persona, alice, persona
):
    client.force_login(request_persona(persona))
    expected = 200 if persona in SEE else 404
    assert client.get(reverse("reports:rep", args=[alice.pk])).status_code == expected


@pytest.mark.parametrize("persona", SEE + BLIND)
def test_coaching_is_for_managers_and_sends_salespeople_to_their_own_page(
    client, request_persona, persona, teams
):
    user = request_persona(persona)
    client.force_login(user)
    response = client.get(reverse("reports:coaching"))
    if user.is_manager or user.is_admin:
        assert response.status_code == 200
        east = client.get(reverse("reports:coaching"), {"team": teams["east"].pk})
        assert east.status_code == (200 if persona in SEE else 404)
    else:
        assert response.url == reverse("reports:rep", args=[user.pk])


@pytest.mark.parametrize(
    "name", [*REPORT_URLS, "reports:my_capability", "reports:coaching"]
)
def test_anonymous_visitors_are_sent_to_login_from_reports(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_only_managers_and_administrators_set_targets(client, alice, mary, adam):
    client.force_login(alice)
    assert client.get(reverse(TARGETS_URL)).status_code == 403
    for persona in (mary, adam):
        client.force_login(persona)
        assert client.get(reverse(TARGETS_URL)).status_code == 200
