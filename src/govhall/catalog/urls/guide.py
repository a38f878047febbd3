"""The public guide's pages and the public catalogue API (included at the site root)."""

from django.urls import URLPattern, path

from govhall.catalog.api import guide as apis
from govhall.catalog.views import guide as guide_views

urlpatterns: list[URLPattern] = [
    path("guide/", guide_views.guide, name="guide"),
    path("guide/<id:item_id>/", guide_views.guide_item, name="guide-item"),
    path(
        "guide/<id:item_id>/materials/<id:material_id>/<slug:kind>/",
        guide_views.material_file,
        name="material-file",
    ),
    path("api/v1/catalog/items", apis.ItemListApi.as_view(), name="api-items"),
    path("api/v1/catalog/items/<id:item_id>", apis.ItemDetailApi.as_view(), name="api-item"),
]
