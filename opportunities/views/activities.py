"""Placeholder until this module is written; every view answers 404."""

from django.http import Http404


def activity_log(request, *args, **kwargs):
    raise Http404
