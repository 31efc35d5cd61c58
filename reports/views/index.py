from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reports.views.common import REPORTS


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    """The list of reports, each with what it answers."""
    return render(request, "reports/report_index.html", {"reports": REPORTS})
