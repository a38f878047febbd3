from django.urls import include, path

app_name = "catalog"

urlpatterns = [
    path("", include("govhall.catalog.guide_urls")),
    path("", include("govhall.catalog.pdf_urls")),
    path("", include("govhall.catalog.spreadsheet_urls")),
]
