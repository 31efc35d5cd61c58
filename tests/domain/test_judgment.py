"""Stage derivation in both determination modes (docs/PRODUCT.md §3)."""

from hypothesis import given
from hypothesis import strategies as st

from opportunities.judgment import (
    Criterion,
    stage_by_checklist,
    stage_per_stage,
    unbroken_prefix,
)

# Three stages (orders 1, 2, 3) with two criteria each, in checklist order.
CHECKLIST = [
    Criterion(11, 1),
    Criterion(12, 1),
    Criterion(21, 2),
    Criterion(22, 2),
    Criterion(31, 3),
    Criterion(32, 3),
]
BY_ID = {c.id: c for c in CHECKLIST}


def test_no_criterion_met_means_the_first_stage_in_both_modes():
    assert stage_per_stage([], first_stage=1) == 1
    assert stage_by_checklist(CHECKLIST, set(), first_stage=1) == 1


def test_mode_a_takes_the_highest_stage_with_a_met_criterion():
    assert stage_per_stage([BY_ID[11], BY_ID[31]], first_stage=1) == 3
    assert stage_per_stage([BY_ID[22]], first_stage=1) == 2


def test_mode_b_stops_at_the_first_gap():
    # Ticking 1, 2 and 4 puts the deal at criterion 2's stage...
    assert stage_by_checklist(CHECKLIST, {11, 12, 22}, first_stage=1) == 1
    # ...ticking 3 closes the gap and moves it to criterion 4's stage.
    assert stage_by_checklist(CHECKLIST, {11, 12, 21, 22}, first_stage=1) == 2


def test_mode_b_all_ticked_reaches_the_last_stage():
    assert stage_by_checklist(CHECKLIST, set(BY_ID), first_stage=1) == 3


def test_unbroken_prefix_counts_from_the_top():
    assert unbroken_prefix(CHECKLIST, {11, 12, 22}) == 2
    assert unbroken_prefix(CHECKLIST, {12}) == 0


met_sets = st.sets(st.sampled_from(sorted(BY_ID)))


@given(met_sets, met_sets)
def test_ticking_more_never_moves_a_deal_back(met, extra):
    assert stage_per_stage(
        [BY_ID[i] for i in met | extra], first_stage=1
    ) >= stage_per_stage([BY_ID[i] for i in met], first_stage=1)
    assert stage_by_checklist(CHECKLIST, met | extra, 1) >= stage_by_checklist(
        CHECKLIST, met, 1
    )


@given(met_sets)
def test_checklist_stage_never_passes_the_per_stage_answer(met):
    # Mode B only counts the unbroken prefix, so it is never ahead of mode A.
    assert stage_by_checklist(CHECKLIST, met, 1) <= stage_per_stage(
        [BY_ID[i] for i in met], first_stage=1
    )


@given(met_sets)
def test_checklist_stage_is_the_stage_of_the_last_prefix_criterion(met):
    prefix = unbroken_prefix(CHECKLIST, met)
    expected = CHECKLIST[prefix - 1].stage if prefix else 1
    assert stage_by_checklist(CHECKLIST, met, 1) == expected


# Any valid configuration: 1–6 open stages with sparse, rising orders (an admin
# may number them 1, 2, 98), each with 3–5 criteria; and any set of ticks.
@st.composite
def configurations(draw):
    orders = sorted(
        draw(st.sets(st.integers(1, 1000), min_size=1, max_size=6)),
    )
    checklist = []
    for order in orders:
        for index in range(draw(st.integers(3, 5))):
            checklist.append(Criterion(order * 10 + index, order))
    met = draw(st.sets(st.sampled_from([c.id for c in checklist])))
    return checklist, met


@given(configurations())
def test_any_configuration_gives_a_configured_stage_or_the_first(configuration):
    checklist, met = configuration
    first = checklist[0].stage
    stages = {c.stage for c in checklist}
    by_checklist = stage_by_checklist(checklist, met, first)
    per_stage = stage_per_stage([c for c in checklist if c.id in met], first)
    assert by_checklist in stages and per_stage in stages
    assert by_checklist <= per_stage
    prefix = unbroken_prefix(checklist, met)
    expected = checklist[prefix - 1].stage if prefix else first
    assert by_checklist == expected


@given(configurations(), st.data())
def test_in_any_configuration_a_tick_after_a_gap_moves_nothing(configuration, data):
    checklist, met = configuration
    prefix = unbroken_prefix(checklist, met)
    beyond_gap = [c.id for c in checklist[prefix + 1 :] if c.id not in met]
    if not beyond_gap:
        return
    extra = data.draw(st.sampled_from(beyond_gap))
    first = checklist[0].stage
    assert stage_by_checklist(checklist, met | {extra}, first) == stage_by_checklist(
        checklist, met, first
    )


@given(configurations())
def test_in_any_configuration_closing_the_first_gap_never_moves_back(configuration):
    checklist, met = configuration
    prefix = unbroken_prefix(checklist, met)
    if prefix == len(checklist):
        return
    first = checklist[0].stage
    closed = met | {checklist[prefix].id}
    assert unbroken_prefix(checklist, closed) > prefix
    assert stage_by_checklist(checklist, closed, first) >= stage_by_checklist(
        checklist, met, first
    )
