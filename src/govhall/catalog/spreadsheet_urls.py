from django.urls import URLPattern, path

from govhall.catalog import spreadsheet_views

urlpatterns: list[URLPattern] = [
    path("catalog/spreadsheet/", spreadsheet_views.spreadsheet_page, name="spreadsheet"),
    path("catalog/spreadsheet/export.xlsx", spreadsheet_views.spreadsheet_export, name="spreadsheet-export"),
]
