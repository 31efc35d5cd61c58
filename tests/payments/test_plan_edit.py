"""payments:plan — the receivable plan editor (a formset saved all or nothing)."""

from decimal import Decimal

from django.urls import reverse

from payments.models import Installment
from tests.factories import ContractFactory
from tests.payments.conftest import make_plan, pay, signed_contract


def url(contract) -> str:
    return reverse("payments:plan", args=[contract.pk])


def row(due: str, amount: str, note: str = "", *, pk=None, delete=False) -> dict:
    return {"due_date": due, "amount": amount, "note": note, "id": pk, "delete": delete}


def plan_data(*rows, initial=0) -> dict:
    """POST data of the formset; `rows` are tuples (due, amount) or row()s."""
    data = {
        "plan-TOTAL_FORMS": str(len(rows)),
        "plan-INITIAL_FORMS": str(initial),
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(rows):
        item = row(*item) if isinstance(item, tuple) else item
        data[f"plan-{index}-due_date"] = item["due_date"]
        data[f"plan-{index}-amount"] = item["amount"]
        data[f"plan-{index}-note"] = item["note"]
        if item["id"]:
            data[f"plan-{index}-id"] = str(item["id"])
        if item["delete"]:
            data[f"plan-{index}-DELETE"] = "on"
    return data


def plan_of(contract) -> list[tuple[str, Decimal]]:
    return [
        (i.due_date.isoformat(), i.amount)
        for i in Installment.objects.filter(contract=contract)
    ]


def test_new_plan_starts_with_one_row_for_the_whole_amount(client, alice, clock):
    contract = signed_contract(alice, amount="300000")
    client.force_login(alice)
    response = client.get(url(contract))
    assert response.status_code == 200
    [row] = response.context["formset"].forms
    assert row["amount"].value() == Decimal("300000")
    assert "¥300,000.00" in response.content.decode()


def test_saving_a_plan_that_adds_up(client, alice, clock):
    contract = signed_contract(alice, amount="300000")
    client.force_login(alice)
    response = client.post(
        url(contract),
        plan_data(
            ("2026-09-30", "100000", "on acceptance"),
            ("2026-07-31", "200000", "advance"),
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", args=[contract.pk])
    # Kept in due-date order.
    assert plan_of(contract) == [
        ("2026-07-31", Decimal("200000")),
        ("2026-09-30", Decimal("100000")),
    ]
    assert Installment.objects.get(due_date="2026-09-30").note == "on acceptance"


def test_plan_not_adding_up_names_both_totals_and_changes_nothing(client, alice, clock):
    contract = signed_contract(alice, amount="300000")
    [old] = make_plan(contract, ("2026-12-31", "300000"))
    client.force_login(alice)
    response = client.post(
        url(contract),
        plan_data(
            row("2026-07-31", "100000", pk=old.pk),
            ("2026-09-30", "150000"),
            initial=1,
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The plan was not saved." in body
    assert "The installments add up to ¥250,000.00" in body
    assert "the contract amount is ¥300,000.00" in body
    assert "¥50,000.00 missing" in body
    assert plan_of(contract) == [("2026-12-31", Decimal("300000"))]
    # What was typed is still there.
    assert response.context["formset"].forms[1]["amount"].value() == "150000"


def test_negative_and_zero_amounts_are_field_errors(client, alice, clock):
    contract = signed_contract(alice, amount="300000")
    make_plan(contract, ("2026-12-31", "300000"))
    client.force_login(alice)
    response = client.post(
        url(contract),
        plan_data(
            ("2026-07-31", "-100000"), ("2026-08-31", "0"), ("2026-09-30", "400000")
        ),
    )
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert forms[0].errors["amount"] == ["The amount must be above zero."]
    assert forms[1].errors["amount"] == ["The amount must be above zero."]
    assert "amount" not in forms[2].errors
    assert plan_of(contract) == [("2026-12-31", Decimal("300000"))]


def test_missing_due_date_is_a_field_error(client, alice, clock):
    contract = signed_contract(alice, amount="100")
    client.force_login(alice)
    response = client.post(url(contract), plan_data(("", "100")))
    assert response.context["formset"].forms[0].errors["due_date"]
    assert plan_of(contract) == []


def test_removing_every_row_is_refused(client, alice, clock):
    contract = signed_contract(alice, amount="100")
    [old] = make_plan(contract, ("2026-12-31", "100"))
    client.force_login(alice)
    response = client.post(
        url(contract),
        plan_data(row("2026-12-31", "100", pk=old.pk, delete=True), initial=1),
    )
    assert "Add at least one installment." in response.content.decode()
    assert plan_of(contract) == [("2026-12-31", Decimal("100"))]


def test_rows_are_kept_changed_removed_and_payments_follow(client, alice, clock):
    contract = signed_contract(alice, amount="300")
    first, second = make_plan(contract, ("2026-05-31", "100"), ("2026-07-31", "200"))
    pay(contract, "150", "2026-06-01")
    client.force_login(alice)
    response = client.post(
        url(contract),
        plan_data(
            row("2026-05-31", "150", pk=first.pk),
            row("2026-07-31", "200", pk=second.pk, delete=True),
            ("2026-08-31", "150"),
            initial=2,
        ),
    )
    assert response.status_code == 302
    installments = list(Installment.objects.filter(contract=contract))
    assert [i.pk == first.pk for i in installments] == [True, False]
    assert [(i.amount, i.paid_amount) for i in installments] == [
        (Decimal("150"), Decimal("150")),
        (Decimal("150"), Decimal("0")),
    ]


def test_editor_shows_what_each_row_has_been_paid(client, alice, clock):
    contract = signed_contract(alice, amount="300")
    make_plan(contract, ("2026-05-31", "100"), ("2026-07-31", "200"))
    pay(contract, "130", "2026-06-01")
    client.force_login(alice)
    response = client.get(url(contract))
    assert [form.paid for form in response.context["formset"]] == [
        Decimal("100"),
        Decimal("30"),
    ]
    assert "spread over the new plan again" in response.content.decode()


def test_draft_contracts_can_be_planned(client, alice, clock):
    contract = ContractFactory(owner=alice, amount=500)
    client.force_login(alice)
    response = client.post(url(contract), plan_data(("2026-08-01", "500")))
    assert response.status_code == 302
    assert plan_of(contract) == [("2026-08-01", Decimal("500"))]


def test_completed_and_void_contracts_cannot_change_their_plan(client, alice, clock):
    for status in ("completed", "void"):
        contract = ContractFactory(
            owner=alice, amount=500, status=status, void_reason="x"
        )
        client.force_login(alice)
        response = client.post(url(contract), plan_data(("2026-08-01", "500")))
        assert response.status_code == 302
        assert plan_of(contract) == []
        response = client.get(url(contract), follow=True)
        assert "cannot change" in response.content.decode()


def test_date_and_amount_inputs_keep_their_values_after_an_error(client, alice, clock):
    contract = signed_contract(alice, amount="100")
    client.force_login(alice)
    body = client.post(url(contract), plan_data(("2026-08-01", "90"))).content.decode()
    assert 'value="2026-08-01"' in body
    assert 'value="90"' in body
    assert plan_of(contract) == []
