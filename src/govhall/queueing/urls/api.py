from govhall.queueing.api import kiosk as kiosk_apis
from govhall.queueing.api import window as window_apis

urlpatterns = [*kiosk_apis.urlpatterns, *window_apis.urlpatterns]
