from django.core.management import call_command

from users.models import Role, User
from users.visibility import visible_users


def test_seed_demo_creates_the_documented_logins_and_is_idempotent(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    names = set(User.objects.values_list("username", flat=True))
    expected = {"admin", "manager1", "manager2"} | {f"sales{i}" for i in range(1, 7)}
    assert names == expected
    for username in expected:
        assert User.objects.get(username=username).check_password("demo12345")
    assert "sales6" in capsys.readouterr().out


def test_demo_managers_see_exactly_their_three_salespeople(db):
    call_command("seed_demo")
    manager1 = User.objects.get(username="manager1")
    manager2 = User.objects.get(username="manager2")
    sales = lambda m: {  # noqa: E731
        u.username for u in visible_users(m) if u.role == Role.SALESPERSON
    }
    assert sales(manager1) == {"sales1", "sales2", "sales3"}
    assert sales(manager2) == {"sales4", "sales5", "sales6"}
    assert User.objects.get(username="admin").is_admin


def test_seed_demo_fills_the_chain_with_bilingual_data_once(db):
    from customers.credit_code import credit_code_error
    from customers.models import Contact, Customer
    from leads.models import Lead
    from opportunities.models import Activity, Opportunity

    call_command("seed_demo")
    counts = [
        m.objects.count() for m in (Lead, Customer, Contact, Opportunity, Activity)
    ]
    call_command("seed_demo")
    assert [
        m.objects.count() for m in (Lead, Customer, Contact, Opportunity, Activity)
    ] == counts
    assert all(count > 10 for count in counts)
    assert Lead.objects.filter(owner__isnull=True).exists()  # the shared pool
    assert Customer.objects.filter(legal_name__contains="有限公司").exists()
    assert Customer.objects.filter(legal_name__contains="Co., Ltd.").exists()
    assert all(credit_code_error(c.credit_code) is None for c in Customer.objects.all())
    deals = Opportunity.objects.all()
    assert {d.status for d in deals} >= {"open", "won"}
    assert all(d.lines.exists() and d.amount > 0 for d in deals)


def test_demo_deals_stand_where_their_ticked_criteria_put_them(db):
    from opportunities.models import Opportunity
    from opportunities.stage_derivation import derived_stage, open_checklist

    call_command("seed_demo")
    checklist = open_checklist()
    for deal in Opportunity.objects.open().select_related("stage"):
        met = set(deal.met_criteria.values_list("criterion_id", flat=True))
        assert derived_stage(checklist, met, "A")[0] == deal.stage


def test_seed_demo_tells_a_contract_and_receivables_story_once(db, capsys):
    from django.db.models import F, Sum
    from django.utils import timezone

    from contracts.models import Contract, ContractEvent, ContractStatus
    from contracts.parts import contract_parts
    from contracts.workflow import Part
    from payments.models import Installment, Invoice, Payment

    models = (Contract, ContractEvent, Installment, Payment, Invoice)
    call_command("seed_demo")
    counts = [m.objects.count() for m in models]
    capsys.readouterr()
    call_command("seed_demo")
    assert [m.objects.count() for m in models] == counts
    assert "0 new contracts, 0 installments, 0 payments, 0 invoices" in (
        capsys.readouterr().out
    )

    statuses = list(Contract.objects.values_list("status", flat=True))
    assert set(statuses) == set(ContractStatus.values)
    receiving = Contract.objects.receiving()
    assert receiving.count() > len(statuses) / 2  # most are signed
    assert Contract.objects.get(status="void").void_reason
    for contract in receiving.select_related("opportunity"):
        planned = contract.installments.aggregate(total=Sum("amount"))["total"]
        assert planned == contract.amount, contract.number
        assert contract.opportunity.status == "won"
        approval = contract.events.get(action="approve")
        assert contract_parts(contract, approval.by) == {Part.APPROVER}
        assert contract.events.get(action="sign").by == contract.owner
    for contract in Contract.objects.filter(status="completed"):
        assert not contract.installments.unpaid().exists()
    assert not Installment.objects.filter(paid_amount__gt=F("amount")).exists()
    assert Installment.objects.filter(paid_amount=0).exists()
    assert Installment.objects.filter(paid_amount__gt=0).unpaid().exists()
    assert Installment.objects.receivable().overdue(timezone.localdate()).exists()
    assert {i.status for i in Invoice.objects.all()} == {"issued", "delivered", "void"}
    assert all(
        len(number) == 8 for number in Invoice.objects.values_list("number", flat=True)
    )


def test_seed_demo_never_reopens_a_demo_login_that_was_changed(db):
    call_command("seed_demo")
    admin = User.objects.get(username="admin")
    admin.set_password("a-long-private-passphrase")
    admin.is_superuser = False
    admin.save()
    sales1 = User.objects.get(username="sales1")
    sales1.is_active = False
    sales1.save()

    call_command("seed_demo")

    admin.refresh_from_db()
    sales1.refresh_from_db()
    assert admin.check_password("a-long-private-passphrase")
    assert not admin.check_password("demo12345")
    assert not admin.is_superuser
    assert not sales1.is_active


def test_seed_demo_keeps_a_reorganised_team(db):
    from users.models import Team

    call_command("seed_demo")
    east = Team.objects.get(name="华东销售部")
    east.managers.clear()

    call_command("seed_demo")

    assert not east.managers.exists()
