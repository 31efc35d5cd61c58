"""The follow-up log of customers and their opportunities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.models import Contact, Customer
from leads.models import FollowUp
from opportunities.models.deals import Opportunity
from users.visibility import OwnedQuerySet


class ActivityQuerySet(OwnedQuerySet):
    owner_field = "customer__owner"

    def without_hidden_deals(self, user) -> "ActivityQuerySet":
        """Drop follow-ups about deals `user` may not open; the customer's stay."""
        # A correlated EXISTS per follow-up shown, not a list of every deal seen.
        deal = Opportunity.objects.visible_to(user).filter(
            pk=models.OuterRef("opportunity_id")
        )
        return self.filter(models.Q(opportunity=None) | models.Exists(deal))


class Activity(FollowUp):
    """A follow-up with a customer, usually about one of its opportunities."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("with whom"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )

    objects = ActivityQuerySet.as_manager()

    class Meta(FollowUp.Meta):
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["customer", "-occurred_at"], name="act_customer_time"),
            models.Index(fields=["opportunity", "-occurred_at"], name="act_opp_time"),
            # Each person's follow-ups in a period with the customer whose
            # owner decides who sees them, read from the index alone.
            models.Index(
                fields=["logged_by", "-occurred_at"],
                include=["customer"],
                name="act_user_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.customer}"
