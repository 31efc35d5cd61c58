from django.urls import path

from payments.views import balances, invoices, plan, receivables, received

app_name = "payments"
urlpatterns = [
    path("", receivables.receivable_list, name="list"),
    path("export/", receivables.receivable_export_view, name="export"),
    path("contracts/", balances.balance_list, name="balances"),
    path("contracts/export/", balances.balance_export, name="balances_export"),
    path("received/", received.payment_list, name="received"),
    path("received/export/", received.payment_export, name="received_export"),
    path("invoices/", invoices.invoice_list, name="invoices"),
    path("invoices/export/", invoices.invoice_export, name="invoices_export"),
    path("plan/<int:contract_id>/", plan.plan_edit, name="plan"),
    path("contracts/<int:contract_id>/new/", received.payment_create, name="create"),
    path(
        "contracts/<int:contract_id>/invoices/new/",
        invoices.invoice_create,
        name="invoice_create",
    ),
    path("<int:pk>/", received.payment_detail, name="detail"),
    path("<int:pk>/delete/", received.payment_delete, name="delete"),
    path("invoices/<int:pk>/status/", invoices.invoice_status, name="invoice_status"),
]
