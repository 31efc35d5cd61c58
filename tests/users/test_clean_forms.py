"""Every form of the product, and the admin's, cleans the text it is given."""

import importlib
import pkgutil

from django import forms
from django.contrib import admin
from django.urls import reverse

from customers.models import Customer
from tests.factories import CustomerFactory
from users.clean_forms import CleanInputMixin

APPS = ["users", "leads", "customers", "opportunities", "contracts", "payments"]


def project_forms() -> list[type]:
    found = []
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or info.name.endswith(".tests"):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == info.name
                ):
                    found.append(value)
    return found


def test_every_form_of_the_product_cleans_its_text():
    found = project_forms()
    assert len(found) >= 25
    assert [f for f in found if not issubclass(f, CleanInputMixin)] == []


def test_every_admin_form_and_inline_cleans_its_text():
    for model_admin in admin.site._registry.values():
        assert issubclass(model_admin.form, CleanInputMixin), model_admin
        for inline in model_admin.inlines:
            assert issubclass(inline.form, CleanInputMixin), inline


def test_admin_saves_a_customer_without_its_invisible_characters(client, adam):
    customer = CustomerFactory(legal_name="甲公司")
    client.force_login(adam)
    url = reverse("admin:customers_customer_change", args=[customer.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    payload = {
        name: form[name].value() or "" for name in form.fields if name != "owner"
    }
    payload.update(
        {
            "owner": customer.owner_id,
            "legal_name": "乙\u200b公司\u202e",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, payload)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Customer.objects.get().legal_name == "乙公司"
