"""History rows written before causes were stored get their cause back."""

from importlib import import_module

from django.apps import apps

from opportunities.models import StageChange

migration = import_module("opportunities.migrations.0006_stage_change_cause")


def change(deal, stage, note: str) -> StageChange:
    return deal.stage_changes.create(
        from_stage=stage, to_stage=stage, to_status="won", note=note
    )


def test_old_notes_become_causes_in_either_language(alice_deal, stages):
    criterion = stages[2].criteria.order_by("order").first()
    signed_en = change(alice_deal, stages[0], "Contract HT-2026-0007 signed")
    signed_zh = change(alice_deal, stages[0], "合同 HT-2026-0008 已签订")
    ticked = change(alice_deal, stages[2], criterion.text_zh)
    lost = change(alice_deal, stages[0], "Contract terms too strict")

    migration.classify_old_changes(apps, None)

    for row in (signed_en, signed_zh, ticked, lost):
        row.refresh_from_db()
    assert (signed_en.cause, signed_en.reference, signed_en.note) == (
        "contract_signed",
        "HT-2026-0007",
        "",
    )
    assert (signed_zh.cause, signed_zh.reference) == ("contract_signed", "HT-2026-0008")
    assert (ticked.cause, ticked.criterion) == ("criterion", criterion)
    assert (lost.cause, lost.note) == ("hand", "Contract terms too strict")
