from django.urls import include, path

app_name = "catalog"

urlpatterns = [
    path("", include("govhall.catalog.urls.guide")),
    path("", include("govhall.catalog.urls.pdf")),
    path("", include("govhall.catalog.urls.spreadsheet")),
]
