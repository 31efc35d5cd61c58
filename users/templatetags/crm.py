"""Template helpers shared by every list and detail page."""

from decimal import Decimal
from html import escape
from urllib.parse import urlencode

from django import template
from django.forms.models import ModelChoiceIterator
from django.templatetags.static import static
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from users.moments import format_moment, format_relative
from users.money import format_money

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes)."""
    return query_with(context["request"].GET, changes)


def query_with(query, changes: dict) -> str:
    """`query` (a QueryDict) urlencoded as `QueryDict.urlencode` would, with
    `changes` set (None removes). A page links a dozen sort headers and
    page numbers: this reads the query's lists instead of deep-copying it
    for each."""
    params = dict(query.lists())
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [value]
    return urlencode([(key, str(v)) for key, values in params.items() for v in values])


@register.simple_tag(takes_context=True)
def sort_link(
    context, key: str, label: str, descending_first: bool = False, anchor: str = ""
) -> str:
    """A column header that sorts by `key`, toggling direction, with an arrow.

    A figure a manager looks for the most of sorts `descending_first`;
    `anchor` keeps the page at the table it sorts.
    """
    current = context.get("sort", "")
    if current.lstrip("-") == key:
        target = key if current.startswith("-") else f"-{key}"
    else:
        target = f"-{key}" if descending_first else key
    arrow = ""
    if current.lstrip("-") == key:
        arrow = "bi-caret-down-fill" if current.startswith("-") else "bi-caret-up-fill"
    params = query_with(context["request"].GET, {"sort": target, "page": None})
    href = f"?{params}" + (f"#{anchor}" if anchor else "")
    if arrow:
        return format_html(
            '<a class="sort-link active" href="{}" aria-current="true">{} '
            '<i class="bi {}" aria-hidden="true"></i></a>',
            href,
            label,
            arrow,
        )
    # A faint double arrow says the column sorts before anyone tries it.
    return format_html(
        '<a class="sort-link" href="{}">{} '
        '<i class="bi bi-arrow-down-up sort-hint" aria-hidden="true"></i></a>',
        href,
        label,
    )


@register.filter
def money(value) -> str:
    """¥1,234,567.00 style, for Decimals and numbers; empty for None."""
    return format_money(value)


@register.filter
def percent(value) -> str:
    """0.25 → 25%; 0.125 → 12.5%."""
    if value in (None, ""):
        return ""
    number = Decimal(value) * 100
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


# Query parameters that choose a view of a list rather than narrow it.
NOT_FILTERS = {"sort", "page", "window", "format"}


@register.simple_tag(takes_context=True)
def active_filter_count(context) -> int:
    """How many filters narrow the list now (for the phone's "Filters" button)."""
    params = context["request"].GET
    return sum(
        1
        for key in params
        if key not in NOT_FILTERS
        and any(value.strip() for value in params.getlist(key))
    )


@register.filter
def when(value, part: str = "") -> str:
    """A date or date-time in the one format of the current language;
    `|when:"date"` leaves out the time."""
    return format_moment(value, date_only=part == "date")


@register.filter
def relative(value) -> str:
    """How long ago or until a date-time: "刚刚", "2天前", "in 3 hours"."""
    return format_relative(value)


@register.simple_tag
def select_options(field) -> str:
    """The <option>s of a bound choice field, each marked when chosen.

    Written in one pass in Python: a manager's or an administrator's owner
    filter offers everyone they see (a thousand people in a large company),
    and a template loop over that many options was most of a list's time;
    so was `format_html` for each of them, so every value and label is
    escaped here as `format_html` would and the options joined once.

    A model choice field with `offered` says which of its rows it writes:
    the owner filter only the chosen person when the viewer sees too many to
    list, the team and stage choices what was read without a query of their
    own.
    """
    current = field.value()
    current = "" if current is None else str(current)
    options = []
    for value, label in _choices(field):
        value = str(value)
        selected = " selected" if value == current else ""
        options.append(
            f'<option value="{_escaped(value)}"{selected}>{_escaped(label)}</option>'
        )
    return mark_safe("".join(options))


def person_search_url(field) -> str:
    """Where a choice field's select searches for people as one types ("" for
    a select that lists its choices): the owner filter's, past
    `users.filters.OWNER_SEARCH_THRESHOLD` people."""
    search_url = getattr(field.field, "search_url", None)
    return search_url() if search_url is not None else ""


# static/js/person-search.js turns a select naming a search into a search as
# one types, with these texts; it needs Tom Select.
PERSON_SEARCH = (
    ' data-person-search="{url}" data-placeholder="{placeholder}"'
    ' data-no-results="{no_results}" data-loading="{loading}"'
)
PERSON_SEARCH_ASSETS = (
    '\n<link rel="stylesheet" href="{css}">'
    '\n<script src="{tom_select}" defer></script>'
    '\n<script src="{script}" defer></script>'
)


@register.simple_tag
def choice_select(
    field, css: str = "form-select form-select-sm", select_id: str = "", required=False
) -> str:
    """A bound choice field as a <select> with its own choices and empty
    label (`select_options`; people who have left come marked). A choice of
    a person, for a viewer who sees many people, names its search
    (`person_search_url`) and brings the script that searches.

    Written in Python, like its options: every list's filter bar has several,
    and as nested templates they were a tenth of the deal list's time.
    """
    search_url = person_search_url(field)
    search = assets = ""
    if search_url:
        search = PERSON_SEARCH.format(
            url=_escaped(search_url),
            placeholder=_escaped(_("Type a name")),
            no_results=_escaped(_("Nobody found")),
            loading=_escaped(_("Searching…")),
        )
        assets = PERSON_SEARCH_ASSETS.format(
            css=_escaped(static("vendor/tom-select/tom-select.bootstrap5.min.css")),
            tom_select=_escaped(static("vendor/tom-select/tom-select.popular.min.js")),
            script=_escaped(static("js/person-search.js")),
        )
    return mark_safe(
        f'<select class="{_escaped(css)}"'
        f' id="{_escaped(select_id or field.id_for_label)}"'
        f' name="{_escaped(field.html_name)}"'
        f"{' required' if required else ''}{search}>"
        f"{select_options(field)}</select>{assets}"
    )


@register.simple_tag
def choice_field(field) -> str:
    """A choice field laid out as crispy lays out the fields beside it (the
    lead and customer filters): its label, `choice_select` and its errors.
    Crispy's templates took a third of those lists' time for four selects."""
    errors = "".join(
        f'<div class="invalid-feedback">{_escaped(error)}</div>'
        for error in field.errors
    )
    css = "form-select is-invalid" if field.errors else "form-select"
    return mark_safe(
        f'<div class="mb-3"><label class="form-label"'
        f' for="{_escaped(field.id_for_label)}">{_escaped(field.label)}</label>\n'
        f"{choice_select(field, css)}{errors}</div>"
    )


@register.simple_tag
def filter_select(field, cols: str = "col-6 col-md-3 col-xl-2") -> str:
    """A list's choice filter: its label and `choice_select`, in a column
    of the filter bar (`cols`: the column's classes)."""
    return mark_safe(
        f'<div class="{_escaped(cols)}">'
        f'<label class="form-label" for="{_escaped(field.id_for_label)}">'
        f"{_escaped(field.label)}</label>\n{choice_select(field)}</div>"
    )


def _escaped(value) -> str:
    """`conditional_escape`'s text: safe text as it is, anything else escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _choices(bound_field) -> list:
    """A bound choice field's (value, label) pairs; a model choice field's
    empty and "none" choices, then its `offered` rows or its rows in one query.

    Django iterates a model choice field's rows with `QuerySet.iterator()`,
    which on PostgreSQL is a server-side cursor: declare, fetch and close,
    three round trips for every select on every page. Reading the rows as
    a plain query gives the same choices in one.
    """
    field = bound_field.field
    choices = field.choices
    if not isinstance(choices, ModelChoiceIterator):
        return list(choices)
    first = []
    if field.empty_label is not None:
        first.append(("", field.empty_label))
    if getattr(field, "null_label", None) is not None:  # a filter's "none" choice
        first.append((field.null_value, field.null_label))
    offered = getattr(field, "offered", None)
    if offered is not None:
        return first + offered(bound_field)
    return first + [choices.choice(row) for row in field.queryset]
