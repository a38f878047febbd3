from django.urls import URLPattern, path

from govhall.queueing.views import monitor as monitor_views

urlpatterns: list[URLPattern] = [
    path("hall/monitor/", monitor_views.monitor, name="monitor"),
    path("hall/monitor/live/", monitor_views.monitor_live, name="monitor_live"),
    path(
        "hall/monitor/windows/<int:pk>/force-sign-out/",
        monitor_views.force_sign_out,
        name="window_force_sign_out",
    ),
    path("hall/statistics/", monitor_views.statistics_page, name="statistics"),
    path("hall/statistics/export.xlsx", monitor_views.statistics_export, name="statistics_export"),
    path("hall/tickets/", monitor_views.ticket_lookup, name="ticket_lookup"),
    path("hall/tickets/<id:pk>/", monitor_views.ticket_detail, name="ticket_detail"),
]
