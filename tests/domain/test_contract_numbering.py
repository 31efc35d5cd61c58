"""Contract numbers from a configurable pattern (issue 6)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.numbering import PatternError, render, series, validate

YEARLY = "HT-{year}-{seq:04d}"
MONTHLY = "HT{year}{month}-{seq:03d}"
JUNE_15 = date(2026, 6, 15)


def test_the_default_pattern_renders_the_documented_number():
    assert render(YEARLY, on=JUNE_15, seq=1) == "HT-2026-0001"
    assert render(YEARLY, on=JUNE_15, seq=123) == "HT-2026-0123"


def test_padding_follows_the_format_spec_and_never_cuts_a_long_seq():
    assert render("C{seq:06d}", on=JUNE_15, seq=42) == "C000042"
    assert render("C{seq}", on=JUNE_15, seq=42) == "C42"
    assert render(YEARLY, on=JUNE_15, seq=12345) == "HT-2026-12345"


def test_a_yearly_pattern_starts_a_new_series_each_year():
    assert series(YEARLY, on=date(2026, 1, 1)) == series(YEARLY, on=date(2026, 12, 31))
    assert series(YEARLY, on=date(2026, 12, 31)) != series(YEARLY, on=date(2027, 1, 1))
    assert series(YEARLY, on=JUNE_15) == "HT-2026-#"


def test_a_monthly_pattern_starts_a_new_series_each_month():
    assert render(MONTHLY, on=JUNE_15, seq=7) == "HT202606-007"
    assert series(MONTHLY, on=date(2026, 6, 1)) == series(MONTHLY, on=JUNE_15)
    assert series(MONTHLY, on=JUNE_15) != series(MONTHLY, on=date(2026, 7, 1))
    # Same month of another year is another series too.
    assert series(MONTHLY, on=JUNE_15) != series(MONTHLY, on=date(2027, 6, 15))


def test_month_prints_two_digits_and_accepts_a_format_spec():
    january = date(2026, 1, 5)
    assert render("HT{year}{month}-{seq}", on=january, seq=1) == "HT202601-1"
    assert render("HT{year}{month:02d}-{seq}", on=january, seq=1) == "HT202601-1"
    assert render("HT{year}-{month:d}-{seq}", on=january, seq=1) == "HT2026-1-1"
    assert series("HT{year}{month:02d}-{seq}", on=january) == "HT202601-#"


def test_a_pattern_without_year_is_one_series_forever():
    assert series("C{seq:05d}", on=JUNE_15) == series("C{seq:05d}", on=date(2030, 1, 1))


@pytest.mark.parametrize(
    "pattern", [YEARLY, MONTHLY, "C{seq}", "{year}/{seq:05d}", "{year}{month:02d}{seq}"]
)
def test_good_patterns_pass_validation(pattern):
    validate(pattern)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("HT-{year}-0001", "needs a {seq}"),
        ("HT-{year}", "needs a {seq}"),
        ("HT-{customer}-{seq}", "unknown fields: customer"),
        ("HT-{day}-{seq}", "unknown fields: day"),
        ("HT-{year-{seq}", ""),  # unbalanced braces
        ("HT-{seq:x<>4d}", ""),  # a format spec that cannot format
    ],
)
def test_bad_patterns_are_refused(pattern, message):
    with pytest.raises(PatternError, match=message.replace("{", r"\{") or None):
        validate(pattern)


@given(
    st.sampled_from([YEARLY, MONTHLY, "C{seq}", "{year}-{month}-{seq:02d}"]),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(1, 10**6),
    st.integers(1, 10**6),
)
def test_distinct_seq_values_give_distinct_numbers_in_a_series(pattern, on, a, b):
    if a != b:
        assert render(pattern, on=on, seq=a) != render(pattern, on=on, seq=b)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(1, 9999),
)
def test_days_of_one_series_number_alike_and_other_series_never_collide(a, b, seq):
    same_series = series(YEARLY, on=a) == series(YEARLY, on=b)
    assert same_series == (a.year == b.year)
    assert (render(YEARLY, on=a, seq=seq) == render(YEARLY, on=b, seq=seq)) == (
        same_series
    )
