"""Placeholder until this module is written; every view answers 404."""

from django.http import Http404


def lead_list(request, *args, **kwargs):
    raise Http404


def lead_pool(request, *args, **kwargs):
    raise Http404


def lead_create(request, *args, **kwargs):
    raise Http404


def lead_detail(request, *args, **kwargs):
    raise Http404


def lead_update(request, *args, **kwargs):
    raise Http404


def lead_claim(request, *args, **kwargs):
    raise Http404


def lead_return(request, *args, **kwargs):
    raise Http404


def lead_assign(request, *args, **kwargs):
    raise Http404


def lead_bulk_assign(request, *args, **kwargs):
    raise Http404


def lead_log_activity(request, *args, **kwargs):
    raise Http404
