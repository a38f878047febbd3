from django.urls import path

from govhall.cases.urls import case as case_urls
from govhall.cases.urls import intake as intake_urls
from govhall.cases.urls import public as public_urls
from govhall.cases.urls import worklist as worklist_urls
from govhall.cases.views import notice as notice_views

app_name = "cases"

urlpatterns = [
    *worklist_urls.urlpatterns,
    *intake_urls.urlpatterns,
    *public_urls.urlpatterns,
    path("cases/<str:number>/notices/<id:notice_id>.pdf", notice_views.notice_download, name="notice_pdf"),
    path("cases/<str:number>/bill.pdf", notice_views.bill_notice_download, name="bill_pdf"),
    path("cases/<str:number>/receipt.pdf", notice_views.receipt_download, name="receipt_pdf"),
    path(
        "cases/<str:number>/delivery-receipt/",
        notice_views.delivery_receipt_print,
        name="delivery_receipt",
    ),
    *case_urls.urlpatterns,
]
