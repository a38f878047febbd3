"""The catalogue's rules, in one place, each with its Chinese message.

``field_problems`` checks one version's own fields (called by ``ItemVersion.clean``, so forms,
the admin and the importer all apply it); ``completeness_problems`` checks what a version needs
before it may be submitted or published (materials, fees, steps).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from govhall.core.working_days import period_text

if TYPE_CHECKING:
    from govhall.catalog.models import ItemStep, ItemVersion

Problems = dict[str, list[str]]


def field_problems(version: ItemVersion) -> Problems:
    from govhall.catalog.models import CaseKind, HandlingForm, OnlineDepth, ServiceObject

    problems: Problems = defaultdict(list)
    legal, promised = version.legal_limit, version.promised_limit
    if legal is not None and promised is not None:
        if version.promised_limit_unit != version.legal_limit_unit:
            problems["promised_limit_unit"].append(_("承诺时限的单位应与法定时限一致（工作日或自然日）。"))
        elif promised > legal:
            problems["promised_limit"].append(
                _("承诺办结时限（%(promised)s）不能超过法定办结时限（%(legal)s）。")
                % {"promised": promised, "legal": legal}
            )
    if version.case_kind == CaseKind.IMMEDIATE and promised:
        problems["promised_limit"].append(_("即办件的承诺办结时限应为0（当场或当日办结）。"))
    if version.case_kind != CaseKind.IMMEDIATE and promised == 0:
        problems["promised_limit"].append(_("只有即办件的承诺办结时限可以为0。"))
    if version.visits and not version.visits_reason.strip():
        problems["visits_reason"].append(_("到办事现场次数不为0时，须说明必须现场办理的原因。"))
    if version.online_depth == OnlineDepth.LEVEL_4 and version.visits:
        problems["visits"].append(_("全程网办（网办深度Ⅳ级）的事项，到办事现场次数应为0。"))
    if version.online_depth == OnlineDepth.LEVEL_4 and not version.online_handling:
        problems["online_handling"].append(_("全程网办（网办深度Ⅳ级）的事项须支持网上办理。"))
    if version.case_kind == CaseKind.ESCALATED and not version.escalation_level:
        problems["escalation_level"].append(_("上报件须填写上报层级。"))
    unknown_objects = set(version.service_objects or []) - set(ServiceObject.values)
    if not version.service_objects or unknown_objects:
        problems["service_objects"].append(_("请选择服务对象（自然人、企业法人等）。"))
    unknown_forms = set(version.handling_forms or []) - set(HandlingForm.values)
    if not version.handling_forms or unknown_forms:
        problems["handling_forms"].append(_("请选择办理形式（窗口办理、网上办理等）。"))
    return dict(problems)


def completeness_problems(version: ItemVersion) -> list[str]:
    from govhall.catalog.models import CaseKind

    problems: list[str] = []
    if not version.materials.exists():
        problems.append(_("请至少列出一项申请材料。"))
    has_fees = version.fees.exists()
    if version.charges_fees and not has_fees:
        problems.append(_("收费事项须列出收费项目、收费标准和依据。"))
    if not version.charges_fees and has_fees:
        problems.append(_("事项设为不收费，但列有收费项目。"))
    if version.case_kind == CaseKind.JOINT and not version.joint_departments.exists():
        problems.append(_("联办件须选择参与联办的部门。"))
    if version.joint_departments.filter(pk=version.item.department_id).exists():
        problems.append(_("联办部门不能包含主办部门本身。"))
    if version.windows.exclude(centre_id=version.item.centre_id).exists():
        problems.append(_("办理窗口必须是实施中心的窗口。"))
    steps = list(version.steps.all())
    if not steps:
        problems.append(_("请设置办理流程环节（可从流程模板生成）。"))
    problems.extend(_step_kind_problems(version, steps))
    budget = sum(step.budget_days for step in steps)
    if budget > version.promised_limit:
        unit = version.promised_limit_unit
        problems.append(
            _("各环节时限之和（%(budget)s）超过承诺办结时限（%(promised)s）。")
            % {"budget": period_text(budget, unit), "promised": period_text(version.promised_limit, unit)}
        )
    return problems


def _step_kind_problems(version: ItemVersion, steps: list[ItemStep]) -> list[str]:
    """The case workflow acts on step kinds: one decision step, a forward step for 上报件 and a
    parallel-review step for 联办件, each before the decision."""
    from govhall.catalog.models import CaseKind, StepKind

    if not steps:
        return []
    problems: list[str] = []
    kinds = [step.kind for step in sorted(steps, key=lambda step: step.order)]
    if kinds.count(StepKind.DECIDE) != 1:
        problems.append(_("办理流程须有且只有一个“核准（作出决定）”环节。"))
        return problems
    decide_at = kinds.index(StepKind.DECIDE)
    if kinds[0] != StepKind.ACCEPT:
        problems.append(_("办理流程的第一个环节须为“受理”。"))
    if any(kind in (StepKind.COMPLETE, StepKind.DELIVER) for kind in kinds[:decide_at]):
        problems.append(_("“办结”“送达”环节须在“核准（作出决定）”之后。"))
    if any(kind in (StepKind.REVIEW, StepKind.JOINT_REVIEW, StepKind.FORWARD) for kind in kinds[decide_at:]):
        problems.append(_("审查、并联审查和上报环节须在“核准（作出决定）”之前。"))
    if version.case_kind == CaseKind.ESCALATED and StepKind.FORWARD not in kinds:
        problems.append(_("上报件的办理流程须有“上报”环节。"))
    if version.case_kind == CaseKind.JOINT and StepKind.JOINT_REVIEW not in kinds:
        problems.append(_("联办件的办理流程须有“并联审查”环节。"))
    return problems
