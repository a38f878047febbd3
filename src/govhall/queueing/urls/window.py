from django.urls import URLPattern, path

from govhall.queueing.views import window as window_views

urlpatterns: list[URLPattern] = [
    path("window/", window_views.workstation, name="window"),
    path("window/waiting/", window_views.waiting, name="window_waiting"),
    path("window/sign-in/", window_views.sign_in, name="window_sign_in"),
    path("window/sign-out/", window_views.sign_out, name="window_sign_out"),
    path("window/pause/", window_views.pause, name="window_pause"),
    path("window/resume/", window_views.resume, name="window_resume"),
    path("window/call-next/", window_views.call_next, name="window_call_next"),
    path("window/tickets/<id:pk>/hold/", window_views.ticket_hold, name="window_ticket_hold"),
    path("window/tickets/<id:pk>/transfer/", window_views.ticket_transfer, name="window_ticket_transfer"),
    path("window/tickets/<id:pk>/<slug:action>/", window_views.ticket_action, name="window_ticket_action"),
]
