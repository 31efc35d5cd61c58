"""The customer list's rows, written in one pass.

As with the deal list (opportunities/views/list_row_html.py), a template
per row resolved each row's two addresses, five translated words and its
dates again: the rows were two fifths of the page's time. Here the words
and addresses are worked out once per page and each row's markup is filled
in with `str.format`; every value is escaped as a template would.

A follow-up logged from a row's button answers the same row (`logged`),
swapped in by its id.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from customers.models import Customer
from users.listing import pk_url
from users.moments import MomentFormat
from users.row_html import LOGGED, NOTHING, text

ROW = """<tr id="customer-row-{pk}">
  <td class="card-title-cell">
    <a class="fw-semibold" href="{url}">{name}</a>
    {logged}
  </td>
  <td class="font-monospace small card-hide">{credit_code}</td>
  <td class="card-hide">{industry}</td>
  <td class="text-nowrap" data-label="{region_label}">{region}</td>
  <td class="text-nowrap" data-label="{owner_label}">{owner}</td>
  <td class="text-nowrap" data-label="{last_label}">{last_contact}</td>
  <td class="text-nowrap" data-label="{next_label}">{next_contact}</td>
  <td class="text-end text-nowrap card-actions">
    <button type="button" class="btn btn-outline-primary btn-sm row-action"
            hx-get="{log_url}?customer={pk}&amp;from=list"
            hx-target="#activity-modal-body"
            data-bs-toggle="modal" data-bs-target="#activity-modal"
            data-title="{name}"
            title="{log}" aria-label="{log}">
      <i class="bi bi-chat-left-text"></i><span class="card-only"> {log}</span>
    </button>
    <a class="btn btn-outline-secondary btn-sm row-action" href="{edit_url}"
       title="{edit}" aria-label="{edit}"><i class="bi bi-pencil"></i></a>
  </td>
</tr>
"""
LAST_CONTACT = '<span title="{moment}">{day}</span>'


def customer_rows_html(customers: Iterable[Customer], *, logged=False) -> SafeString:
    """The rows of `customers` (their owners joined); `logged` marks a row
    just followed up."""
    page = {
        "region_label": text(_("Region")),
        "owner_label": text(_("Owner")),
        "last_label": text(_("Last contact")),
        "next_label": text(_("Next contact")),
        "log": text(_("Log follow-up")),
        "edit": text(_("Edit")),
        "log_url": text(reverse("opportunities:activity_log")),
        "logged": LOGGED.format(label=text(_("Follow-up logged"))) if logged else "",
    }
    detail_url, edit_url = pk_url("customers:detail"), pk_url("customers:update")
    moment = MomentFormat.now()
    rows = []
    for customer in customers:
        last = customer.last_contact_at
        rows.append(
            ROW.format(
                **page,
                pk=customer.pk,
                url=text(detail_url(customer.pk)),
                edit_url=text(edit_url(customer.pk)),
                name=text(customer.legal_name),
                credit_code=text(customer.credit_code or NOTHING),
                industry=text(customer.get_industry_display() or NOTHING),
                region=text(customer.get_region_display() or NOTHING),
                owner=text(customer.owner),
                last_contact=(
                    LAST_CONTACT.format(
                        moment=text(moment.format(last)),
                        day=text(moment.format(last, date_only=True)),
                    )
                    if last
                    else NOTHING
                ),
                next_contact=text(moment.format(customer.next_contact_at) or NOTHING),
            )
        )
    return mark_safe("".join(rows))  # every value is escaped above
