"""Placeholder until this module is written; every view answers 404."""

from django.http import Http404


def customer_export(request, *args, **kwargs):
    raise Http404


def customer_import(request, *args, **kwargs):
    raise Http404
