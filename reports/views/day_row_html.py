"""My day's and my week's contact rows, written in one pass.

A salesperson's day holds about 150 contacts; as a template per row (its
words, badges and date) they were a third of the page's time. Here the words
are translated once per page and each row's markup is filled in with
`str.format`; every value is escaped as a template would.

Each row's root is `#day-<kind>-<pk>`: logging a follow-up or rescheduling
answers that row again (`reports/views/day.py`), marked `done`
("logged" or "rescheduled"), or with the refused reschedule form's errors.
The reschedule menu is the page's one `reports/_reschedule_menu.html`, put in
the row's dropdown when it first opens (static/js/reschedule-menu.js).
"""

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.agenda import Entry
from users.moments import MomentFormat
from users.row_html import text

ROW = """<li class="list-group-item" id="day-{kind}-{pk}" data-role="day-row">
  <div class="d-flex flex-wrap align-items-start gap-2">
    <div class="flex-grow-1 min-w-0">
      <a class="fw-semibold text-break" href="{url}">{name}</a>
      <span class="badge text-bg-light border">{kind_label}</span>
      {done}
      <div class="small text-body-secondary">
        {customer}
        <span class="{overdue}" data-role="next-contact">{next_contact}</span>
      </div>
    </div>
    <div class="d-flex gap-1 flex-shrink-0">
      <button type="button" class="btn btn-outline-primary btn-sm" \
hx-get="{follow_up_url}" hx-target="#day-{kind}-{pk} [data-role=panel]" \
hx-swap="innerHTML" data-role="log"><i class="bi bi-chat-left-text"></i> {log}</button>
      <div class="dropdown">
        <button type="button" class="btn btn-outline-secondary btn-sm dropdown-toggle" \
data-bs-toggle="dropdown" aria-expanded="false" data-role="reschedule" \
data-reschedule-url="{reschedule_url}"><i class="bi bi-calendar-event"></i>\
<span class="d-none d-sm-inline"> {reschedule}</span></button>
        <div class="dropdown-menu dropdown-menu-end" data-role="reschedule-menu"></div>
      </div>
    </div>
  </div>
  {errors}
  <div data-role="panel"></div>
</li>"""
DONE = (
    '<span class="badge bg-success-subtle text-success-emphasis">'
    '<i class="bi bi-check2"></i> {label}</span>'
)
ERRORS = '<div class="small text-danger mt-1" role="alert">{errors}</div>'


def day_rows_html(
    entries: Iterable[Entry], *, done: str = "", reschedule_form=None
) -> SafeString:
    """The rows of `entries` (their `links` set: `reports.views.day.with_links`)."""
    kinds = {
        "opportunity": text(_("Opportunity")),
        "customer": text(_("Customer")),
        "lead": text(_("Lead")),
    }
    words = {
        "log": text(_("Log follow-up")),
        "reschedule": text(_("Reschedule")),
        "done": {
            "logged": DONE.format(label=text(_("Follow-up logged"))),
            "rescheduled": DONE.format(label=text(_("Rescheduled"))),
        }.get(done, ""),
        "errors": _errors(reschedule_form),
    }
    next_label, nothing = _("Next contact"), text(_("No next contact planned"))
    moment = MomentFormat.now()
    rows = []
    for entry in entries:
        kind, record = entry.kind, entry.record
        rows.append(
            ROW.format(
                **words,
                kind=kind,
                pk=record.pk,
                url=text(entry.links["detail"]),
                name=text(record),
                kind_label=kinds.get(kind, kinds["lead"]),
                customer=(
                    f"{text(record.customer)} · " if kind == "opportunity" else ""
                ),
                overdue="text-danger" if entry.overdue else "",
                next_contact=(
                    text(f"{next_label} {moment.format(entry.due_at)}")
                    if entry.due_at
                    else nothing
                ),
                follow_up_url=text(entry.links["follow_up"]),
                reschedule_url=text(entry.links["reschedule"]),
            )
        )
    return mark_safe("".join(rows))  # every value is escaped above


def _errors(form) -> str:
    """A refused reschedule form's errors, one after the other."""
    if form is None or not form.errors:
        return ""
    errors = "".join(
        f"{text(error)} " for field in form.errors.values() for error in field
    )
    return ERRORS.format(errors=errors)
