"""Public case pages, no login: tracking one case and the results list (办件结果公示).

Included into the ``cases`` namespace at the site root: ``cases:track`` and ``cases:results``.
"""

from django.urls import URLPattern, path

from govhall.cases.views import public as public_views

urlpatterns: list[URLPattern] = [
    path("track/", public_views.track, name="track"),
    path("results/", public_views.results, name="results"),
]
