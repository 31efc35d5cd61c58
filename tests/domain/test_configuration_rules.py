"""The rules a funnel configuration keeps (docs/PRODUCT.md §3, §4), on plain data."""

from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from opportunities.configuration_rules import (
    MAX_OPEN_STAGES,
    StageRow,
    competition_problems,
    criteria_problems,
    new_problems,
    stage_set_problems,
)
from opportunities.probability import DEFAULT_COMPETITION_TABLE, competition_factor

WON = StageRow("Won", 98, 100, "won")
LOST = StageRow("Lost", 99, 0, "lost")


def funnel(*percentages: int) -> list[StageRow]:
    opens = [
        StageRow(f"Stage {i}", i, pct, "open")
        for i, pct in enumerate(percentages, start=1)
    ]
    return [*opens, WON, LOST]


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_the_default_funnel_is_sound():
    assert stage_set_problems(funnel(10, 25, 50, 75, 90)) == []


def test_six_open_stages_are_allowed_and_seven_are_not():
    assert stage_set_problems(funnel(10, 20, 30, 40, 50, 60)) == []
    problems = stage_set_problems(funnel(10, 20, 30, 40, 50, 60, 70))
    assert codes(problems) == ["too_many_open"]
    assert problems[0].values == {"count": 7, "max": MAX_OPEN_STAGES}


def test_a_falling_percentage_names_both_stages():
    problems = stage_set_problems(funnel(10, 60, 50, 75))
    assert codes(problems) == ["not_rising"]
    assert problems[0].values == {
        "name": "Stage 3",
        "order": 3,
        "percentage": 50,
        "prev_name": "Stage 2",
        "prev_order": 2,
        "prev_percentage": 60,
    }


def test_equal_percentages_do_not_rise():
    assert codes(stage_set_problems(funnel(10, 25, 25))) == ["not_rising"]


def test_the_order_decides_not_the_listing():
    stages = list(reversed(funnel(10, 25, 50)))
    assert stage_set_problems(stages) == []


def test_open_percentages_lie_strictly_between_0_and_100():
    assert codes(stage_set_problems(funnel(0, 50))) == ["open_percentage_range"]
    assert codes(stage_set_problems(funnel(50, 100))) == ["open_percentage_range"]


def test_won_and_lost_are_required_once_each_with_their_percentages():
    opens = funnel(10, 50)[:2]
    assert codes(stage_set_problems([*opens, LOST])) == ["missing_won"]
    assert codes(stage_set_problems([*opens, WON])) == ["missing_lost"]
    second_won = StageRow("Signed", 97, 100, "won")
    problems = stage_set_problems([*opens, second_won, WON, LOST])
    assert codes(problems) == ["duplicate_won"]
    assert problems[0].values["names"] == ("Signed", "Won")
    wrong = StageRow("Won", 98, 90, "won")
    assert codes(stage_set_problems([*opens, wrong, LOST])) == ["won_percentage"]
    wrong = StageRow("Lost", 99, 5, "lost")
    assert codes(stage_set_problems([*opens, WON, wrong])) == ["lost_percentage"]


def test_won_and_lost_come_after_every_open_stage():
    stages = [*funnel(10, 50), StageRow("Late", 100, 90, "open")]
    assert codes(stage_set_problems(stages)) == ["won_not_last", "lost_not_last"]


def test_a_funnel_needs_an_open_stage():
    assert codes(stage_set_problems([WON, LOST])) == ["no_open_stage"]


def test_open_stages_need_three_to_five_criteria():
    stage = StageRow("Evaluating", 3, 50, "open")
    assert codes(criteria_problems(stage, 2)) == ["too_few_criteria"]
    assert criteria_problems(stage, 3) == []
    assert criteria_problems(stage, 5) == []
    assert codes(criteria_problems(stage, 6)) == ["too_many_criteria"]
    assert criteria_problems(stage, 6)[0].values == {"name": "Evaluating", "count": 6}


def test_won_and_lost_need_no_criteria():
    assert criteria_problems(WON, 0) == []
    assert criteria_problems(LOST, 0) == []


@given(
    st.lists(
        st.integers(min_value=1, max_value=99),
        min_size=1,
        max_size=MAX_OPEN_STAGES,
        unique=True,
    )
)
def test_any_strictly_rising_funnel_is_sound(percentages):
    assert stage_set_problems(funnel(*sorted(percentages))) == []


@given(
    st.lists(
        st.integers(min_value=1, max_value=99),
        min_size=2,
        max_size=MAX_OPEN_STAGES,
        unique=True,
    ),
    st.data(),
)
def test_swapping_two_percentages_is_always_refused(percentages, data):
    ordered = sorted(percentages)
    i = data.draw(st.integers(0, len(ordered) - 2))
    j = data.draw(st.integers(i + 1, len(ordered) - 1))
    ordered[i], ordered[j] = ordered[j], ordered[i]
    assert "not_rising" in codes(stage_set_problems(funnel(*ordered)))


def test_the_default_competition_table_is_sound():
    assert competition_problems(DEFAULT_COMPETITION_TABLE) == []
    assert competition_problems({}) == []


def test_a_factor_rising_with_more_competitors_is_refused():
    problems = competition_problems({0: Decimal("0.5"), 1: Decimal("0.6")})
    assert codes(problems) == ["factor_rises"]
    assert problems[0].values == {
        "competitors": 1,
        "factor": Decimal("0.6"),
        "in_table": True,
        "prev_competitors": 0,
        "prev_factor": Decimal("0.5"),
    }


def test_the_one_over_n_plus_one_fallback_counts_too():
    # With one competitor at 20%, two (not in the table) would get 1/3.
    problems = competition_problems({0: Decimal("0.8"), 1: Decimal("0.2")})
    assert codes(problems) == ["factor_rises"]
    assert problems[0].values["competitors"] == 2
    assert problems[0].values["in_table"] is False


def test_factors_outside_0_to_1_are_refused():
    assert codes(competition_problems({0: Decimal("1.5")})) == ["factor_range"]


@given(
    st.lists(
        st.decimals(min_value=Decimal("0.5"), max_value=1, places=4),
        min_size=1,
        max_size=8,
    )
)
def test_a_falling_table_above_the_fallback_is_sound(factors):
    # Rows for 0..n-1 competitors, falling, all at least 1/2 (what one
    # competitor would get without a row), so never below the fallback.
    ordered = sorted(factors, reverse=True)
    assert competition_problems(dict(enumerate(ordered))) == []


@given(st.dictionaries(st.integers(0, 10), st.decimals(0, 1, places=4), max_size=6))
def test_a_table_is_sound_exactly_when_its_effective_factors_never_rise(table):
    top = max(table, default=-1) + 1
    effective = [competition_factor(n, table) for n in range(top + 1)]
    never_rises = all(b <= a for a, b in pairwise(effective))
    assert (competition_problems(table) == []) == never_rises


def test_only_the_problems_an_edit_introduces_count():
    before = stage_set_problems(funnel(10, 60, 50))
    after_rename = stage_set_problems(
        [StageRow("Renamed", 1, 10, "open"), *funnel(10, 60, 50)[1:]]
    )
    assert new_problems(before, after_rename) == []
    after_worse = stage_set_problems(funnel(10, 60, 40))
    assert codes(new_problems(before, after_worse)) == ["not_rising"]
