"""Django admin for the opportunities app: the funnel configuration (stages with
their criteria, the determination mode, the competition table) and the catalog.

Validation lives in `opportunities.admin_forms`; the hooks here only call the
recompute service when something that feeds the stored probabilities changed.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from opportunities.admin_forms import (
    CompetitionFactorForm,
    CompetitionTableFormSet,
    JudgmentCriterionInlineFormSet,
    StageAdminForm,
    competition_deletion_errors,
    percent,
    stage_deletion_errors,
)
from opportunities.configuration_rules import MAX_CRITERIA, MIN_CRITERIA
from opportunities.mode_switch import planned_moves, restore_stages
from opportunities.models import (
    CompetitionFactor,
    Competitor,
    DeterminationMode,
    FunnelSettings,
    JudgmentCriterion,
    Opportunity,
    Product,
    Stage,
)
from opportunities.tasks import recompute_probabilities_on_commit
from users.single_row_admin import SingleRowAdmin


def queue_recompute(request) -> None:
    """Queue the bulk refresh once per request (a list edit saves many rows)."""
    if getattr(request, "_recompute_queued", False):
        return
    request._recompute_queued = True
    recompute_probabilities_on_commit(request.user.pk)
    messages.info(
        request, _("Open deals’ stages and probabilities are being recomputed.")
    )


class RefusingDeleteMixin:
    """Deletes that would break the configuration are refused with a message.

    Checked before Django's confirmation page, which would otherwise list every
    protected deal (or fail on them).
    """

    def deletion_errors(self, obj) -> list[str]:
        raise NotImplementedError

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_delete_permission(request, obj):
            errors = self.deletion_errors(obj)
            if errors:
                messages.error(request, " ".join(errors))
                opts = self.model._meta
                return redirect(
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        args=[obj.pk],
                        current_app=self.admin_site.name,
                    )
                )
        return super().delete_view(request, object_id, extra_context)


class JudgmentCriterionInline(admin.TabularInline):
    model = JudgmentCriterion
    formset = JudgmentCriterionInlineFormSet
    fields = ["order", "text_en", "text_zh"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 40})},
        models.PositiveSmallIntegerField: {
            "widget": forms.NumberInput(attrs={"style": "width: 5em"})
        },
    }
    ordering = ["order", "id"]
    max_num = MAX_CRITERIA

    def get_extra(self, request, obj=None, **kwargs) -> int:
        # A new open stage needs at least three criteria: offer the rows.
        return MIN_CRITERIA if obj is None else 0


@admin.register(Stage)
class StageAdmin(RefusingDeleteMixin, admin.ModelAdmin):
    form = StageAdminForm
    inlines = [JudgmentCriterionInline]
    list_display = [
        "order",
        "name_en",
        "name_zh",
        "percentage_display",
        "kind",
        "criteria_count",
        "needs_decision_maker",
    ]
    list_display_links = ["name_en"]
    ordering = ["order"]
    fieldsets = [
        (None, {"fields": ["name_en", "name_zh", "order", "percentage", "kind"]}),
        (
            gettext_lazy("Guidance"),
            {
                "fields": [
                    ("buyer_activity_en", "buyer_activity_zh"),
                    ("key_persons_en", "key_persons_zh"),
                    ("recommended_work_en", "recommended_work_zh"),
                    "needs_decision_maker",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_criteria=Count("criteria"))

    @admin.display(description=gettext_lazy("percentage"), ordering="percentage")
    def percentage_display(self, stage: Stage) -> str:
        return f"{stage.percentage}%"

    @admin.display(description=gettext_lazy("judgment criteria"))
    def criteria_count(self, stage: Stage) -> int:
        return stage.n_criteria

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if self._moves_deals(form, formsets, change):
            queue_recompute(request)

    def _moves_deals(self, form, formsets, change) -> bool:
        """A percentage moves stored numbers; in mode B so does the checklist.

        The checklist is the stage order and the criteria (added, removed or
        reordered), and a new stage's criteria join it. Names and guidance
        move nothing.
        """
        if change and "percentage" in form.changed_data:
            return True
        return self._checklist_mode() and (
            not change
            or "order" in form.changed_data
            or any(formset.has_changed() for formset in formsets)
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if self._checklist_mode():
            queue_recompute(request)

    @staticmethod
    def _checklist_mode() -> bool:
        return FunnelSettings.load().mode == DeterminationMode.CHECKLIST

    def deletion_errors(self, obj: Stage) -> list[str]:
        return stage_deletion_errors(obj)


@admin.register(FunnelSettings)
class FunnelSettingsAdmin(SingleRowAdmin):
    list_display = ["__str__", "mode"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["mode"].help_text = gettext_lazy(
            "A (per stage): a deal is in the highest stage with a met criterion, "
            "and salespeople may also move it by hand. B (ordered checklist): the "
            "criteria form one list ticked from the top; a deal is in the stage of "
            "the last criterion of the unbroken ticked run, and cannot be moved by "
            "hand. Switching recomputes the open deals in the background: under B "
            "their stages follow their ticks, and win probabilities are refreshed."
        )
        return form

    # Set when the posted form is the confirmation of the preview page.
    APPLY = "apply_mode_switch"
    PREVIEW_ROWS = 200

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A change of mode is shown first (the deals it moves), applied on confirm."""
        if request.method == "POST" and object_id and self.APPLY not in request.POST:
            current = FunnelSettings.load()
            wanted = request.POST.get("mode", current.mode)
            if wanted != current.mode and wanted in DeterminationMode.values:
                return self._mode_switch_preview(request, current, wanted)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _mode_switch_preview(self, request, current, wanted: str):
        moves = planned_moves(wanted, switched_to_b_at=current.mode_changed_at)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Switch the funnel mode?"),
            "current_mode": current.get_mode_display(),
            "wanted_mode": DeterminationMode(wanted).label,
            "to_checklist": wanted == DeterminationMode.CHECKLIST,
            "moves": moves[: self.PREVIEW_ROWS],
            "more": max(len(moves) - self.PREVIEW_ROWS, 0),
            "count": len(moves),
            "posted": [
                (name, value)
                for name, values in request.POST.lists()
                if name != "csrfmiddlewaretoken"
                for value in values
            ],
            "apply_field": self.APPLY,
        }
        return render(
            request, "admin/opportunities/funnelsettings/mode_switch.html", context
        )

    def save_model(self, request, obj, form, change):
        mode_changed = "mode" in form.changed_data
        switched_to_b_at = FunnelSettings.load().mode_changed_at
        if mode_changed:
            obj.mode_changed_at = timezone.now()
        super().save_model(request, obj, form, change)
        if mode_changed:
            if obj.mode == DeterminationMode.PER_STAGE:
                restored = restore_stages(since=switched_to_b_at, by=request.user)
                messages.info(
                    request,
                    ngettext(
                        "%(count)d deal went back to the stage it had before mode B.",
                        "%(count)d deals went back to the stages they had before "
                        "mode B.",
                        restored,
                    )
                    % {"count": restored},
                )
            queue_recompute(request)


@admin.register(CompetitionFactor)
class CompetitionFactorAdmin(RefusingDeleteMixin, admin.ModelAdmin):
    form = CompetitionFactorForm
    list_display = ["competitors", "factor", "factor_percent"]
    list_display_links = ["competitors"]
    list_editable = ["factor"]
    ordering = ["competitors"]

    @admin.display(description=gettext_lazy("as a percentage"))
    def factor_percent(self, row: CompetitionFactor) -> str:
        return percent(row.factor)

    def get_changelist_formset(self, request, **kwargs):
        kwargs.setdefault("formset", CompetitionTableFormSet)
        return super().get_changelist_formset(request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or form.has_changed():
            queue_recompute(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        queue_recompute(request)

    def deletion_errors(self, obj: CompetitionFactor) -> list[str]:
        return competition_deletion_errors(obj)


@admin.register(Competitor)
class CompetitorAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]

    # Deleting a competitor removes it from its deals: their odds change.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        queue_recompute(request)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        queue_recompute(request)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "unit_price", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


@admin.register(Opportunity)
class OpportunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "customer", "owner", "stage", "status", "amount"]
    list_filter = ["status", "stage"]
    list_select_related = ["customer", "owner", "stage"]
    search_fields = ["name", "customer__legal_name"]
    raw_id_fields = ["customer", "owner", "source_lead"]
    # Stage, status, money and competitors move only through the services,
    # which keep the determination mode, the stage history and the stored
    # numbers true; here they are shown, not edited.
    readonly_fields = [
        "stage",
        "status",
        "lost_reason",
        "closed_at",
        "amount",
        "competitors",
        "win_probability",
        "weighted_amount",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # deals start in the app, where they get a stage and numbers
