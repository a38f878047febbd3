"""The case page and its actions, included into the ``cases`` namespace at the site root:
``cases:case_detail``, ``cases:case_unmask`` and ``cases:case_action`` (one POST per action name).

``cases/<number>/`` takes any first segment, so this module goes after every other
``cases/<word>/`` route in ``cases/urls.py``.
"""

from django.urls import URLPattern, path

from govhall.cases.views import case as case_views

urlpatterns: list[URLPattern] = [
    path("cases/<str:number>/", case_views.case_detail, name="case_detail"),
    path("cases/<str:number>/unmask/", case_views.case_unmask, name="case_unmask"),
    path("cases/<str:number>/actions/<slug:action>/", case_views.case_action, name="case_action"),
]
