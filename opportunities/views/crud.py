"""Placeholder until this module is written; every view answers 404."""

from django.http import Http404


def opportunity_list(request, *args, **kwargs):
    raise Http404


def opportunity_create(request, *args, **kwargs):
    raise Http404


def opportunity_detail(request, *args, **kwargs):
    raise Http404


def opportunity_update(request, *args, **kwargs):
    raise Http404


def opportunity_close(request, *args, **kwargs):
    raise Http404


def opportunity_reopen(request, *args, **kwargs):
    raise Http404
