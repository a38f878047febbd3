from django.urls import path

from govhall.cases import case_urls, intake_urls, notice_views, public_urls, worklist_urls

app_name = "cases"

urlpatterns = [
    *worklist_urls.urlpatterns,
    *intake_urls.urlpatterns,
    *public_urls.urlpatterns,
    path("cases/<str:number>/notices/<id:notice_id>.pdf", notice_views.notice_download, name="notice_pdf"),
    *case_urls.urlpatterns,
]
