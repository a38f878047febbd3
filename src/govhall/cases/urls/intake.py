"""Window intake pages (窗口收件), included into the ``cases`` namespace at the site root:
``cases:intake`` (pick the item), ``cases:intake_form`` (one item's application) and
``cases:case_answer`` (answer an application waiting for 补正).

``cases/intake/`` must come before any ``cases/<number>/`` route, or that route would take it.
"""

from django.urls import URLPattern, path

from govhall.cases.views import intake as intake_views

urlpatterns: list[URLPattern] = [
    path("cases/intake/", intake_views.intake, name="intake"),
    path("cases/intake/<id:version_id>/", intake_views.intake_form, name="intake_form"),
    path("cases/<str:number>/answer/", intake_views.case_answer_form, name="case_answer"),
]
