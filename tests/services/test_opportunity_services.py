from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opportunities.models import OpportunityLine, OpportunityStatus, Stage, StageChange
from opportunities.services import (
    activity_log,
    opportunity_close,
    opportunity_refresh_numbers,
    opportunity_reopen,
    opportunity_save,
)
from tests.factories import (
    CompetitorFactory,
    ContactFactory,
    CustomerFactory,
    OpportunityFactory,
)


def stage_at(percentage: int) -> Stage:
    return Stage.objects.get(percentage=percentage, kind="open")


@pytest.mark.parametrize(
    ("competitors", "probability"),
    [(0, Decimal("0.4")), (1, Decimal("0.25")), (3, Decimal("0.125"))],
)
def test_stored_numbers_follow_stage_and_competitors(alice, competitors, probability):
    deal = OpportunityFactory(owner=alice, amount=Decimal("200000"), stage=stage_at(50))
    deal.competitors.set(CompetitorFactory.create_batch(competitors))
    opportunity_refresh_numbers(opportunity=deal)
    deal.refresh_from_db()
    assert deal.win_probability == probability
    assert deal.weighted_amount == Decimal("200000") * probability


def test_lines_drive_the_amount(alice):
    deal = OpportunityFactory(owner=alice, amount=Decimal("1"))
    OpportunityLine.objects.create(
        opportunity=deal, description="服务器", quantity=2, unit_price=Decimal("30000")
    )
    OpportunityLine.objects.create(
        opportunity=deal, description="实施", quantity=1, unit_price=Decimal("15000.50")
    )
    opportunity_refresh_numbers(opportunity=deal)
    deal.refresh_from_db()
    assert deal.amount == Decimal("75000.50")


def test_the_amount_is_the_sum_of_the_line_totals_shown_rounded_half_up(alice):
    deal = OpportunityFactory(owner=alice, amount=Decimal("1"))
    for quantity, price in [("1.5", "0.03"), ("1.5", "0.03"), ("2.5", "10.01")]:
        OpportunityLine.objects.create(
            opportunity=deal,
            description="耗材",
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
        )
    opportunity_refresh_numbers(opportunity=deal)
    deal.refresh_from_db()
    totals = [line.total for line in deal.lines.all()]
    # 0.045 and 25.025 round up, as on an invoice (四舍五入).
    assert totals == [Decimal("0.05"), Decimal("0.05"), Decimal("25.03")]
    assert deal.amount == sum(totals) == Decimal("25.13")


def test_creating_records_the_first_stage_in_history(alice):
    deal = OpportunityFactory.build(owner=alice, customer=CustomerFactory(owner=alice))
    deal.stage = None
    opportunity_save(opportunity=deal, by=alice)
    change = StageChange.objects.get(opportunity=deal)
    assert change.from_stage is None and change.to_stage == Stage.objects.first_open()
    assert change.changed_by == alice


def test_lost_needs_a_reason_and_changes_nothing_without_one(alice):
    deal = OpportunityFactory(owner=alice)
    with pytest.raises(ValidationError):
        opportunity_close(opportunity=deal, by=alice, won=False, lost_reason="  ")
    deal.refresh_from_db()
    assert deal.status == OpportunityStatus.OPEN


def test_won_then_reopened_is_recorded_both_ways(alice):
    deal = OpportunityFactory(owner=alice, amount=Decimal("1000"))
    opportunity_close(opportunity=deal, by=alice, won=True)
    deal.refresh_from_db()
    assert (deal.status, deal.win_probability, deal.weighted_amount) == (
        OpportunityStatus.WON,
        Decimal("1"),
        Decimal("1000"),
    )
    opportunity_reopen(opportunity=deal, by=alice)
    statuses = list(
        StageChange.objects.filter(opportunity=deal)
        .order_by("id")
        .values_list("from_status", "to_status")
    )
    assert statuses == [("open", "won"), ("won", "open")]


def test_follow_up_sets_dates_on_deal_and_customer(alice):
    deal = OpportunityFactory(owner=alice)
    contact = ContactFactory(customer=deal.customer)
    next_time = timezone.now() + timedelta(days=2)
    activity_log(
        by=alice,
        customer=deal.customer,
        opportunity=deal,
        contact=contact,
        kind="visit",
        summary="Demo at their office",
        next_contact_at=next_time,
    )
    deal.refresh_from_db()
    deal.customer.refresh_from_db()
    assert deal.next_contact_at == next_time == deal.customer.next_contact_at
    assert deal.last_contact_at == deal.customer.last_contact_at


def test_follow_up_refuses_a_contact_of_another_customer(alice):
    deal = OpportunityFactory(owner=alice)
    stranger = ContactFactory()
    with pytest.raises(ValidationError):
        activity_log(
            by=alice, customer=deal.customer, contact=stranger, kind="call", summary="x"
        )


def test_conversion_carries_the_lead_follow_ups_to_the_customer(alice):
    from leads.services import lead_log_activity
    from opportunities.conversion import lead_convert
    from opportunities.models import Activity
    from tests.factories import LeadFactory

    lead = LeadFactory(owner=alice)
    next_time = timezone.now() + timedelta(days=1)
    lead_log_activity(
        lead=lead, by=alice, kind="call", summary="首次电话", next_contact_at=next_time
    )
    result = lead_convert(
        lead=lead,
        by=alice,
        contact_fields={"name": "王经理"},
        customer_fields={"legal_name": "转化测试有限公司"},
        opportunity_fields={"name": "First deal"},
    )
    carried = Activity.objects.get(customer=result.customer)
    assert (carried.summary, carried.contact, carried.opportunity) == (
        "首次电话",
        result.contact,
        result.opportunity,
    )
    result.customer.refresh_from_db()
    assert result.customer.next_contact_at == next_time
    assert lead.activities.count() == 1
