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


def save_customer_in_admin(client, admin_user, **changes):
    """Post the admin's change form of a new customer with `changes`."""
    customer = CustomerFactory(legal_name="甲公司")
    client.force_login(admin_user)
    url = reverse("admin:customers_customer_change", args=[customer.pk])
    form = client.get(url).context["adminform"].form
    payload = {
        name: form[name].value() or "" for name in form.fields if name != "owner"
    }
    payload.update(
        {
            "owner": customer.owner_id,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            **changes,
        }
    )
    return client.post(url, payload)


def test_admin_saves_a_customer_without_its_invisible_characters(client, adam):
    response = save_customer_in_admin(client, adam, legal_name="乙\u200b公司\u202e")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Customer.objects.get().legal_name == "乙公司"


def test_admin_takes_a_web_address_without_scheme_as_https(client, adam):
    response = save_customer_in_admin(client, adam, website="example.com")
    assert response.status_code == 302
    assert Customer.objects.get().website == "https://example.com"
