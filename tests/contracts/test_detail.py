"""contracts:detail — content, the actions each persona gets, bounded queries."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import ContractAttachment, ContractEvent, ContractLine
from tests.factories import ContractFactory, ProductFactory


def url(contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


def move_url(contract, action: str) -> str:
    return reverse("contracts:move", args=[contract.pk, action])


@pytest.mark.parametrize("persona", ["bob", "olivia", "nick"])
def test_people_outside_the_rule_get_404(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(draft)).status_code == 404


@pytest.mark.parametrize("persona", ["alice", "mary", "dora", "adam"])
def test_owner_managers_and_admin_see_it(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(draft)).status_code == 200


def test_post_is_not_allowed(client, alice, draft):
    client.force_login(alice)
    assert client.post(url(draft)).status_code == 405


def test_header_lines_dates_terms_and_links(client, alice, draft):
    product = ProductFactory(code="ERP-01", name="ERP 套件")
    ContractLine.objects.create(
        contract=draft, product=product, quantity=2, unit_price=50000
    )
    ContractLine.objects.create(
        contract=draft, description="实施服务", quantity=4, unit_price=5000
    )
    draft.starts_on, draft.ends_on = "2026-07-01", "2027-06-30"
    draft.terms = "30% on signing, 70% on acceptance."
    draft.save()
    client.force_login(alice)
    body = client.get(url(draft)).content.decode()
    for text in (
        draft.number,
        "ERP rollout",
        'data-status="draft"',
        reverse("customers:detail", args=[draft.customer_id]),
        reverse("opportunities:detail", args=[draft.opportunity_id]),
        "Alice ERP",
        str(alice),
        "ERP 套件",
        "实施服务",
        "¥120,000.00",  # the lines' total
        "1 Jul 2026",
        "30 Jun 2027",
        "30% on signing, 70% on acceptance.",
        reverse("contracts:update", args=[draft.pk]),
    ):
        assert text in body, text


def test_status_timeline_names_who_when_and_why(client, alice, mary, alice_customer):
    contract = ContractFactory(owner=alice, customer=alice_customer, status="draft")
    ContractEvent.objects.create(
        contract=contract,
        action="submit",
        from_status="draft",
        to_status="submitted",
        by=alice,
    )
    ContractEvent.objects.create(
        contract=contract,
        action="return",
        from_status="submitted",
        to_status="draft",
        by=mary,
        note="Add the warranty clause",
    )
    client.force_login(alice)
    response = client.get(url(contract))
    assert [event.action for event in response.context["events"]] == [
        "return",
        "submit",
    ]
    body = response.content.decode()
    assert "Return for changes" in body and "Add the warranty clause" in body
    assert str(mary) in body


def test_void_contract_shows_its_reason_and_takes_no_uploads(
    client, alice, alice_customer
):
    contract = ContractFactory(
        owner=alice, customer=alice_customer, status="void", void_reason="Duplicate"
    )
    client.force_login(alice)
    response = client.get(url(contract))
    body = response.content.decode()
    assert "Void because:" in body and "Duplicate" in body
    assert 'id="attachment-form"' not in body
    assert response.context["buttons"] == []
    assert reverse("contracts:update", args=[contract.pk]) not in body


ACTIONS = ["submit", "withdraw", "approve", "return", "sign", "complete", "void"]


@pytest.mark.parametrize(
    "status, persona, shown",
    [
        ("draft", "alice", {"submit", "void"}),
        ("draft", "mary", {"submit", "void"}),
        ("submitted", "alice", {"withdraw", "void"}),
        ("submitted", "mary", {"approve", "return", "void"}),
        ("submitted", "adam", {"approve", "return", "void"}),
        ("approved", "alice", {"sign", "void"}),
        ("approved", "mary", {"return", "sign", "void"}),
        ("signed", "alice", {"complete"}),
        ("signed", "mary", {"complete", "void"}),
        ("completed", "mary", set()),
    ],
)
def test_actions_shown_per_persona(
    client, request, alice, alice_customer, status, persona, shown
):
    contract = ContractFactory(owner=alice, customer=alice_customer, status=status)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url(contract))
    assert {button.action for button in response.context["buttons"]} == shown
    body = response.content.decode()
    for action in ACTIONS:
        # Each action is a POST form, direct or inside its dialog.
        assert (f'action="{move_url(contract, action)}"' in body) == (action in shown)


def test_dialogs_ask_for_reasons_date_and_outcome(client, mary, alice, alice_deal):
    alice_deal.status = "won"
    alice_deal.save()
    contract = ContractFactory(
        owner=alice,
        customer=alice_deal.customer,
        opportunity=alice_deal,
        status="signed",
    )
    client.force_login(mary)
    body = client.get(url(contract)).content.decode()
    assert 'id="move-void-modal"' in body
    assert 'name="note"' in body and 'name="void_outcome"' in body
    assert "Reopen it" in body and "Mark it lost" in body


def test_a_salesperson_sees_a_hint_while_waiting_for_approval(
    client, alice, alice_customer
):
    contract = ContractFactory(owner=alice, customer=alice_customer, status="submitted")
    client.force_login(alice)
    assert "Waiting for approval" in client.get(url(contract)).content.decode()


def test_attachments_card_lists_files(client, alice, draft):
    ContractAttachment.objects.create(
        contract=draft,
        file=ContentFile(b"%PDF-1.4", name="scan.pdf"),
        name="合同扫描件.pdf",
        size=2_400_000,
        uploaded_by=alice,
    )
    client.force_login(alice)
    body = client.get(url(draft)).content.decode()
    assert "合同扫描件.pdf" in body
    assert "2.3\xa0MB" in body
    assert "Up to 20 MB; types: pdf" in body


def test_change_history_is_shown(client, alice, draft):
    draft.title = "ERP rollout, phase 2"
    draft.save()
    client.force_login(alice)
    history = client.get(url(draft)).context["history"]
    assert [row.kind for row in history] == ["~", "+"]
    assert history[0].fields == ["title"]


@pytest.mark.parametrize("persona", ["alice", "mary"])
def test_query_count_does_not_grow_with_lines_events_and_attachments(
    client, request, persona, alice, mary, draft
):
    client.force_login(request.getfixturevalue(persona))
    product = ProductFactory()

    def add(count: int) -> None:
        for index in range(count):
            ContractLine.objects.create(
                contract=draft, product=product, quantity=1, unit_price=10
            )
            ContractEvent.objects.create(
                contract=draft,
                action="submit",
                from_status="draft",
                to_status="submitted",
                by=alice,
                note=f"Try {index}",
            )
            ContractAttachment.objects.create(
                contract=draft,
                file=ContentFile(b"x", name="a.pdf"),
                name=f"annex {index}.pdf",
                size=1,
                uploaded_by=mary,
            )
            draft.terms = f"Version {index}"
            draft.save()

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(draft)).status_code == 200
        return len(queries)

    add(1)
    one = count_queries()
    add(4)
    assert count_queries() == one
    assert one == QUERY_BUDGET[persona]


# session, user with their team (top bar), contract (customer, owner, deal
# joined), lines, events, attachments, change history, and the receivables
# card's four (figures, installments, payments, invoices); a manager also reads
# the teams she manages, with the people in them (1), to know she approves.
QUERY_BUDGET = {"alice": 11, "mary": 12}


def test_amount_shows_from_lines(client, alice, draft):
    ContractLine.objects.create(
        contract=draft, description="Licences", quantity=3, unit_price=Decimal("1.5")
    )
    client.force_login(alice)
    assert "from the contract lines" in client.get(url(draft)).content.decode()
