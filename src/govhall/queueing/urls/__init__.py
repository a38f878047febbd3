from govhall.queueing.urls import display as display_urls
from govhall.queueing.urls import kiosk as kiosk_urls
from govhall.queueing.urls import monitor as monitor_urls
from govhall.queueing.urls import window as window_urls

app_name = "queueing"

urlpatterns = [
    *kiosk_urls.urlpatterns,
    *window_urls.urlpatterns,
    *display_urls.urlpatterns,
    *monitor_urls.urlpatterns,
]
