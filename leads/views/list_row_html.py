"""The lead list's rows, written in one pass.

As with the deal and customer lists (users/row_html.py), a template per row
resolved its addresses, a dozen translated words, two nested templates (the
status and score badges) and its dates again: the rows were half of the
page's time. Here the words, addresses and the form token are worked out
once per page and each row's markup is filled in with `str.format`; every
value is escaped as a template would.

Each lead is its own <tbody>: the row and its inline follow-up form, which
htmx swaps whole after a follow-up is logged (`logged`). The form is fetched
when the row's button first opens it, unless the row comes with one: the
form just refused, with its errors (`leads/_lead_followup_form.html`).
"""

from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from leads.models import Lead, LeadStatus
from users.listing import pk_url
from users.moments import MomentFormat
from users.row_html import LOGGED, NOTHING, text

ROW = """<tbody id="lead-{pk}" class="border-top-0">
  <tr>
    {select}
    <td class="card-title-cell" style="min-width: 10rem;">
      <a class="fw-semibold text-decoration-none" href="{url}">{name}</a>
      {logged}
    </td>
    <td data-label="{contact_label}">{contact}{phone}</td>
    <td data-label="{status_label}">{status}</td>
    <td class="small card-hide">{source}</td>
    <td class="small card-hide">{owner}</td>
    <td data-label="{score_label}">{score}</td>
    <td class="small text-nowrap card-hide">{last_contact}</td>
    <td class="small text-nowrap" data-label="{next_label}">{next_contact}</td>
    <td class="small text-nowrap card-hide">{created}</td>
    <td class="text-end text-nowrap bg-body card-actions" \
style="position: sticky; right: 0;">
      {log_button}
      {claim}
    </td>
  </tr>
  {follow_up}
</tbody>
"""
SELECT = (
    '<td class="card-select"><label class="tap-area"><input class="form-check-input"'
    ' type="checkbox" name="leads" value="{pk}" form="bulk-assign"'
    ' aria-label="{label}"></label></td>'
)
PHONE = (
    '<div class="small"><a class="text-body-secondary" href="tel:{phone}">'
    "{phone}</a></div>"
)
POOL = '<span class="text-body-secondary fst-italic">{label}</span>'
# The markup of templates/leads/_score_badge.html (the lead's page uses it).
SCORE = """<span class="d-inline-flex align-items-center gap-2" title="{title}">
  <span class="progress flex-shrink-0" style="width: 3rem; height: .4rem;" \
role="progressbar" aria-label="{label}" aria-valuenow="{score}" aria-valuemin="0" \
aria-valuemax="100">
    <span class="progress-bar {css}" style="width: {score}%"></span>
  </span>
  <span class="small fw-semibold">{score}</span>
</span>"""
LOG_BUTTON = """<button type="button" \
class="btn btn-sm btn-outline-primary row-action" data-bs-toggle="collapse" \
data-bs-target="#followup-{pk}" aria-expanded="{expanded}" \
aria-controls="followup-{pk}" title="{title}"{fetch}>
        <i class="bi bi-chat-left-text"></i><span class="visually-hidden"> {title}\
</span><span class="card-only" aria-hidden="true"> {label}</span>
      </button>"""
FETCH = (
    ' hx-get="{url}?next={next}" hx-target="#followup-{pk} > td"'
    ' hx-trigger="click once" data-role="log"'
)
CLAIM = """<form method="post" action="{url}" class="d-inline">
        {token}<input type="hidden" name="next" value="{next}">
        <button type="submit" class="btn btn-sm btn-outline-success row-action" \
title="{title}">{label}</button>
      </form>"""
FOLLOW_UP = """<tr id="followup-{pk}" class="collapse{show}">
    <td colspan="12" class="bg-body-tertiary">
      {form}
    </td>
  </tr>"""
LOADING = '<span class="small text-body-secondary">{label}</span>'
TOKEN = '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
STATUS_CSS = {
    LeadStatus.NEW: "text-bg-info",
    LeadStatus.CONTACTED: "text-bg-primary",
    LeadStatus.QUALIFIED: "text-bg-success",
    LeadStatus.UNQUALIFIED: "text-bg-secondary",
}


# The markup of templates/leads/_status_badge.html (the lead's page uses it).
STATUS = '<span class="badge badge-status {css}">{label}</span>'
POOL_ROW = """<tr>
          <td class="card-title-cell" style="min-width: 12rem;"><a \
class="fw-semibold text-decoration-none" href="{url}">{name}</a></td>
          <td data-label="{contact_label}">{contact}{title}</td>
          <td data-label="{status_label}">{status}</td>
          <td class="small card-hide">{source}</td>
          <td class="small" data-label="{industry_label}">{industry}</td>
          <td class="small text-nowrap" data-label="{region_label}">{region}</td>
          <td data-label="{score_label}">{score}</td>
          <td class="small text-nowrap card-hide">{created}</td>
          <td class="text-end text-nowrap card-actions">
            <form method="post" action="{claim_url}" class="d-inline">
              {token}<input type="hidden" name="next" value="{next}">
              <button type="submit" class="btn btn-sm btn-success text-nowrap \
row-action"><i class="bi bi-hand-index"></i> {claim}</button>
            </form>
          </td>
        </tr>
"""
TITLE = '<div class="small text-body-secondary">{title}</div>'


def _status(lead: Lead) -> str:
    """The lead's status as a coloured badge."""
    css = STATUS_CSS.get(lead.status, "text-bg-dark")
    return STATUS.format(css=css, label=text(lead.get_status_display()))


def _score(score: int, label: str) -> str:
    """The 0–100 lead score as a small bar (`label`: "Score", escaped)."""
    if score >= 70:
        css = "bg-success"
    else:
        css = "bg-warning" if score >= 40 else "bg-secondary"
    title = _("Score %(score)s of 100") % {"score": score}
    return SCORE.format(title=title, label=label, score=score, css=css)


def pool_rows_html(
    leads: Iterable[Lead], *, request: HttpRequest, next_url: str
) -> SafeString:
    """The shared pool's rows: leads nobody owns, each to claim."""
    words = {
        "contact_label": text(_("Contact")),
        "status_label": text(_("Status")),
        "industry_label": text(_("Industry")),
        "region_label": text(_("Region")),
        "score_label": text(_("Score")),
        "claim": text(_("Claim")),
        "token": TOKEN.format(token=text(get_token(request))),
        "next": text(next_url),
    }
    detail_url, claim_url = pk_url("leads:detail"), pk_url("leads:claim")
    moment = MomentFormat.now()
    rows = []
    for lead in leads:
        rows.append(
            POOL_ROW.format(
                **words,
                url=text(detail_url(lead.pk)),
                claim_url=text(claim_url(lead.pk)),
                name=text(lead.company_name),
                contact=text(lead.contact_name or NOTHING),
                title=TITLE.format(title=text(lead.title)) if lead.title else "",
                status=_status(lead),
                source=text(lead.get_source_display()),
                industry=text(lead.get_industry_display() or NOTHING),
                region=text(lead.get_region_display() or NOTHING),
                score=_score(lead.score, words["score_label"]),
                created=text(moment.format(lead.created_at, date_only=True)),
            )
        )
    return mark_safe("".join(rows))  # every value is escaped above


def lead_rows_html(
    leads: Iterable[Lead],
    *,
    request: HttpRequest,
    can_assign: bool,
    next_url: str,
    logged: bool = False,
    followup_open: bool = False,
) -> SafeString:
    """The rows of `leads` (owners joined; `may_log` and, for a refused
    form, `followup_form` set on each). `logged` marks a row just followed
    up, `followup_open` shows its form open."""
    words = {
        "contact_label": text(_("Contact")),
        "status_label": text(_("Status")),
        "score_label": text(_("Score")),
        "next_label": text(_("Next contact")),
    }
    pool = POOL.format(label=text(_("Shared pool")))
    badge = LOGGED.format(label=text(_("Follow-up logged"))) if logged else ""
    log_title, log_label = text(_("Log a follow-up")), text(_("Log follow-up"))
    loading = LOADING.format(label=text(_("Loading…")))
    claim_title, claim_label = text(_("Claim this lead")), text(_("Claim"))
    next_text, next_query = text(next_url), text(quote(next_url, safe="/"))
    token = TOKEN.format(token=text(get_token(request)))
    detail_url, form_url = pk_url("leads:detail"), pk_url("leads:followup_form")
    claim_url = pk_url("leads:claim")
    moment = MomentFormat.now()
    rows = []
    for lead in leads:
        pk, name = lead.pk, text(lead.company_name)
        form = getattr(lead, "followup_form", None)
        follow_up = ""
        log_button = ""
        if lead.may_log:
            fetch = (
                ""
                if form
                else FETCH.format(url=text(form_url(pk)), next=next_query, pk=pk)
            )
            log_button = LOG_BUTTON.format(
                pk=pk,
                expanded="true" if followup_open else "false",
                title=log_title,
                label=log_label,
                fetch=fetch,
            )
            follow_up = FOLLOW_UP.format(
                pk=pk,
                show=" show" if followup_open else "",
                form=(
                    render_to_string(
                        "leads/_lead_followup_form.html",
                        {"lead": lead, "form": form, "next_url": next_url},
                        request,
                    )
                    if form
                    else loading
                ),
            )
        rows.append(
            ROW.format(
                **words,
                pk=pk,
                name=name,
                url=text(detail_url(pk)),
                logged=badge,
                select=(
                    SELECT.format(
                        pk=pk,
                        label=_("Select %(name)s") % {"name": name},
                    )
                    if can_assign
                    else ""
                ),
                contact=text(lead.contact_name or NOTHING),
                phone=PHONE.format(phone=text(lead.phone)) if lead.phone else "",
                status=_status(lead),
                source=text(lead.get_source_display()),
                owner=text(lead.owner) if lead.owner else pool,
                score=_score(lead.score, words["score_label"]),
                last_contact=text(moment.format(lead.last_contact_at) or NOTHING),
                next_contact=text(moment.format(lead.next_contact_at) or NOTHING),
                created=text(moment.format(lead.created_at, date_only=True)),
                log_button=log_button,
                claim=(
                    CLAIM.format(
                        url=text(claim_url(pk)),
                        token=token,
                        next=next_text,
                        title=claim_title,
                        label=claim_label,
                    )
                    if lead.in_pool
                    else ""
                ),
                follow_up=follow_up,
            )
        )
    return mark_safe("".join(rows))  # every value is escaped above
