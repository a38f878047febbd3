from django.urls import URLPattern, path

from govhall.catalog.views import pdf as pdf_views

urlpatterns: list[URLPattern] = [
    path("guide/<id:item_id>/notice.pdf", pdf_views.notice_pdf, name="notice-pdf"),
    path("guide/<id:item_id>/guide.pdf", pdf_views.guide_pdf_view, name="guide-pdf"),
]
