from django.urls import path

from govhall.queueing.views import display as display_views

urlpatterns = [
    path("display/<slug:code>/", display_views.display, name="display"),
    path("display/<slug:code>/snapshot/", display_views.display_snapshot, name="display_snapshot"),
    path("display/<slug:code>/stream/", display_views.display_stream, name="display_stream"),
    path("pad/<slug:code>/", display_views.pad, name="pad"),
    path("pad/<slug:code>/state/", display_views.pad_state, name="pad_state"),
    path("pad/<slug:code>/photo/", display_views.pad_photo, name="pad_photo"),
]
