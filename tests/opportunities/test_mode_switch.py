"""Switching the funnel mode in admin: a preview first, and B → A undone.

Switching to mode B re-places open deals by their ticks; the admin first
lists the deals that will move. Switching back to A puts each deal moved only
by that switch back in its hand-placed stage; a deal moved since stays.
"""

import pytest

from opportunities.models import DeterminationMode, FunnelSettings, StageChange
from tests.opportunities.admin_posts import change_url, stage_by_order
from tests.opportunities.test_admin_config import deal_in, eager_recompute  # noqa: F401

SAVE = {"_save": "Save"}


def switch(admin_client, mode: str, *, confirm: bool, **kwargs):
    data = {"mode": mode, **SAVE}
    if confirm:
        data["apply_mode_switch"] = "1"
    return admin_client.post(change_url(FunnelSettings.load()), data, **kwargs)


def test_the_switch_to_b_is_previewed_and_changes_nothing_until_confirmed(
    admin_client, alice
):
    placed = deal_in(stage_by_order(4), owner=alice, name="Hand-placed MES")
    stays = deal_in(stage_by_order(1), owner=alice, name="Early deal")

    preview = switch(admin_client, "B", confirm=False)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "1 open deal will move:" in page
    assert "Hand-placed MES" in page
    assert stays.name not in page
    assert 'name="apply_mode_switch"' in page
    assert FunnelSettings.load().mode == DeterminationMode.PER_STAGE
    placed.refresh_from_db()
    assert placed.stage == stage_by_order(4)


def test_switching_back_to_a_restores_hand_placed_stages_unless_moved_since(
    admin_client,
    alice,
    eager_recompute,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    placed = deal_in(stage_by_order(4), owner=alice, name="Placed")
    moved_since = deal_in(stage_by_order(3), owner=alice, name="Moved since")
    with django_capture_on_commit_callbacks(execute=True):
        switch(admin_client, "B", confirm=True)
    placed.refresh_from_db()
    moved_since.refresh_from_db()
    assert placed.stage == moved_since.stage == stage_by_order(1)

    # In mode B, alice ticks her way forward on one deal.
    FunnelSettings.objects.update(mode=DeterminationMode.CHECKLIST)
    StageChange.objects.create(
        opportunity=moved_since,
        from_stage=stage_by_order(1),
        to_stage=stage_by_order(2),
        from_status="open",
        to_status="open",
        changed_by=alice,
        cause="criterion",
    )
    moved_since.stage = stage_by_order(2)
    moved_since.save(update_fields=["stage"])

    preview = switch(admin_client, "A", confirm=False)
    page = preview.content.decode()
    assert "1 open deal will move:" in page
    assert "Placed" in page
    assert "Moved since" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = switch(admin_client, "A", confirm=True, follow=True)
    assert "1 deal went back to the stage it had before mode B." in (
        response.content.decode()
    )
    placed.refresh_from_db()
    moved_since.refresh_from_db()
    assert placed.stage == stage_by_order(4)
    assert moved_since.stage == stage_by_order(2)
    back = placed.stage_changes.latest("id")
    assert (back.from_stage, back.to_stage, back.cause, back.changed_by.username) == (
        stage_by_order(1),
        stage_by_order(4),
        "configuration",
        "admin",
    )


@pytest.mark.parametrize("mode", ["A", "B"])
def test_saving_without_a_change_of_mode_needs_no_preview(admin_client, mode):
    FunnelSettings.objects.update(mode=mode)
    assert switch(admin_client, mode, confirm=False).status_code == 302
