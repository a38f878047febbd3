from govhall.queueing import kiosk_apis, window_apis

urlpatterns = [*kiosk_apis.urlpatterns, *window_apis.urlpatterns]
