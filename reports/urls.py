from django.urls import path

from reports.views import day

app_name = "reports"
urlpatterns = [
    path("day/", day.my_day, name="day"),
    path("week/", day.my_week, name="week"),
    path("day/<str:kind>/<int:pk>/follow-up/", day.follow_up, name="follow_up"),
    path("day/<str:kind>/<int:pk>/reschedule/", day.reschedule, name="reschedule"),
]
