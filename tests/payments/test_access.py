"""Every receivable page for every persona: the contract owner's rule holds.

alice owns the contract. bob (her teammate), olivia (another team) and nick
(olivia's manager) get 404 as if it did not exist; mary (alice's manager),
dora (the top team's manager) and adam (admin) see it.
"""

import pytest
from django.urls import reverse

from payments.models import Invoice, Payment
from tests.factories import InvoiceFactory
from tests.payments.conftest import make_plan, pay, signed_contract

SEE = ["alice", "mary", "dora", "adam"]
BLIND = ["bob", "olivia", "nick"]

# url name → (record key, kwarg name)
PAGES = {
    "payments:plan": ("contract", "contract_id"),
    "payments:create": ("contract", "contract_id"),
    "payments:invoice_create": ("contract", "contract_id"),
    "payments:detail": ("payment", "pk"),
    "payments:delete": ("payment", "pk"),
    "payments:invoice_status": ("invoice", "pk"),
}
POSTED = {name for name in PAGES if name != "payments:detail"}
LISTS = ["payments:list", "payments:balances", "payments:received", "payments:invoices"]


@pytest.fixture
def records(alice, bob, mary, olivia, nick, dora, adam, clock):
    contract = signed_contract(alice, amount="1000", number="HT-ALICE-1")
    make_plan(contract, ("2026-06-01", "500"), ("2026-07-01", "500"))
    return {
        "contract": contract,
        "payment": pay(contract, "100", "2026-06-10"),
        "invoice": InvoiceFactory(contract=contract, amount=100),
    }


@pytest.fixture
def persona(request):
    return lambda name: request.getfixturevalue(name)


def url(name, records) -> str:
    key, kwarg = PAGES[name]
    return reverse(name, kwargs={kwarg: records[key].pk})


@pytest.mark.parametrize("who", BLIND)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_people_outside_the_rule_get_404(client, records, persona, name, who):
    client.force_login(persona(who))
    assert client.get(url(name, records)).status_code == 404
    if name in POSTED:
        assert client.post(url(name, records), {"status": "void"}).status_code == 404


@pytest.mark.parametrize("who", SEE)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_people_inside_the_rule_can_open_every_page(
    client, records, persona, name, who
):
    client.force_login(persona(who))
    assert client.get(url(name, records)).status_code == 200


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_visitors_are_sent_to_login(client, records, name):
    response = client.get(url(name, records))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("who", BLIND)
def test_outsiders_change_nothing(client, records, persona, who):
    client.force_login(persona(who))
    contract = records["contract"]
    client.post(
        reverse("payments:create", args=[contract.pk]),
        {"received_on": "2026-06-12", "amount": "1", "method": "cash"},
    )
    client.post(
        reverse("payments:delete", args=[records["payment"].pk]), {"reason": "x"}
    )
    client.post(
        reverse("payments:invoice_status", args=[records["invoice"].pk]),
        {"status": "void", "note": "no"},
    )
    assert Payment.objects.count() == 1
    assert Invoice.objects.get().status == "issued"


@pytest.mark.parametrize("who", SEE)
@pytest.mark.parametrize("name", LISTS)
def test_lists_show_alices_records_to_those_who_see_them(
    client, records, persona, name, who
):
    client.force_login(persona(who))
    assert "HT-ALICE-1" in client.get(reverse(name)).content.decode()


@pytest.mark.parametrize("who", BLIND)
@pytest.mark.parametrize("name", LISTS)
def test_lists_hide_alices_records_from_the_others(client, records, persona, name, who):
    client.force_login(persona(who))
    assert "HT-ALICE-1" not in client.get(reverse(name)).content.decode()
