"""Coaching figures on hand-computed examples: weakest stage, velocity, hygiene,
calibration."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reports.metrics.calibration import calibration, wilson
from reports.metrics.coaching import (
    OutcomeRow,
    StageRates,
    results,
    sales_velocity,
    stage_rates,
    weakest_stage,
)
from reports.metrics.funnel import StageInfo
from reports.metrics.hygiene import HygieneCounts, Part, hygiene, recency

STAGES = [StageInfo(1, 1), StageInfo(2, 2), StageInfo(3, 3)]
AVERAGE_WON = Decimal(100_000)


def team_rates() -> list[StageRates]:
    # Team: 60 → 40 (67 %), 50 → 30 (60 %), 30 → 15 won (50 %); of the 30 that
    # reached stage 3, 15 were won and 15 lost.
    return [
        StageRates(1, reached=60, advanced=50, won=15, lost=30),
        StageRates(2, reached=50, advanced=30, won=15, lost=25),
        StageRates(3, reached=30, advanced=15, won=15, lost=15),
    ]


def rep_rates(reached_2: int, advanced_2: int) -> list[StageRates]:
    return [
        StageRates(1, reached=25, advanced=reached_2 * 25 // 20, won=3, lost=10),
        StageRates(2, reached=reached_2, advanced=advanced_2, won=3, lost=8),
        StageRates(3, reached=advanced_2, advanced=advanced_2 // 2, won=3, lost=3),
    ]


def test_a_rep_well_below_the_team_at_stage_2_is_flagged_there_with_the_money():
    # 20 deals reached stage 2, 6 went on (30 %) against the team's 60 %.
    rep = rep_rates(20, 6)
    rep[0] = StageRates(1, reached=24, advanced=20, won=3, lost=10)  # 83 %, above
    weakness = weakest_stage(rep, team_rates(), AVERAGE_WON)
    assert weakness is not None
    assert weakness.stage_id == 2
    # 20 × (0.60 − 0.30) × 0.50 (team's win rate from stage 3) × 100,000.
    assert weakness.expected_loss == Decimal("300000.00")
    # z = 0.30 / sqrt(36/70 × 34/70 × (1/20 + 1/50)) ≈ 2.27, one-sided p ≈ 0.012.
    assert 0.010 < weakness.p_value < 0.013


def test_a_rep_with_four_deals_at_the_stage_is_not_flagged():
    rep = [
        StageRates(1, reached=5, advanced=4, won=0, lost=3),
        StageRates(2, reached=4, advanced=0, won=0, lost=3),
        StageRates(3, reached=0, advanced=0, won=0, lost=0),
    ]
    assert weakest_stage(rep, team_rates(), AVERAGE_WON) is None


def test_equal_rates_are_not_flagged():
    team = team_rates()
    assert weakest_stage(team, team, AVERAGE_WON) is None


def test_a_small_gap_on_enough_deals_is_not_significant():
    # 20 deals, 11 went on (55 %) against 60 %: p ≈ 0.35.
    rep = rep_rates(20, 11)
    rep[0] = StageRates(1, reached=24, advanced=20, won=3, lost=10)
    assert weakest_stage(rep, team_rates(), AVERAGE_WON) is None


def test_stage_rates_count_a_deal_at_every_stage_it_reached():
    rows = [
        OutcomeRow(1, "open", 4),
        OutcomeRow(1, "lost", 2),
        OutcomeRow(2, "lost", 3),
        OutcomeRow(3, "open", 1),
        OutcomeRow(98, "won", 2, Decimal(500), cycle_days=50),
    ]
    rates = stage_rates(STAGES, rows)
    assert [r.reached for r in rates] == [12, 6, 3]
    assert [r.advanced for r in rates] == [6, 3, 2]
    assert [r.lost for r in rates] == [5, 3, 0]
    assert [r.won for r in rates] == [2, 2, 2]
    assert rates[0].win_rate == 2 / 7
    figures = results(rows)
    assert figures.win_rate == 2 / 7
    assert figures.average_won_amount == Decimal("250.00")
    assert figures.average_cycle_days == 25


def test_sales_velocity_is_money_per_day():
    # 8 open qualified deals × 50,000 × 25 % ÷ 40 days = 2,500 a day.
    assert sales_velocity(8, Decimal(50_000), 0.25, 40) == Decimal("2500.00")
    assert sales_velocity(8, None, 0.25, 40) is None
    assert sales_velocity(8, Decimal(50_000), 0.25, None) is None


def test_hygiene_is_the_mean_of_its_parts():
    counts = HygieneCounts(
        open_deals=10,
        future_contact=6,
        overdue_contact=2,
        median_days_since_contact=7,
        past_expected_win=1,
        stage_not_backed=3,
        no_competitor_info=5,
    )
    result = hygiene(counts, stale_days=14)
    assert result.parts == {
        Part.FUTURE_CONTACT: 0.6,
        Part.NOT_OVERDUE: 0.8,
        Part.RECENT_CONTACT: 1.0,
        Part.EXPECTED_DATE: 0.9,
        Part.STAGE_BACKED: 0.7,
        Part.COMPETITORS: 0.5,
    }
    assert result.score == 75  # 4.5 / 6


def test_hygiene_leaves_out_parts_that_are_not_counted():
    counts = HygieneCounts(10, 10, 0, 2, 0, None, 0)
    assert Part.STAGE_BACKED not in hygiene(counts, stale_days=14).parts
    assert hygiene(counts, stale_days=14).score == 100
    assert hygiene(HygieneCounts(0, 0, 0, None, 0, 0, 0), stale_days=14).score is None


def test_recency_falls_linearly_to_the_stale_threshold():
    assert recency(10.5, 14) == 0.5
    assert recency(30, 14) == 0.0
    assert recency(None, 14) == 0.0


@given(
    st.integers(1, 500).flatmap(
        lambda n: st.tuples(
            st.just(n),
            *[st.integers(0, n) for _ in range(5)],
            st.one_of(st.none(), st.floats(0, 400)),
        )
    )
)
def test_hygiene_score_is_always_between_0_and_100(values):
    n, future, overdue, past, backed, competitors, median = values
    counts = HygieneCounts(n, future, overdue, median, past, backed, competitors, 0)
    assert 0 <= hygiene(counts, stale_days=14).score <= 100


def test_calibration_counts_a_deal_at_every_stage_it_reached():
    stages = [(StageInfo(1, 1), 20), (StageInfo(2, 2), 50)]
    rows = [
        OutcomeRow(98, "won", 3),
        OutcomeRow(1, "lost", 4),
        OutcomeRow(2, "lost", 3),
        OutcomeRow(2, "open", 5),  # no outcome yet: not counted
    ]
    first, second = calibration(stages, rows)
    # Stage 1: the 3 won, 4 lost there and 3 lost at stage 2 all reached it.
    assert (first.closed, first.won, first.observed) == (10, 3, 0.3)
    assert first.suggested == 30
    low, high = first.interval
    assert round(low, 3) == 0.108 and round(high, 3) == 0.603
    assert first.within is True  # 20 % lies inside
    # Stage 2: 3 won, 3 lost; too few closed deals to suggest a percentage.
    assert (second.closed, second.won, second.observed) == (6, 3, 0.5)
    assert second.suggested is None


@given(
    st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))
)
def test_the_wilson_interval_contains_the_observed_rate(values):
    won, n = values
    low, high = wilson(won, n)
    assert 0 <= low <= won / n <= high <= 1
