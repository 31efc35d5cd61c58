from django.urls import path

from customers.views import crud, picker, transfer

app_name = "customers"
urlpatterns = [
    path("", crud.customer_list, name="list"),
    path("new/", crud.customer_create, name="create"),
    path("export/", transfer.customer_export, name="export"),
    path("import/", transfer.customer_import, name="import"),
    path("options/", picker.customer_options, name="options"),
    path("<int:pk>/", crud.customer_detail, name="detail"),
    path("<int:pk>/edit/", crud.customer_update, name="update"),
    path("<int:pk>/delete/", crud.customer_delete, name="delete"),
    path("<int:pk>/contacts/new/", crud.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", crud.contact_update, name="contact_update"),
    path("contacts/<int:pk>/delete/", crud.contact_delete, name="contact_delete"),
]
