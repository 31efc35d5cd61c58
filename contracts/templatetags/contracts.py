"""Contract cards for the pages of earlier apps: a deal's contract, a customer's.

The opportunity and customer pages load these tags, so those apps never import
contracts (apps depend only on the apps before them in the chain).
"""

from django import template
from django.db.models import Exists, OuterRef

from contracts.models import Contract
from opportunities.models import OpportunityStatus

register = template.Library()

CUSTOMER_CONTRACT_LIMIT = 20


@register.inclusion_tag("contracts/_opportunity_contract.html", takes_context=True)
def opportunity_contract(context, opportunity) -> dict:
    """The deal's live contract (linked if the viewer sees it), or a way to make one.

    One query: the live contract with whether the viewer may open it.
    """
    user = context["request"].user
    contract = (
        Contract.objects.live()
        .filter(opportunity=opportunity)
        .annotate(
            is_visible=Exists(
                Contract.objects.visible_to(user).filter(pk=OuterRef("pk"))
            )
        )
        .only("pk", "number", "status", "amount", "signed_on")
        .first()
    )
    return {
        "opportunity": opportunity,
        "contract": contract,
        "can_create": contract is None
        and opportunity.status in (OpportunityStatus.OPEN, OpportunityStatus.WON),
    }


@register.inclusion_tag("contracts/_customer_contracts.html", takes_context=True)
def customer_contracts(context, customer) -> dict:
    """The customer's contracts the viewer sees, newest first (one query)."""
    user = context["request"].user
    contracts = list(
        Contract.objects.visible_to(user)
        .filter(customer=customer)
        .order_by("-created_at", "-pk")[: CUSTOMER_CONTRACT_LIMIT + 1]
    )
    return {
        "request": context["request"],
        "customer": customer,
        "contracts": contracts[:CUSTOMER_CONTRACT_LIMIT],
        "more": len(contracts) > CUSTOMER_CONTRACT_LIMIT,
    }
