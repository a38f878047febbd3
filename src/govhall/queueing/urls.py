from govhall.queueing import display_urls, kiosk_urls, supervision_urls, window_urls

app_name = "queueing"

urlpatterns = [
    *kiosk_urls.urlpatterns,
    *window_urls.urlpatterns,
    *display_urls.urlpatterns,
    *supervision_urls.urlpatterns,
]
