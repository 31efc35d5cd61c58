from django.urls import path

from leads.views import crud, imports, transfer

app_name = "leads"
urlpatterns = [
    path("", crud.lead_list, name="list"),
    path("pool/", crud.lead_pool, name="pool"),
    path("new/", crud.lead_create, name="create"),
    path("assign/", crud.lead_bulk_assign, name="bulk_assign"),
    # The lead id travels in the form, like bulk_assign: a status move is a
    # small form on the detail page.
    path("export/", transfer.lead_export, name="export"),
    path("import/", transfer.lead_import, name="import"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/refused.csv", imports.import_refused, name="import_refused"),
    path("<int:pk>/", crud.lead_detail, name="detail"),
    path("<int:pk>/edit/", crud.lead_update, name="update"),
    path("<int:pk>/claim/", crud.lead_claim, name="claim"),
    path("<int:pk>/return/", crud.lead_return, name="return_to_pool"),
    path("<int:pk>/status/", crud.lead_set_status, name="set_status"),
    path("<int:pk>/assign/", crud.lead_assign, name="assign"),
    path("<int:pk>/activities/new/", crud.lead_log_activity, name="log_activity"),
    path("<int:pk>/follow-up/", crud.lead_followup_form, name="followup_form"),
]
