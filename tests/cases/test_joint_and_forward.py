"""联办件 through parallel tasks of two departments, and 上报件 to a higher centre and outside."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.cases.conftest import Hall, accepted_case, publish_item
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory

from govhall.cases.models import Case, CaseState, Decision, ForwardTarget, JointTaskState
from govhall.cases.selectors import case_for, case_queryset_for, my_tasks
from govhall.cases.services import (
    DecisionInput,
    case_forward,
    case_forward_result,
    case_withdraw,
    joint_task_answer,
    step_decide,
    step_pass,
)
from govhall.org.roles import Role

pytestmark = pytest.mark.django_db


def test_a_joint_case_waits_for_every_department_and_the_lead_decides(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.joint)
    step = case.current_step
    assert step is not None and step.name == "并联审查"
    tasks = {task.department_id: task for task in case.joint_tasks.all()}
    assert set(tasks) == {hall.health.pk, hall.fire.pk}
    assert case_for(user=hall.health_reviewer, number=case.number) == case
    with pytest.raises(ValidationError, match="区卫生健康局"):
        step_pass(step=step, user=hall.reviewer, opinion="同意")
    with pytest.raises(PermissionDenied):
        joint_task_answer(task=tasks[hall.fire.pk], user=hall.health_reviewer, agree=True, opinion="")
    joint_task_answer(
        task=tasks[hall.health.pk], user=hall.health_reviewer, agree=True, opinion="符合卫生要求"
    )
    with pytest.raises(ValidationError, match="理由"):
        joint_task_answer(task=tasks[hall.fire.pk], user=hall.fire_reviewer, agree=False, opinion="")
    joint_task_answer(
        task=tasks[hall.fire.pk], user=hall.fire_reviewer, agree=False, opinion="疏散通道不符合要求"
    )
    assert case.joint_tasks.get(department=hall.fire).state == JointTaskState.REFUSED
    decide = step_pass(step=step, user=hall.reviewer, opinion="消防意见不同意")
    assert decide is not None
    refused = DecisionInput(decision=Decision.REFUSED, reasons="消防审查不合格：疏散通道不符合要求")
    case = step_decide(step=decide, user=hall.approver, data=refused)
    assert case.state == CaseState.DECIDED and case.decision == Decision.REFUSED


def test_joint_participants_do_not_see_cases_without_their_task(hall: Hall) -> None:
    case = accepted_case(hall)
    assert not case_queryset_for(hall.health_reviewer).filter(pk=case.pk).exists()


def test_an_escalated_case_goes_to_the_higher_centre_and_the_result_comes_back(hall: Hall) -> None:
    city = CentreFactory(code="WF", name="潍坊市政务服务中心", level="city")
    hall.centre.parent = city
    hall.centre.save()
    city_market = DepartmentFactory(centre=city, name="市市场监督管理局", code="SSCJG")
    city_reviewer = StaffFactory(centre=city, department=city_market, roles=[Role.REVIEWER]).user
    city_approver = StaffFactory(centre=city, department=city_market, roles=[Role.APPROVER]).user
    case = accepted_case(hall, version=hall.escalated)
    first = case.current_step
    assert first is not None and first.name == "初审"
    forward = step_pass(step=first, user=hall.reviewer, opinion="初审通过")
    assert forward is not None and forward.name == "上报"
    with pytest.raises(ValidationError, match="上级"):
        case_forward(case=case, user=hall.chief, target=ForwardTarget.HIGHER_CENTRE, department=hall.health)
    forwarding = case_forward(
        case=case, user=hall.chief, target=ForwardTarget.HIGHER_CENTRE, department=city_market
    )
    case.refresh_from_db()
    assert case.state == CaseState.ESCALATED and case.clock_stopped_on is not None
    linked = forwarding.linked_case
    assert linked is not None and linked.centre == city and linked.state == CaseState.HANDLING
    assert linked.applicant_id == case.applicant_id
    assert not case_queryset_for(hall.clerk).filter(pk=linked.pk).exists()
    review = linked.current_step
    assert review is not None
    decide = step_pass(step=review, user=city_reviewer, opinion="同意")
    assert decide is not None
    step_decide(
        step=decide, user=city_approver, data=DecisionInput(decision=Decision.GRANTED, result_number="X-1")
    )
    linked.refresh_from_db()
    case.refresh_from_db()
    assert linked.state == CaseState.ARCHIVED
    assert case.state == CaseState.HANDLING
    assert case.current_step is not None and case.current_step.name == "结果反馈"
    assert "准予" in case.forwarding.result_note
    case = step_decide(
        step=case.current_step,
        user=hall.clerk,
        data=DecisionInput(decision=Decision.GRANTED, result_number="X-1"),
    )
    assert case.state == CaseState.DECIDED


def test_an_escalated_case_to_an_outside_body_has_its_result_recorded_by_hand(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.escalated)
    assert case.current_step is not None
    step_pass(step=case.current_step, user=hall.reviewer, opinion="初审通过")
    case_forward(
        case=case,
        user=hall.chief,
        target=ForwardTarget.OUTSIDE_BODY,
        body_name="山东省药品监督管理局",
        reference="鲁药监收〔2026〕88号",
    )
    case = case_forward_result(case=case, user=hall.clerk, result="省局准予许可，证号鲁AA5360001")
    assert case.state == CaseState.HANDLING
    assert case.current_step is not None and case.current_step.name == "结果反馈"


def test_withdrawing_a_forwarded_case_withdraws_the_linked_one(hall: Hall) -> None:
    city = CentreFactory(code="WF2", name="潍坊市政务服务中心", level="city")
    hall.centre.parent = city
    hall.centre.save()
    city_market = DepartmentFactory(centre=city, name="市市场监督管理局", code="SSCJG")
    case = accepted_case(hall, version=hall.escalated)
    assert case.current_step is not None
    step_pass(step=case.current_step, user=hall.reviewer, opinion="初审通过")
    forwarding = case_forward(
        case=case, user=hall.chief, target=ForwardTarget.HIGHER_CENTRE, department=city_market
    )
    case_withdraw(case=case, user=hall.clerk, reason="申请人撤回")
    linked = Case.objects.get(pk=forwarding.linked_case_id)
    assert linked.state == CaseState.WITHDRAWN and linked.current_step is None


def test_a_withdrawn_joint_case_leaves_the_participants_task_lists(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.joint)
    assert [task.case for task in my_tasks(user=hall.health_reviewer).joint_tasks] == [case]
    case_withdraw(case=case, user=hall.clerk, reason="申请人书面撤回")
    assert my_tasks(user=hall.health_reviewer).joint_tasks == []


def test_chief_may_review_and_approve_when_the_item_allows(hall: Hall) -> None:
    version = publish_item(hall.market, code="SCJG-09", chief_may_review_and_approve=True, name="小餐饮登记")
    case = accepted_case(hall, version=version)
    assert case.current_step is not None
    decide = step_pass(step=case.current_step, user=hall.chief, opinion="同意")
    assert decide is not None
    case = step_decide(step=decide, user=hall.chief, data=DecisionInput(decision=Decision.GRANTED))
    assert case.state == CaseState.DECIDED
