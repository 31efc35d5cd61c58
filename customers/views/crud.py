"""Placeholder until this module is written; every view answers 404."""

from django.http import Http404


def customer_list(request, *args, **kwargs):
    raise Http404


def customer_create(request, *args, **kwargs):
    raise Http404


def customer_detail(request, *args, **kwargs):
    raise Http404


def customer_update(request, *args, **kwargs):
    raise Http404


def customer_delete(request, *args, **kwargs):
    raise Http404


def contact_create(request, *args, **kwargs):
    raise Http404


def contact_update(request, *args, **kwargs):
    raise Http404


def contact_delete(request, *args, **kwargs):
    raise Http404
