"""Admin forms for the funnel configuration: the rules of
`opportunities.configuration_rules` applied to the configuration as it would be
after the save, with messages an administrator understands."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from opportunities import configuration_rules as rules
from opportunities.models import (
    CompetitionFactor,
    Opportunity,
    Stage,
    StageChange,
    StageKind,
)
from opportunities.models.configuration import in_language
from users.clean_forms import CleanModelForm


def percent(fraction: Decimal) -> str:
    """0.3333 → "33.33%", 0.8 → "80%"."""
    value = (Decimal(fraction) * 100).quantize(Decimal("0.01"))
    return f"{value:f}".rstrip("0").rstrip(".") + "%"


def problem_message(problem: rules.Problem) -> str:
    """The translated sentence for one broken rule."""
    v = problem.values
    code = problem.code
    if code == "no_open_stage":
        return _("At least one open stage is needed.")
    if code == "too_many_open":
        return (
            _(
                "At most %(max)d open stages are allowed; this change would make "
                "%(count)d."
            )
            % v
        )
    if code == "open_percentage_range":
        return (
            _(
                "“%(name)s” is an open stage, so its percentage must be between 1%% "
                "and 99%% (it is %(percentage)d%%)."
            )
            % v
        )
    if code == "not_rising":
        return (
            _(
                "Percentages must rise with the order: “%(name)s” (order %(order)d) "
                "has %(percentage)d%%, but “%(prev_name)s” (order %(prev_order)d) "
                "already has %(prev_percentage)d%%."
            )
            % v
        )
    if code == "missing_won":
        return _("There must be a Won stage (kind “Won”, 100%).")
    if code == "missing_lost":
        return _("There must be a Lost stage (kind “Lost”, 0%).")
    if code in ("duplicate_won", "duplicate_lost"):
        names = "、".join(f"“{name}”" for name in v["names"])
        if code == "duplicate_won":
            return _("There can be only one Won stage: %(names)s.") % {"names": names}
        return _("There can be only one Lost stage: %(names)s.") % {"names": names}
    if code == "won_percentage":
        return (
            _("The Won stage “%(name)s” must have 100%% (it has %(percentage)d%%).") % v
        )
    if code == "lost_percentage":
        return (
            _("The Lost stage “%(name)s” must have 0%% (it has %(percentage)d%%).") % v
        )
    if code == "won_not_last":
        return (
            _(
                "The Won stage “%(name)s” (order %(order)d) must come after every open "
                "stage, but “%(open_name)s” has order %(open_order)d."
            )
            % v
        )
    if code == "lost_not_last":
        return (
            _(
                "The Lost stage “%(name)s” (order %(order)d) must come after every "
                "open stage, but “%(open_name)s” has order %(open_order)d."
            )
            % v
        )
    if code == "too_few_criteria":
        return _(
            "An open stage needs at least %(min)d judgment criteria; “%(name)s” "
            "has %(count)d."
        ) % {**v, "min": rules.MIN_CRITERIA}
    if code == "too_many_criteria":
        return _(
            "An open stage has at most %(max)d judgment criteria; “%(name)s” "
            "has %(count)d."
        ) % {**v, "max": rules.MAX_CRITERIA}
    if code == "negative_competitors":
        return _("The number of competitors cannot be negative.")
    if code == "factor_range":
        return _("A factor must be between 0 and 1.")
    if code == "factor_rises":
        params = {
            **v,
            "factor": percent(v["factor"]),
            "prev_factor": percent(v["prev_factor"]),
        }
        if v["in_table"]:
            return (
                _(
                    "Factors must not rise with more competitors: with %(competitors)d "
                    "the factor is %(factor)s, more than %(prev_factor)s with "
                    "%(prev_competitors)d."
                )
                % params
            )
        return (
            _(
                "Factors must not rise with more competitors: %(competitors)d "
                "competitors are not in the table, so they get 1/(n+1) = %(factor)s, "
                "more than %(prev_factor)s with %(prev_competitors)d. Add a row for "
                "%(competitors)d competitors."
            )
            % params
        )
    raise ValueError(f"no message for {code}")


def _refuse(problems: list[rules.Problem]) -> None:
    if problems:
        raise ValidationError([problem_message(p) for p in problems])


GUIDANCE_FIELDS = [
    "buyer_activity_en",
    "buyer_activity_zh",
    "key_persons_en",
    "key_persons_zh",
    "recommended_work_en",
    "recommended_work_zh",
]

# Stages -------------------------------------------------------------------


def _row(stage: Stage) -> rules.StageRow:
    return rules.StageRow(
        name=in_language(stage.name_en, stage.name_zh),
        order=stage.order or 0,
        percentage=stage.percentage or 0,
        kind=stage.kind,
    )


def _current_stages() -> list[Stage]:
    return list(
        Stage.objects.only("pk", "name_en", "name_zh", "order", "percentage", "kind")
    )


def stage_in_use(stage: Stage) -> bool:
    """Whether deals are in the stage or their history mentions it."""
    return (
        Opportunity.objects.filter(stage=stage).exists()
        or StageChange.objects.filter(Q(from_stage=stage) | Q(to_stage=stage)).exists()
    )


class StageAdminForm(CleanModelForm):
    """A stage, checked against every other stage as they would be after the save."""

    class Meta:
        model = Stage
        fields = [
            "name_en",
            "name_zh",
            "order",
            "percentage",
            "kind",
            *GUIDANCE_FIELDS,
            "needs_decision_maker",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3, "cols": 48})
            for name in GUIDANCE_FIELDS
        }
        help_texts = {
            "order": gettext_lazy(
                "Stages run in this order; Won and Lost come after every open stage."
            ),
            "percentage": gettext_lazy(
                "Open stages: 1–99, rising with the order. Won: 100. Lost: 0."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the field errors come first
        stage = self.instance
        if stage.pk and "kind" in self.changed_data and stage_in_use(stage):
            self.add_error(
                "kind",
                _(
                    "Deals are in this stage or have passed through it, so its "
                    "kind cannot change."
                ),
            )
            return cleaned
        if cleaned["needs_decision_maker"] and cleaned["kind"] != StageKind.OPEN:
            self.add_error(
                "needs_decision_maker",
                _("Only an open stage can need a decision maker."),
            )
            return cleaned
        proposed = rules.StageRow(
            name=in_language(cleaned["name_en"], cleaned["name_zh"]),
            order=cleaned["order"],
            percentage=cleaned["percentage"],
            kind=cleaned["kind"],
        )
        current = _current_stages()
        before = [_row(s) for s in current]
        after = [*(_row(s) for s in current if s.pk != stage.pk), proposed]
        _refuse(
            rules.new_problems(
                rules.stage_set_problems(before), rules.stage_set_problems(after)
            )
        )
        return cleaned


class JudgmentCriterionInlineFormSet(BaseInlineFormSet):
    """The criteria of one stage: 3–5 for an open stage."""

    def clean(self):
        super().clean()
        count = sum(
            1
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not self._should_delete_form(form)
        )
        _refuse(rules.criteria_problems(_row(self.instance), count))


def stage_deletion_errors(stage: Stage) -> list[str]:
    """Why a stage cannot be deleted, if it cannot."""
    if stage_in_use(stage):
        return [
            _(
                "“%(name)s” cannot be deleted: deals are in this stage or have "
                "passed through it. Rename it or change its guidance instead."
            )
            % {"name": stage.name}
        ]
    current = _current_stages()
    before = rules.stage_set_problems(_row(s) for s in current)
    after = rules.stage_set_problems(_row(s) for s in current if s.pk != stage.pk)
    problems = rules.new_problems(before, after)
    if not problems:
        return []
    return [
        _("“%(name)s” cannot be deleted:") % {"name": stage.name},
        *(problem_message(p) for p in problems),
    ]


# The competition table ------------------------------------------------------


def _table_rows() -> dict[int, tuple[int, Decimal]]:
    """Row id → (competitors, factor)."""
    return {
        pk: (competitors, factor)
        for pk, competitors, factor in CompetitionFactor.objects.values_list(
            "pk", "competitors", "factor"
        )
    }


def _as_table(rows: dict[int | None, tuple[int, Decimal]]) -> dict[int, Decimal]:
    return dict(rows.values())


def _check_table_edit(changes: dict[int | None, tuple[int, Decimal]]) -> None:
    """Refuse edits (row id, or None for a new row → values) that break the table."""
    rows: dict[int | None, tuple[int, Decimal]] = dict(_table_rows())
    before = rules.competition_problems(_as_table(rows))
    rows.update(changes)
    after = rules.competition_problems(_as_table(rows))
    _refuse(rules.new_problems(before, after))


class CompetitionFactorForm(CleanModelForm):
    """One row of the competition table, checked against the other rows."""

    class Meta:
        model = CompetitionFactor
        fields = ["competitors", "factor"]
        help_texts = {
            "factor": gettext_lazy(
                "A fraction from 0 to 1 (0.8 = 80%). Counts missing from the table "
                "get 1/(n+1); factors must not rise with more competitors."
            )
        }

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            _check_table_edit(
                {self.instance.pk: (cleaned["competitors"], cleaned["factor"])}
            )
        return cleaned


class CompetitionTableFormSet(BaseModelFormSet):
    """The competition table edited in the list: all changed rows checked together."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        changes = {}
        for form in self.forms:
            if form.instance.pk and form.has_changed():
                changes[form.instance.pk] = (
                    form.cleaned_data.get("competitors", form.instance.competitors),
                    form.cleaned_data.get("factor", form.instance.factor),
                )
        if changes:
            _check_table_edit(changes)


def competition_deletion_errors(row: CompetitionFactor) -> list[str]:
    """Why a row of the competition table cannot be deleted, if it cannot."""
    rows: dict[int | None, tuple[int, Decimal]] = dict(_table_rows())
    before = rules.competition_problems(_as_table(rows))
    rows.pop(row.pk, None)
    problems = rules.new_problems(before, rules.competition_problems(_as_table(rows)))
    if not problems:
        return []
    return [
        ngettext(
            "The row for %(competitors)d competitor cannot be deleted:",
            "The row for %(competitors)d competitors cannot be deleted:",
            row.competitors,
        )
        % {"competitors": row.competitors},
        *(problem_message(p) for p in problems),
    ]
