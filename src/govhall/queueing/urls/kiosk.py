from django.urls import path

from govhall.queueing.views import kiosk as kiosk_views

urlpatterns = [
    path("kiosk/<slug:code>/", kiosk_views.kiosk, name="kiosk"),
    path("kiosk/<slug:code>/search/", kiosk_views.kiosk_search_results, name="kiosk_search"),
    path("kiosk/<slug:code>/queues/", kiosk_views.kiosk_queue_list, name="kiosk_queues"),
    path("kiosk/<slug:code>/card-read/", kiosk_views.kiosk_card_read, name="kiosk_card_read"),
    path("kiosk/<slug:code>/tickets/<slug:public_code>/", kiosk_views.kiosk_ticket, name="kiosk_ticket"),
    path("queue/issue/", kiosk_views.ticket_issue, name="ticket_issue"),
    path("queue/issue/<slug:public_code>/", kiosk_views.ticket_issued, name="ticket_issued"),
    path("q/<slug:public_code>/", kiosk_views.position, name="position"),
    path("q/<slug:public_code>/status/", kiosk_views.position_status, name="position_status"),
]
