"""Win probability = stage percentage × competition factor (docs/PRODUCT.md §4)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opportunities.probability import (
    competition_factor,
    weighted_amount,
    win_probability,
)


@pytest.mark.parametrize(
    ("competitors", "expected"),
    [(0, Decimal("0.4")), (1, Decimal("0.25")), (3, Decimal("0.125"))],
)
def test_a_50_percent_stage_matches_the_documented_examples(competitors, expected):
    assert win_probability(50, competitors) == expected


def test_default_table_none_one_then_one_over_n_plus_one():
    assert competition_factor(0) == Decimal("0.8")
    assert competition_factor(1) == Decimal("0.5")
    assert competition_factor(4) == Decimal(1) / 5


def test_an_edited_table_replaces_the_defaults():
    table = {0: Decimal("0.9"), 1: Decimal("0.6"), 2: Decimal("0.4")}
    assert win_probability(50, 2, table) == Decimal("0.2")
    assert win_probability(50, 3, table) == Decimal("0.125")


def test_weighted_amount_rounds_to_cents():
    assert weighted_amount(Decimal("100000.00"), Decimal("0.25")) == Decimal("25000.00")
    assert weighted_amount(Decimal("0.03"), Decimal("0.5")) == Decimal("0.02")


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        competition_factor(-1)
    with pytest.raises(ValueError):
        win_probability(101, 0)


@given(st.integers(0, 100), st.integers(0, 50))
def test_more_competitors_never_raise_the_probability(percentage, competitors):
    assert win_probability(percentage, competitors + 1) <= win_probability(
        percentage, competitors
    )


@given(st.integers(0, 99), st.integers(0, 50))
def test_a_later_stage_never_lowers_the_probability(percentage, competitors):
    assert win_probability(percentage + 1, competitors) >= win_probability(
        percentage, competitors
    )


@given(st.integers(0, 100), st.integers(0, 50))
def test_probability_is_a_fraction(percentage, competitors):
    assert Decimal(0) <= win_probability(percentage, competitors) <= Decimal(1)
