"""The bell, the notifications page and each person's channel choices.

Notifications are personal: every view starts from the reader's own, so
another person's notification is 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from users.clean_forms import CleanForm
from users.listing import paginate
from users.notifications.messages import linkable_ids, may_link
from users.notifications.messages import render as words
from users.notifications.preferences import PreferencesForm
from users.notifications.records import Kind, Notification

BELL_LATEST = 5


class NotificationFilter(CleanForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Kind.choices],
    )
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            ("", gettext_lazy("Any")),
            ("unread", gettext_lazy("Unread")),
            ("read", gettext_lazy("Read")),
        ],
    )


def _rows(notifications, user, language: str) -> list[dict]:
    """Each notification with its words and, when the reader may open it, a link."""
    notifications = list(notifications)
    linkable = linkable_ids(notifications, user)
    return [
        {
            "notification": notification,
            "message": words(
                notification,
                link=may_link(notification, linkable),
                language=language,
            ),
        }
        for notification in notifications
    ]


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(recipient=request.user)
    form = NotificationFilter(request.GET or None)
    if form.is_valid():
        if kind := form.cleaned_data["kind"]:
            mine = mine.filter(kind=kind)
        if (state := form.cleaned_data["state"]) == "unread":
            mine = mine.unread()
        elif state == "read":
            mine = mine.filter(read_at__isnull=False)
    elif form.is_bound:
        mine = mine.none()
    page_obj = paginate(request, mine.order_by("-created_at", "-id"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": _rows(page_obj.object_list, request.user, request.LANGUAGE_CODE),
            "is_filtered": form.is_bound
            and any(request.GET.get(k) for k in form.fields),
            "unread_count": Notification.objects.filter(recipient=request.user)
            .unread()
            .count(),
        },
    )


@login_required
def bell(request: HttpRequest) -> HttpResponse:
    """The top bar's bell: unread count and the latest unread (polled by htmx)."""
    unread = Notification.objects.filter(recipient=request.user).unread()
    latest = unread.order_by("-created_at", "-id")[:BELL_LATEST]
    return render(
        request,
        "notifications/_bell.html",
        {
            "unread_count": unread.count(),
            "rows": _rows(latest, request.user, request.LANGUAGE_CODE),
        },
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to its record, or to the list when it cannot open."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    row = _rows([notification], request.user, request.LANGUAGE_CODE)[0]
    if url := row["message"].url:
        return redirect(url)
    messages.info(
        request, _("What this notification was about is no longer yours to open.")
    )
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if request.htmx:
        row = _rows([notification], request.user, request.LANGUAGE_CODE)[0]
        response = render(request, "notifications/_notification_row.html", row)
        response["HX-Trigger"] = "notificationsRead"
        return response
    return redirect(request.POST.get("next") or "notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = (
        Notification.objects.filter(recipient=request.user)
        .unread()
        .update(read_at=timezone.now())
    )
    messages.success(
        request, _("%(count)d notifications marked as read.") % {"count": count}
    )
    return redirect("notifications:list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
