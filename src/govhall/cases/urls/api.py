from django.urls import URLPattern, path

from govhall.cases.api import case as apis

urlpatterns: list[URLPattern] = [
    path("cases", apis.CaseListApi.as_view(), name="cases"),
    path("cases/<str:number>", apis.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<str:number>/answer", apis.CaseAnswerApi.as_view(), name="case-answer"),
    path(
        "cases/<str:number>/handle-immediate", apis.CaseImmediateApi.as_view(), name="case-handle-immediate"
    ),
    path("cases/<str:number>/forward", apis.CaseForwardApi.as_view(), name="case-forward"),
    path(
        "cases/<str:number>/forward-result", apis.CaseForwardResultApi.as_view(), name="case-forward-result"
    ),
    path("cases/<str:number>/suspend", apis.CaseSuspendApi.as_view(), name="case-suspend"),
    path("cases/<str:number>/resume", apis.CaseResumeApi.as_view(), name="case-resume"),
    path("cases/<str:number>/extensions", apis.CaseExtensionApi.as_view(), name="case-extensions"),
    path("cases/<str:number>/bill", apis.CaseBillApi.as_view(), name="case-bill"),
    path("cases/<str:number>/complete", apis.CaseCompleteApi.as_view(), name="case-complete"),
    path("cases/<str:number>/deliver", apis.CaseDeliverApi.as_view(), name="case-deliver"),
    path(
        "cases/<str:number>/delivery-receipt",
        apis.CaseDeliveryReceiptApi.as_view(),
        name="case-delivery-receipt",
    ),
    path("cases/<str:number>/archive", apis.CaseArchiveApi.as_view(), name="case-archive"),
    path("cases/<str:number>/withdraw", apis.CaseWithdrawApi.as_view(), name="case-withdraw"),
    path("steps/<id:pk>/pass", apis.StepPassApi.as_view(), name="step-pass"),
    path("steps/<id:pk>/return", apis.StepReturnApi.as_view(), name="step-return"),
    path("steps/<id:pk>/claim", apis.StepClaimApi.as_view(), name="step-claim"),
    path("steps/<id:pk>/decide", apis.StepDecideApi.as_view(), name="step-decide"),
    path("joint-tasks/<id:pk>/answer", apis.JointTaskAnswerApi.as_view(), name="joint-task-answer"),
    path("extensions/<id:pk>/decide", apis.ExtensionDecideApi.as_view(), name="extension-decide"),
    path("bills/<str:number>/pay", apis.BillPayApi.as_view(), name="bill-pay"),
    path("bills/<str:number>/adjustments", apis.BillAdjustmentApi.as_view(), name="bill-adjustments"),
    path("adjustments/<id:pk>/decide", apis.AdjustmentDecideApi.as_view(), name="adjustment-decide"),
]
