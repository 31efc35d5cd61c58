"""POST data and addresses for the funnel configuration's admin pages."""

from django.urls import reverse

from opportunities.models import Stage

STAGE_FIELDS = [
    "name_en",
    "name_zh",
    "order",
    "percentage",
    "kind",
    "buyer_activity_en",
    "buyer_activity_zh",
    "key_persons_en",
    "key_persons_zh",
    "recommended_work_en",
    "recommended_work_zh",
]


def stage_by_order(order: int) -> Stage:
    return Stage.objects.get(order=order)


def criteria_rows(stage: Stage) -> list[dict]:
    return [
        {"id": c.pk, "order": c.order, "text_en": c.text_en, "text_zh": c.text_zh}
        for c in stage.criteria.order_by("order", "id")
    ]


def new_criteria(count: int, start: int = 1) -> list[dict]:
    return [
        {"order": i, "text_en": f"Fact {i}", "text_zh": f"事实 {i}"}
        for i in range(start, start + count)
    ]


def stage_post(stage: Stage | None = None, criteria=None, **fields) -> dict:
    """POST data for the stage change (or add) page with its criteria inline."""
    if stage is None:
        data = dict.fromkeys(STAGE_FIELDS, "")
        data["kind"] = "open"
    else:
        data = {name: getattr(stage, name) for name in STAGE_FIELDS}
        if stage.needs_decision_maker:  # a ticked box is posted, an unticked one not
            data["needs_decision_maker"] = "on"
    data.update(fields)
    if criteria is None:
        criteria = criteria_rows(stage) if stage else []
    data.update(
        {
            "criteria-TOTAL_FORMS": len(criteria),
            "criteria-INITIAL_FORMS": sum(1 for c in criteria if c.get("id")),
            "criteria-MIN_NUM_FORMS": 0,
            "criteria-MAX_NUM_FORMS": 5,
            "_save": "Save",
        }
    )
    for index, criterion in enumerate(criteria):
        for key, value in criterion.items():
            data[f"criteria-{index}-{key}"] = value
        if stage is not None:
            data[f"criteria-{index}-stage"] = stage.pk
    return data


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def delete_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
