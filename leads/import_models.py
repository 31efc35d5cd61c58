"""A lead file imported in the background, and the rows it refused."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from users.visibility import TimeStampedModel


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Stopped")


class LeadImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An import is its uploader's; administrators see every import."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(owner=user)


class LeadImport(TimeStampedModel):
    """An uploaded file of leads, its progress and what became of its rows."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="imports/leads/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    # Messages about the rows are written in the uploader's language.
    language = models.CharField(max_length=10)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportStatus.choices,
        default=ImportStatus.QUEUED,
    )
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("leads created"), default=0)
    duplicate_count = models.PositiveIntegerField(_("skipped as duplicates"), default=0)
    refused_count = models.PositiveIntegerField(_("refused"), default=0)
    # Why the file could not be read to its end.
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = LeadImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead import")
        verbose_name_plural = _("lead imports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="leadimport_owner"),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def not_imported(self) -> int:
        return self.duplicate_count + self.refused_count


class LeadImportRefusal(models.Model):
    """A row the import did not save: its cells as read, and why."""

    lead_import = models.ForeignKey(
        LeadImport, on_delete=models.CASCADE, related_name="refusals"
    )
    row_number = models.PositiveIntegerField(_("row"))
    values = models.JSONField(_("values"))
    reasons = models.TextField(_("reasons"))
    # Every reason is a duplicate: of a saved lead or of an earlier row.
    duplicate = models.BooleanField(_("duplicate"), default=False)

    class Meta:
        verbose_name = _("refused import row")
        verbose_name_plural = _("refused import rows")
        ordering = ["lead_import", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead_import", "row_number"], name="leadimport_refusal_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_import} · {self.row_number}"
