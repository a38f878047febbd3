from django.urls import URLPattern, path

from govhall.queueing import supervision_views

urlpatterns: list[URLPattern] = [
    path("hall/monitor/", supervision_views.monitor, name="monitor"),
    path("hall/monitor/live/", supervision_views.monitor_live, name="monitor_live"),
    path("hall/statistics/", supervision_views.statistics_page, name="statistics"),
    path("hall/statistics/export.xlsx", supervision_views.statistics_export, name="statistics_export"),
    path("hall/tickets/", supervision_views.ticket_lookup, name="ticket_lookup"),
    path("hall/tickets/<id:pk>/", supervision_views.ticket_detail, name="ticket_detail"),
]
