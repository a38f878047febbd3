from django.urls import path

from govhall.feedback import views

app_name = "feedback"

urlpatterns = [
    path("pad/<slug:code>/", views.pad, name="pad"),
    path("pad/<slug:code>/state/", views.pad_state, name="pad_state"),
    path("pad/<slug:code>/photo/", views.pad_photo, name="pad_photo"),
]
