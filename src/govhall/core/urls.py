from django.urls import path

from govhall.core import views

app_name = "core"

urlpatterns = [
    path("system/jobs/", views.jobs, name="jobs"),
]
