from django.urls import path

from govhall.queueing.views import display as display_views

urlpatterns = [
    path("display/<slug:code>/", display_views.display, name="display"),
    path("display/<slug:code>/snapshot/", display_views.display_snapshot, name="display_snapshot"),
    path("display/<slug:code>/stream/", display_views.display_stream, name="display_stream"),
]
