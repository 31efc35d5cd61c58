"""A deal's buying team: the customer's contacts who take part in this purchase,
each with the part they play in it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import BuyingRole, Contact
from opportunities.models.deals import Opportunity
from users.visibility import OwnedQuerySet


class DealContactQuerySet(OwnedQuerySet):
    owner_field = "opportunity__owner"


class DealContact(models.Model):
    """A contact linked to a deal, with their role on this deal."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="deal_contacts",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        related_name="deal_links",
    )
    # Left empty on a new link, it is the contact's buying role (see save()).
    role = models.CharField(
        _("role on this deal"), max_length=20, choices=BuyingRole.choices
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DealContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buying team member")
        verbose_name_plural = _("buying team")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "contact"],
                name="deal_contact_once",
                violation_error_message=_(
                    "This contact is already on the deal’s buying team."
                ),
            )
        ]
        indexes = [
            # The hygiene count asks, per open deal, for a decision maker link.
            models.Index(fields=["opportunity", "role"], name="deal_contact_role")
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        if not self.role:
            self.role = self.contact.buying_role
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (
            self.contact_id is not None
            and self.opportunity_id is not None
            and self.contact.customer_id != self.opportunity.customer_id
        ):
            raise ValidationError(
                {
                    "contact": _(
                        "%(contact)s works for another customer: link only "
                        "contacts of %(customer)s."
                    )
                    % {
                        "contact": self.contact,
                        "customer": self.opportunity.customer,
                    }
                }
            )


def decision_maker_linked() -> models.Exists:
    """An annotation on deals: whether a decision maker is linked to the deal."""
    return models.Exists(
        DealContact.objects.filter(
            opportunity=models.OuterRef("pk"), role=BuyingRole.DECISION_MAKER
        )
    )


def missing_decision_maker_q() -> models.Q:
    """Deals in a stage that needs a decision maker, with none linked."""
    return models.Q(stage__needs_decision_maker=True) & ~decision_maker_linked()
