"""Staff work lists: ``cases:my_tasks``, ``cases:unassigned``, ``cases:department_list``,
``cases:search``, ``cases:cashier`` and ``cases:bill_pay``. Listed before ``cases/<number>/`` so these
words are never read as case numbers."""

from django.urls import URLPattern, path

from govhall.cases.views import worklist as worklist_views

urlpatterns: list[URLPattern] = [
    path("cases/", worklist_views.department_list, name="department_list"),
    path("cases/tasks/", worklist_views.my_tasks_page, name="my_tasks"),
    path("cases/unassigned/", worklist_views.unassigned, name="unassigned"),
    path("cases/search/", worklist_views.search, name="search"),
    path("cases/cashier/", worklist_views.cashier, name="cashier"),
    path("cases/cashier/bills/<id:pk>/pay/", worklist_views.bill_pay, name="bill_pay"),
]
