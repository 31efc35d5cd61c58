from django.urls import path

from contracts.views import attachments, crud, transfer, workflow

app_name = "contracts"
urlpatterns = [
    path("", crud.contract_list, name="list"),
    path("new/", crud.contract_create, name="create"),
    path("export/", transfer.contract_export, name="export"),
    path("opportunity-options/", crud.opportunity_options, name="opportunity_options"),
    path("<int:pk>/", crud.contract_detail, name="detail"),
    path("<int:pk>/edit/", crud.contract_update, name="update"),
    path("<int:pk>/move/<str:action>/", workflow.contract_move, name="move"),
    path(
        "<int:pk>/attachments/",
        attachments.attachment_upload,
        name="attachment_upload",
    ),
    path("attachments/<int:pk>/", attachments.attachment_download, name="attachment"),
    path(
        "attachments/<int:pk>/delete/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
]
