from django.urls import path

from govhall.org import views

app_name = "org"

urlpatterns = [
    path("calendar/", views.working_calendar, name="calendar"),
]
