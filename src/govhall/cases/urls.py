from django.urls import path

from govhall.cases import intake_urls, notice_views, public_urls

app_name = "cases"

urlpatterns = [
    *intake_urls.urlpatterns,
    *public_urls.urlpatterns,
    path("cases/<str:number>/notices/<int:notice_id>.pdf", notice_views.notice_download, name="notice_pdf"),
]
