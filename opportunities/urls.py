from django.urls import path

from opportunities.views import (
    activities,
    board,
    buying_team,
    convert,
    crud,
    judging,
    transfer,
)

app_name = "opportunities"
urlpatterns = [
    path("", crud.opportunity_list, name="list"),
    path("new/", crud.opportunity_create, name="create"),
    path("export/", transfer.opportunity_export, name="export"),
    path("board/", board.opportunity_board, name="board"),
    path("activities/new/", activities.activity_log, name="activity_log"),
    path("convert-lead/<int:lead_id>/", convert.lead_convert, name="convert_lead"),
    path("<int:pk>/", crud.opportunity_detail, name="detail"),
    path("<int:pk>/edit/", crud.opportunity_update, name="update"),
    path("<int:pk>/close/", crud.opportunity_close, name="close"),
    path("<int:pk>/reopen/", crud.opportunity_reopen, name="reopen"),
    path("<int:pk>/move/", board.opportunity_move, name="move"),
    path(
        "<int:pk>/criteria/",
        judging.opportunity_tick_criterion,
        name="tick_criterion",
    ),
    path("<int:pk>/stage/", judging.opportunity_set_stage, name="set_stage"),
    path(
        "<int:pk>/buying-team/",
        buying_team.deal_contact_add,
        name="deal_contact_add",
    ),
    path(
        "buying-team/<int:pk>/remove/",
        buying_team.deal_contact_remove,
        name="deal_contact_remove",
    ),
]
