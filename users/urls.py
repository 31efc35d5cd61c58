from django.urls import path

from users import views

app_name = "users"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("people/search/", views.people_search, name="people_search"),
]
