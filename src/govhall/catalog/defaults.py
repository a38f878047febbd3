"""The default process templates and guide themes every centre starts with.

Kept by a post_migrate handler (like the role groups), so a fresh database, a flushed one
(``govhall demo --reset``, transactional tests) and an upgraded one all have them; an
administrator's edits to an existing template or theme are kept.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import transaction

TEMPLATES = [
    (
        "immediate",
        "即办件（当场办结）",
        "immediate",
        "窗口受理后当场或当日办结。",
        [
            ("受理", "accept", "window_clerk", 0),
            ("审核办结", "decide", "chief_representative", 0),
            ("送达", "deliver", "window_clerk", 0),
        ],
    ),
    (
        "promised-2",
        "承诺件（一审一核）",
        "promised",
        "受理后经审查员审查、核准员核准（一审一核）。",
        [
            ("受理", "accept", "window_clerk", 0),
            ("审查", "review", "reviewer", 2),
            ("核准", "decide", "approver", 1),
            ("办结", "complete", "window_clerk", 0),
            ("送达", "deliver", "window_clerk", 0),
        ],
    ),
    (
        "promised-3",
        "承诺件（三级审批）",
        "promised",
        "受理后经审查、首席代表审核、核准三级审批。",
        [
            ("受理", "accept", "window_clerk", 0),
            ("审查", "review", "reviewer", 2),
            ("审核", "review", "chief_representative", 1),
            ("核准", "decide", "approver", 1),
            ("办结", "complete", "window_clerk", 0),
            ("送达", "deliver", "window_clerk", 0),
        ],
    ),
    (
        "joint",
        "联办件（并联审批）",
        "joint",
        "主办部门受理，参与部门并联审查，主办部门核准办结，一口进一口出。",
        [
            ("受理", "accept", "window_clerk", 0),
            ("并联审查", "joint_review", "reviewer", 3),
            ("核准", "decide", "approver", 1),
            ("办结", "complete", "window_clerk", 0),
            ("送达", "deliver", "window_clerk", 0),
        ],
    ),
    (
        "escalated",
        "上报件（报上级审批）",
        "escalated",
        "受理并初审后在承诺时限内报上级，结果返回后通知申请人。",
        [
            ("受理", "accept", "window_clerk", 0),
            ("初审", "review", "reviewer", 2),
            ("上报", "forward", "chief_representative", 1),
            ("结果反馈", "decide", "window_clerk", 0),
            ("送达", "deliver", "window_clerk", 0),
        ],
    ),
]

THEMES = [
    ("birth", "生育收养", "person"),
    ("education", "教育培训", "person"),
    ("employment", "就业创业", "person"),
    ("marriage", "婚姻登记", "person"),
    ("housing", "住房保障", "person"),
    ("social-security", "社会保障", "person"),
    ("medical", "医疗卫生", "person"),
    ("assistance", "社会救助", "person"),
    ("household", "户籍身份", "person"),
    ("travel", "交通出行", "person"),
    ("retirement", "退休养老", "person"),
    ("bereavement", "身后事", "person"),
    ("start-business", "开办企业", "organisation"),
    ("construction", "工程建设", "organisation"),
    ("operating-licence", "经营许可", "organisation"),
    ("tax", "税费办理", "organisation"),
    ("hr", "人力资源社保", "organisation"),
    ("environment", "环境保护", "organisation"),
    ("transport-business", "交通运输经营", "organisation"),
    ("close-business", "注销企业", "organisation"),
]


def ensure_catalogue_defaults(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    state_apps = kwargs.get("apps") or global_apps
    try:
        ProcessTemplate = state_apps.get_model("catalog", "ProcessTemplate")
        ProcessTemplateStep = state_apps.get_model("catalog", "ProcessTemplateStep")
        LifeEvent = state_apps.get_model("catalog", "LifeEvent")
    except LookupError:
        return
    with transaction.atomic(using=using):
        for code, name, kind, description, steps in TEMPLATES:
            template, created = ProcessTemplate.objects.using(using).get_or_create(
                code=code, defaults={"name": name, "case_kind": kind, "description": description}
            )
            if created:
                ProcessTemplateStep.objects.using(using).bulk_create(
                    ProcessTemplateStep(
                        template=template, order=order, name=step_name, kind=kind, role=role, budget_days=days
                    )
                    for order, (step_name, kind, role, days) in enumerate(steps, start=1)
                )
        for order, (code, name, audience) in enumerate(THEMES):
            LifeEvent.objects.using(using).get_or_create(
                code=code, defaults={"name": name, "audience": audience, "order": order}
            )
