"""What a locked-out login sees: the login page, saying how long to wait.

django-axes counts failed logins per username and per address and calls
`lockout_response` (AXES_LOCKOUT_CALLABLE) once either reaches the limit. The
answer does not depend on whether the username exists.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

TOO_MANY_REQUESTS = 429


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The login page with the lockout message and the wait in minutes."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "lockout_minutes": minutes,
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    return render(request, "registration/login.html", context, status=TOO_MANY_REQUESTS)


def client_address(request: HttpRequest) -> str | None:
    """The address failed logins are counted against (AXES_CLIENT_IP_CALLABLE).

    Behind LOGIN_TRUSTED_PROXIES reverse proxies, the address the nearest
    trusted proxy saw (X-Forwarded-For, counted from the right); otherwise the
    connection's address, since a client can write any X-Forwarded-For.
    """
    from django.conf import settings

    proxies = settings.LOGIN_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR")
