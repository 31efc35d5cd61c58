"""The report figures on hand-computed examples."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reports.metrics.behaviour import grid, per_deal, share, week_starts
from reports.metrics.forecast import (
    ForecastMonth,
    accuracy,
    accuracy_rows,
    bias,
    by_quarter,
)
from reports.metrics.funnel import (
    DaysRow,
    FurthestRow,
    StageInfo,
    conversion,
    flow,
    median_from_histogram,
    win_rate,
)
from reports.metrics.periods import Period, resolve
from reports.metrics.targets import attainment, rank_within, running_totals

STAGES = [StageInfo(1, 1), StageInfo(2, 2), StageInfo(3, 3)]


def test_a_deal_reaches_every_stage_below_the_furthest_it_got():
    # 5 deals stopped at stage 1, 3 at stage 2, 2 at stage 3 (or won).
    furthest = [
        FurthestRow(1, 5, Decimal(500)),
        FurthestRow(2, 3, Decimal(300)),
        FurthestRow(3, 1, Decimal(100)),
        FurthestRow(98, 1, Decimal(100)),  # won: beyond every open stage
    ]
    steps = flow(STAGES, furthest)
    assert [s.reached for s in steps] == [10, 5, 2]
    assert [s.amount for s in steps] == [Decimal(1000), Decimal(500), Decimal(200)]
    assert [s.conversion for s in steps] == [0.5, 0.4, None]
    # Told how many were won, the last stage converts to a win: 1 of 2.
    assert flow(STAGES, furthest, won=1)[-1].conversion == 0.5


def test_a_stage_nobody_reached_has_no_conversion():
    steps = flow(STAGES, [FurthestRow(1, 4, Decimal(0))])
    assert [s.reached for s in steps] == [4, 0, 0]
    assert steps[1].conversion is None
    assert conversion(0, 0) is None


def test_median_days_in_stage_from_the_day_counts():
    # Stage 1 stays: 2, 4, 4, 10 days → median (4 + 4) / 2 = 4.
    # Stage 2 stays: 1, 3, 8 days → median 3.
    days = [
        DaysRow(1, 2, 1),
        DaysRow(1, 4, 2),
        DaysRow(1, 10, 1),
        DaysRow(2, 8, 1),
        DaysRow(2, 1, 1),
        DaysRow(2, 3, 1),
    ]
    steps = flow(STAGES, [FurthestRow(3, 4, Decimal(0))], days)
    assert [s.median_days for s in steps] == [4, 3, None]


def test_median_of_an_even_count_averages_the_middle_pair():
    assert median_from_histogram([(1, 1), (6, 1)]) == 3.5
    assert median_from_histogram([]) is None
    assert median_from_histogram([(7, 0)]) is None


@given(st.lists(st.integers(0, 400), min_size=1, max_size=60))
def test_median_from_counts_equals_the_median_of_the_values(values):
    ordered = sorted(values)
    n = len(ordered)
    expected = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    pairs = [(v, values.count(v)) for v in set(values)]
    assert median_from_histogram(pairs) == expected


def test_win_rate_counts_closed_deals_only():
    assert win_rate(3, 1) == 0.75
    assert win_rate(0, 0) is None


def test_forecast_accuracy_and_bias():
    # Forecast 80, won 100: 20 short of the larger → 80 % accurate, 20 % under.
    assert accuracy(Decimal(80), Decimal(100)) == 0.8
    assert bias(Decimal(80), Decimal(100)) == -0.2
    # Forecast 100, won 50: half right, over-forecast by half.
    assert accuracy(Decimal(100), Decimal(50)) == 0.5
    assert bias(Decimal(100), Decimal(50)) == 0.5
    assert accuracy(Decimal(0), Decimal(0)) == 1.0
    assert bias(Decimal(0), Decimal(0)) == 0.0
    assert accuracy(Decimal(0), Decimal(10)) == 0.0


def test_accuracy_rows_cover_keys_on_either_side():
    rows = accuracy_rows({"a": Decimal(10)}, {"b": Decimal(5)})
    assert [(r.key, r.forecast, r.actual) for r in rows] == [
        ("a", Decimal(10), Decimal(0)),
        ("b", Decimal(0), Decimal(5)),
    ]
    assert [r.bias for r in rows] == [1.0, -1.0]


def test_months_add_up_to_quarters():
    months = [
        ForecastMonth(date(2026, 11, 1), weighted=Decimal(10), target=Decimal(50)),
        ForecastMonth(date(2026, 12, 1), weighted=Decimal(5), won=Decimal(7)),
        ForecastMonth(date(2027, 1, 1), best_case=Decimal(9)),
    ]
    q4, q1 = by_quarter(months)
    assert (q4.quarter, q4.weighted, q4.won, q4.target) == (
        date(2026, 10, 1),
        Decimal(15),
        Decimal(7),
        Decimal(50),
    )
    assert (q1.quarter, q1.best_case, q1.target) == (date(2027, 1, 1), 9, None)


def test_attainment_and_running_totals():
    assert attainment(Decimal(75), Decimal(100)) == 0.75
    assert attainment(Decimal(75), None) is None
    assert attainment(Decimal(75), Decimal(0)) is None
    assert running_totals([Decimal(1), None, Decimal(3)]) == [1, 1, 4]


def test_ranks_are_within_each_team_and_ties_share_a_rank():
    ranked = rank_within(
        [
            ("alice", "east", Decimal(50)),
            ("bob", "east", Decimal(90)),
            ("kate", "east", Decimal(50)),
            ("olivia", "north", Decimal(10)),
        ]
    )
    assert [(r.key, r.rank) for r in ranked] == [
        ("alice", 2),
        ("bob", 1),
        ("kate", 2),
        ("olivia", 1),
    ]


def test_period_presets():
    today = date(2026, 12, 4)
    assert resolve("this_month", today) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert resolve("last_month", today) == Period(date(2026, 11, 1), date(2026, 11, 30))
    assert resolve("this_quarter", today) == Period(
        date(2026, 10, 1), date(2026, 12, 31)
    )
    assert resolve("this_year", today).months()[0] == date(2026, 1, 1)
    assert len(resolve("this_year", today).months()) == 12
    custom = resolve("custom", today, date(2026, 3, 9), date(2026, 2, 27))
    assert custom == Period(date(2026, 2, 27), date(2026, 3, 9))
    assert custom.months() == [date(2026, 2, 1), date(2026, 3, 1)]
    # A custom range without its days falls back to this month.
    assert resolve("custom", today) == resolve("this_month", today)


def test_behaviour_ratios_and_grid():
    assert share(3, 12) == 0.25
    assert share(0, 0) is None
    assert per_deal(9, 3) == 3
    assert per_deal(9, 0) is None
    assert week_starts(date(2026, 12, 2), date(2026, 12, 14)) == [
        date(2026, 11, 30),
        date(2026, 12, 7),
        date(2026, 12, 14),
    ]
    assert grid(
        [("w1", "call", 2), ("w2", "visit", 1)], ["w1", "w2"], ["call", "visit"]
    ) == [
        [2, 0],
        [0, 1],
    ]


@given(
    st.lists(st.tuples(st.sampled_from([1, 2, 3, 98]), st.integers(0, 50)), max_size=12)
)
def test_reached_never_grows_down_the_funnel_and_conversion_stays_in_range(rows):
    furthest = [FurthestRow(order, deals, Decimal(deals)) for order, deals in rows]
    steps = flow(STAGES, furthest)
    reached = [s.reached for s in steps]
    assert reached == sorted(reached, reverse=True)
    assert reached[0] == sum(deals for _order, deals in rows)
    assert all(s.conversion is None or 0 <= s.conversion <= 1 for s in steps)
