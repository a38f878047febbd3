from django.urls import URLPattern, path

from govhall.catalog.views import spreadsheet as spreadsheet_views

urlpatterns: list[URLPattern] = [
    path("catalog/spreadsheet/", spreadsheet_views.spreadsheet_page, name="spreadsheet"),
    path("catalog/spreadsheet/export.xlsx", spreadsheet_views.spreadsheet_export, name="spreadsheet-export"),
]
