"""The opportunity list's rows, written in one pass.

The deal list is the page everyone opens most, so it has to keep up under
load (docs/PERFORMANCE.md). As a template, each of its 25 rows went through
thirty-odd template variables, a nested include and a dozen translated
words: the rows were two thirds of the page's time. Here the words and the
follow-up address are worked out once per page (`list_rows.row_context`),
each row's values once, and the row's markup below is filled in with
`str.format`; every value is escaped as a template would.

The markup is the row the list always had (the stage badge is
`templates/opportunities/_stage_badge.html`'s); a follow-up logged from the
row's button answers the same row (`logged`), swapped in by its id.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from opportunities.models import Opportunity, OpportunityStatus
from users.moments import MomentFormat
from users.money import format_money
from users.row_html import LOGGED, NOTHING, text
from users.templatetags.crm import percent

ROW = """<tr id="opportunity-row-{pk}">
  <td class="pe-0 card-actions">
    <button type="button" class="btn btn-outline-primary btn-sm py-0 px-1 row-action"
            title="{log}" aria-label="{log}"
            hx-get="{log_url}?customer={customer_id}&amp;opportunity={pk}&amp;from=list"
            hx-target="#activity-modal-body" hx-swap="innerHTML"
            data-bs-toggle="modal" data-bs-target="#activity-modal"
            data-title="{name}">
      <i class="bi bi-chat-left-text"></i><span class="card-only"> {log}</span>
    </button>
  </td>
  <td class="card-title-cell">
    <a class="fw-semibold" href="{url}">{name}</a>
    {stale}
    {logged}
    <div class="text-body-secondary">{customer}</div>
  </td>
  {owner}
  <td data-label="{stage_label}">{stage}</td>
  <td class="text-end text-nowrap" data-label="{amount_label}">{amount}</td>
  <td class="text-end" data-label="{probability_label}">{probability}</td>
  <td class="text-end text-nowrap" data-label="{weighted_label}">{weighted}</td>
  <td class="text-nowrap card-hide">{expected_win}</td>
  <td class="text-nowrap {overdue}" data-label="{next_label}">{next_contact}</td>
</tr>
"""
STALE = (
    '<span class="badge text-bg-warning ms-1" title="{title}">'
    '<i class="bi bi-hourglass-bottom"></i> {label}</span>'
)
OWNER = '<td class="text-nowrap" data-label="{label}">{owner}</td>'
# The stage badge (`_stage_badge.html`, which ends in a line break), then for
# an open deal the percentage the card layout shows.
WON = '<span class="badge badge-status text-bg-success">{label}</span>\n'
LOST = '<span class="badge badge-status text-bg-secondary">{label}</span>\n'
OPEN = (
    '<span class="badge badge-status text-bg-primary" title="{percent}%">'
    '{stage}</span>\n<span class="card-only small text-body-secondary"> '
    "{percent}%</span>"
)


def list_rows_html(
    opportunities: Iterable[Opportunity], context: dict[str, Any], *, logged=False
) -> SafeString:
    """The rows of `opportunities` (marked by `list_rows.mark_rows`).

    `context` is `list_rows.row_context`'s: the words, the follow-up address
    and whether rows show their owner. `logged` marks a row just followed up.
    """
    words = {key: text(label) for key, label in context["row_labels"].items()}
    page = {
        "log": words["log_follow_up"],
        "log_url": text(context["log_url"]),
        "stage_label": words["stage"],
        "amount_label": words["amount"],
        "probability_label": words["probability"],
        "weighted_label": words["weighted"],
        "next_label": words["next_contact"],
        "logged": LOGGED.format(label=words["follow_up_logged"]) if logged else "",
    }
    stale = STALE.format(title=words["stale_title"], label=words["stale"])
    won = WON.format(label=words["won"])
    lost = LOST.format(label=words["lost"])
    show_owner = context["show_owner"]
    moment = MomentFormat.now()
    rows = []
    for deal in opportunities:
        is_open = deal.status == OpportunityStatus.OPEN
        if deal.status == OpportunityStatus.WON:
            stage = won
        elif deal.status == OpportunityStatus.LOST:
            stage = lost
        else:
            stage = OPEN.format(
                percent=deal.stage.percentage, stage=text(deal.stage.name)
            )
        # A closed deal has no next contact to plan: its old one is not shown.
        next_contact = deal.next_contact_at if is_open else None
        rows.append(
            ROW.format(
                **page,
                pk=deal.pk,
                customer_id=deal.customer_id,
                name=text(deal.name),
                url=text(deal.url),
                stale=stale if deal.is_stale else "",
                customer=text(deal.customer),
                owner=(
                    OWNER.format(label=words["owner"], owner=text(deal.owner))
                    if show_owner
                    else ""
                ),
                stage=stage,
                amount=text(format_money(deal.amount)),
                probability=text(percent(deal.win_probability)),
                weighted=text(format_money(deal.weighted_amount)),
                expected_win=text(
                    moment.format(deal.expected_win_date, date_only=True) or NOTHING
                ),
                overdue="text-danger fw-semibold" if deal.contact_overdue else "",
                next_contact=text(moment.format(next_contact) or NOTHING),
            )
        )
    return mark_safe("".join(rows))  # every value is escaped above
