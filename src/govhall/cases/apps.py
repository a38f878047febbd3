from datetime import time
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import NavEntry
from govhall.core.periodic import Job

CASE_SERIES = "case"
BILL_SERIES = "bill"


def notice_series(kind: str) -> str:
    return f"notice-{kind}"


def ensure_case_series(sender: AppConfig, **kwargs: Any) -> None:
    from govhall.cases.models import NOTICE_SERIES_WORDS, NoticeKind
    from govhall.core.models import ResetPeriod
    from govhall.core.numbering import number_series_ensure

    number_series_ensure(
        code=CASE_SERIES, name="办件编号", pattern="{scope}{date:%Y%m%d}{seq:05d}", reset=ResetPeriod.DAY
    )
    number_series_ensure(
        code=BILL_SERIES, name="缴费单号", pattern="JF{scope}{date:%Y%m%d}{seq:05d}", reset=ResetPeriod.DAY
    )
    for kind, word in NOTICE_SERIES_WORDS.items():
        number_series_ensure(
            code=notice_series(kind),
            name=str(NoticeKind(kind).label),
            pattern="{scope}" + word + "字〔{date:%Y}〕第{seq:06d}号",
            reset=ResetPeriod.YEAR,
        )


class CasesConfig(AppConfig):
    name = "govhall.cases"
    label = "cases"
    verbose_name = _("办件")

    nav_entries = (
        NavEntry(
            _("窗口收件"),
            "cases:intake",
            _(
                "从正在办理的排队号或直接收件：选择事项、登记申请人、逐项核验材料，受理、一次性告知、不予受理或退回。"
            ),
            permission="cases.intake_case",
        ),
        NavEntry(
            _("我的待办"),
            "cases:my_tasks",
            _("轮到我办理的环节、并联审查任务和待批准的延期、退费，按到期先后排列。"),
            permission="cases.handle_case",
        ),
        NavEntry(
            _("无人可办"),
            "cases:unassigned",
            _("正在办理、时限照常计算，但当前环节在部门里无人可以办理的办件；为部门安排人员后即进入其待办。"),
            permission="cases.view_unassigned",
        ),
        NavEntry(
            _("部门办件"),
            "cases:department_list",
            _("本部门办件按状态和紧急程度排列，超期在前；按编号、申请人证件号、事项、日期查询。"),
            permission="cases.view_case",
        ),
        NavEntry(
            _("收费登记"),
            "cases:cashier",
            _("按缴费单号收费并登记票据号码。"),
            permission="cases.record_payment",
        ),
    )

    periodic_jobs = (
        Job(
            "cases.auto_accept",
            "govhall.cases.jobs.auto_accept",
            _("逾期未告知视为受理：收件后五个工作日内未受理也未一次性告知的申请，自收件之日起受理"),
            at=time(1, 0),
        ),
    )

    role_permissions = {
        "window_clerk": [
            "cases.view_case",
            "cases.intake_case",
            "cases.handle_case",
            "cases.issue_bill",
        ],
        "reviewer": ["cases.view_case", "cases.handle_case"],
        "approver": ["cases.view_case", "cases.handle_case"],
        "chief_representative": [
            "cases.view_case",
            "cases.intake_case",
            "cases.handle_case",
            "cases.handle_immediate",
            "cases.forward_case",
            "cases.approve_extension",
            "cases.issue_bill",
            "cases.approve_fee_adjustment",
            "cases.unmask_personal_data",
            "cases.view_unassigned",
        ],
        "cashier": ["cases.view_case", "cases.record_payment"],
        "duty_chief": ["cases.view_case", "cases.view_unassigned"],
        "centre_manager": [
            "cases.view_case",
            "cases.view_unassigned",
            "cases.approve_extension",
            "cases.approve_fee_adjustment",
            "cases.unmask_personal_data",
        ],
        "supervision_office": ["cases.view_case", "cases.unmask_personal_data"],
    }

    def ready(self) -> None:
        post_migrate.connect(ensure_case_series, sender=self, dispatch_uid="govhall.cases.series")
