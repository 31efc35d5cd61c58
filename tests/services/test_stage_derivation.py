"""`derived_stage` maps the engine's answer back to rows, for any configuration."""

from hypothesis import given
from hypothesis import strategies as st

from opportunities.models import DeterminationMode, JudgmentCriterion, Stage
from opportunities.stage_derivation import derived_stage


@st.composite
def funnels(draw):
    """Unsaved stages and criteria in checklist order, plus a set of ticks."""
    orders = sorted(draw(st.sets(st.integers(1, 1000), min_size=1, max_size=6)))
    checklist = []
    for order in orders:
        stage = Stage(pk=order, order=order, percentage=min(order, 99))
        for index in range(draw(st.integers(3, 5))):
            checklist.append(
                JudgmentCriterion(pk=order * 10 + index, stage=stage, order=index)
            )
    met = draw(st.sets(st.sampled_from([c.pk for c in checklist])))
    return checklist, met


@given(funnels())
def test_mode_b_is_decided_by_the_last_criterion_of_the_ticked_prefix(funnel):
    checklist, met = funnel
    first = checklist[0].stage
    stage, deciding = derived_stage(checklist, met, DeterminationMode.CHECKLIST, first)
    prefix = 0
    while prefix < len(checklist) and checklist[prefix].pk in met:
        prefix += 1
    assert deciding == (checklist[prefix - 1] if prefix else None)
    assert stage == (deciding.stage if deciding else first)


@given(funnels())
def test_mode_a_is_decided_by_a_met_criterion_of_the_highest_met_stage(funnel):
    checklist, met = funnel
    first = checklist[0].stage
    stage, deciding = derived_stage(checklist, met, DeterminationMode.PER_STAGE, first)
    met_rows = [c for c in checklist if c.pk in met]
    if not met_rows:
        assert (stage, deciding) == (first, None)
        return
    assert stage.order == max(c.stage.order for c in met_rows)
    assert deciding.pk in met and deciding.stage == stage
