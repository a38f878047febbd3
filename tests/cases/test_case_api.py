"""The case API: intake, the steps of handling, fees, who may see and do what, masking, the schema."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from tests.cases.conftest import COMPANY, PERSON, Hall, accepted_case, all_received
from tests.factories import resident_id_number

from govhall.cases.models import (
    Applicant,
    Case,
    CaseState,
    CaseStep,
    MaterialCheck,
    Notice,
    NoticeKind,
    SpecialProcedure,
    StepState,
)
from govhall.catalog.models import ItemFee, ItemVersion

pytestmark = pytest.mark.django_db

FULL_ID = "110105199003071239"
FULL_PHONE = "13812345678"


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(client: APIClient, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(f"/api/v1/{url}", data or {}, format="json")


def materials(version: ItemVersion, *, missing: tuple[int, ...] = ()) -> list[dict[str, Any]]:
    return [
        {
            "item_material": row.item_material_id,
            "outcome": row.outcome,
            "originals": row.originals,
            "copies": row.copies,
            "problem": row.problem,
        }
        for row in all_received(version, missing=missing)
    ]


def intake(version: ItemVersion, **overrides: Any) -> dict[str, Any]:
    return {
        "item_version": version.pk,
        "applicant": asdict(PERSON),
        "materials": materials(version),
        "outcome": "accept",
        **overrides,
    }


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    body: dict[str, Any] = response.json()
    return body


def refused(response: Any, status: int, text: str) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    body: dict[str, Any] = response.json()
    assert text in body["detail"], body
    return body


# Intake ---------------------------------------------------------------------------------------


def test_intake_accepts_and_answers_with_the_case_and_its_notice(hall: Hall) -> None:
    response = post(client_for(hall.clerk), "cases", intake(hall.promised))

    body = ok(response, 201)
    case = Case.objects.get()
    assert body["number"] == case.number and body["number"].startswith("WFKW")
    assert body["state"] == CaseState.HANDLING and body["state_label"] == "办理中"
    assert case.due_on is not None and body["due_on"] == case.due_on.isoformat()
    assert body["clock"]["status"] == "running" and body["clock"]["label"] == "剩余5个工作日"
    [notice] = body["notices"]
    assert notice["kind"] == "acceptance" and notice["kind_label"] == "受理通知书"
    assert "受字" in notice["number"]
    assert notice["pdf_url"] == f"http://testserver/cases/{case.number}/notices/{notice['id']}.pdf"
    assert body["applicant"]["id_number_masked"] == "1101**********1239"
    assert body["applicant"]["phone_masked"] == "138****5678"
    assert [step["name"] for step in body["steps"]][:2] == ["受理", "审查"]
    assert body["current_step"] == "审查"
    assert [event["action"] for event in body["events"]][:2] == ["receive", "accept"]
    assert FULL_ID not in response.content.decode() and FULL_PHONE not in response.content.decode()


def test_intake_by_implementation_code_with_an_agent(hall: Hall) -> None:
    data = intake(hall.promised, agent=asdict(PERSON), applicant=asdict(COMPANY))
    del data["item_version"]
    data["item_code"] = "SCJG-01"

    body = ok(post(client_for(hall.clerk), "cases", data), 201)

    assert body["item_version"] == hall.promised.pk
    assert body["applicant"]["kind"] == "organisation" and body["applicant"]["legal_representative"] == "李四"
    assert body["agent"]["id_number_masked"] == "1101**********1239"


def test_intake_takes_local_numbers_whose_region_code_is_newer_than_their_holder(hall: Hall) -> None:
    for region, born in (("370705", "19500315"), ("370700", "19600101")):  # 奎文区 1994, 潍坊市 1983
        number = resident_id_number(region=region, born=born)
        data = intake(hall.promised, applicant={**asdict(PERSON), "id_number": number})
        body = ok(post(client_for(hall.clerk), "cases", data), 201)
        assert body["applicant"]["id_number_masked"] == f"{region[:4]}**********{number[-4:]}"
    assert Case.objects.count() == 2


def test_an_invalid_id_number_is_400_and_nothing_is_written(hall: Hall) -> None:
    data = intake(hall.promised, applicant={**asdict(PERSON), "id_number": "110105199003071234"})

    body = refused(post(client_for(hall.clerk), "cases", data), 400, "校验码不正确")

    assert "校验码不正确" in body["errors"]["id_number"][0]
    assert not Case.objects.exists() and not Applicant.objects.exists()


def test_accepting_with_a_required_material_missing_is_400(hall: Hall) -> None:
    data = intake(hall.promised, materials=materials(hall.promised, missing=(2,)))

    refused(post(client_for(hall.clerk), "cases", data), 400, "不能受理，请出具一次性告知书")

    assert not Case.objects.exists()


def test_a_one_time_notice_then_acceptance_when_the_materials_come_in(hall: Hall) -> None:
    clerk = client_for(hall.clerk)
    data = intake(hall.promised, materials=materials(hall.promised, missing=(2,)), outcome="correction")
    body = ok(post(clerk, "cases", data), 201)
    assert body["state"] == CaseState.CORRECTION and body["due_on"] is None
    assert body["clock"]["status"] == "not_started"
    assert [notice["kind"] for notice in body["notices"]] == ["correction"]
    missing = [row for row in body["materials"] if row["outcome"] == MaterialCheck.MISSING]
    assert [row["name"] for row in missing] == ["食品经营许可申请书"]

    body = ok(
        post(
            clerk,
            f"cases/{body['number']}/answer",
            {"outcome": "accept", "materials": materials(hall.promised)},
        )
    )

    assert body["state"] == CaseState.HANDLING and body["due_on"] is not None
    assert [notice["kind"] for notice in body["notices"]] == ["correction", "acceptance"]


def test_intake_input_errors_are_chinese_and_field_by_field(hall: Hall) -> None:
    data = intake(hall.promised, outcome="maybe")
    del data["item_version"]

    body = refused(post(client_for(hall.clerk), "cases", data), 400, "")

    assert set(body["errors"]) == {"outcome"}
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"])
    unknown = intake(hall.promised, ticket=999999)
    refused(post(client_for(hall.clerk), "cases", unknown), 400, "未找到该排队号")


def test_refusals_are_in_the_one_error_shape(hall: Hall) -> None:
    clerk = client_for(hall.clerk)
    rows = materials(hall.promised)
    rows[1]["outcome"] = "lost"

    wrong = refused(
        post(clerk, "cases", intake(hall.promised, applicant={**asdict(PERSON), "name": ""}, materials=rows)),
        400,
        "",
    )

    assert wrong["code"] == "invalid"
    assert set(wrong["errors"]) == {"applicant.name", "materials.1.outcome"}
    assert wrong["detail"] == wrong["errors"]["applicant.name"][0] + "（另有1处输入有误）"
    denied = refused(post(client_for(hall.reviewer), "cases", intake(hall.promised)), 403, "")
    assert denied == {"detail": "您没有窗口收件受理的权限。", "code": "intake_refusal", "errors": {}}
    missing = refused(clerk.get("/api/v1/cases/NO-SUCH-CASE"), 404, "")
    assert missing == {"detail": "未找到该办件。", "code": "not_found", "errors": {}}
    paging = refused(clerk.get("/api/v1/cases", {"limit": "0"}), 400, "")
    assert paging["errors"] == {"limit": ["每页条数 limit 必须是不小于 1 的整数。"]}
    assert not Case.objects.exists()


def test_intake_needs_the_intake_permission_and_the_department(hall: Hall) -> None:
    refused(post(client_for(hall.reviewer), "cases", intake(hall.promised)), 403, "窗口收件受理")
    refused(post(client_for(hall.other_clerk), "cases", intake(hall.promised)), 403, "本部门")
    assert not Case.objects.exists()


# Seeing cases ---------------------------------------------------------------------------------


def test_list_detail_and_search_stay_in_the_department(hall: Hall) -> None:
    case = accepted_case(hall)
    accepted_case(hall, applicant=COMPANY)
    clerk, other = client_for(hall.clerk), client_for(hall.other_clerk)

    listed = ok(clerk.get("/api/v1/cases"))
    assert listed["count"] == 2
    assert "1101**********1239" in {row["applicant"]["id_number_masked"] for row in listed["results"]}
    assert listed["results"][0]["clock"]["label"] == "剩余5个工作日"
    by_id = ok(clerk.get("/api/v1/cases", {"id_number": FULL_ID}))
    assert [row["number"] for row in by_id["results"]] == [case.number]
    assert ok(clerk.get("/api/v1/cases", {"id_number": "11010519491231002X"}))["count"] == 0
    assert ok(clerk.get("/api/v1/cases", {"number": case.number}))["count"] == 1
    assert ok(clerk.get("/api/v1/cases", {"state": "handling", "item": "食品"}))["count"] == 2
    assert ok(clerk.get("/api/v1/cases", {"state": "archived"}))["count"] == 0
    assert ok(clerk.get(f"/api/v1/cases/{case.number}"))["number"] == case.number

    assert ok(other.get("/api/v1/cases"))["count"] == 0
    assert ok(other.get("/api/v1/cases", {"id_number": FULL_ID}))["count"] == 0
    refused(other.get(f"/api/v1/cases/{case.number}"), 404, "未找到该办件")
    refused(other.get("/api/v1/cases/NO-SUCH-CASE"), 404, "未找到该办件")
    refused(post(other, f"cases/{case.number}/withdraw", {"reason": "撤回"}), 404, "未找到该办件")
    assert case.current_step_id is not None
    refused(post(other, f"steps/{case.current_step_id}/pass", {"opinion": "同意"}), 404, "未找到该办理环节")


def test_a_bad_date_filter_is_a_chinese_400(hall: Hall) -> None:
    body = refused(client_for(hall.clerk).get("/api/v1/cases", {"received_from": "yesterday"}), 400, "")
    assert set(body["errors"]) == {"received_from"}


def test_the_list_does_not_query_per_case(hall: Hall, django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        accepted_case(hall)
    clerk = client_for(hall.clerk)
    with django_assert_max_num_queries(10):
        body = ok(clerk.get("/api/v1/cases", {"limit": 3}))
    assert body["count"] == 5 and len(body["results"]) == 3 and body["next"]


def test_the_case_page_queries_stay_bounded(hall: Hall, django_assert_max_num_queries: Any) -> None:
    case = accepted_case(hall, version=hall.joint)
    clerk = client_for(hall.clerk)
    with django_assert_max_num_queries(18):
        body = ok(clerk.get(f"/api/v1/cases/{case.number}"))
    assert len(body["joint_tasks"]) == 2 and body["bill"] is None and body["delivery"] is None


def test_token_authentication(hall: Hall) -> None:
    case = accepted_case(hall)
    token = Token.objects.create(user=hall.clerk)
    client = APIClient()

    assert client.get(f"/api/v1/cases/{case.number}").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(f"/api/v1/cases/{case.number}")

    assert ok(response)["number"] == case.number
    assert FULL_ID not in response.content.decode() and FULL_PHONE not in response.content.decode()


# Handling -------------------------------------------------------------------------------------


def test_review_then_decision_through_the_steps(hall: Hall) -> None:
    case = accepted_case(hall)
    review = case.current_step
    assert review is not None

    refused(post(client_for(hall.reviewer), f"steps/{review.pk}/pass"), 400, "请填写审查意见")
    refused(post(client_for(hall.approver), f"steps/{review.pk}/pass", {"opinion": "同意"}), 403, "审查员")
    body = ok(post(client_for(hall.reviewer), f"steps/{review.pk}/pass", {"opinion": "材料齐全"}))
    assert body["current_step"] == "核准"
    decide = body["current_step_id"]

    refused(
        post(client_for(hall.approver), f"steps/{decide}/decide", {"decision": "refused"}), 400, "写明理由"
    )
    body = ok(
        post(
            client_for(hall.approver),
            f"steps/{decide}/decide",
            {"decision": "granted", "opinion": "同意", "result_number": "JY001", "valid_from": "2026-01-01"},
        )
    )

    assert body["state"] == CaseState.DECIDED and body["decision"] == "granted"
    assert body["result_name"] == "食品经营许可证" and body["result_number"] == "JY001"
    assert body["result_valid_from"] == "2026-01-01"
    assert "grant" in [notice["kind"] for notice in body["notices"]]
    passed = [step for step in body["steps"] if step["name"] == "审查"]
    assert passed[0]["handler"] == hall.reviewer.staff.name and passed[0]["opinion"] == "材料齐全"


def test_a_step_returned_with_reasons_is_done_again(hall: Hall) -> None:
    case = accepted_case(hall)
    review = ok(post(client_for(hall.reviewer), f"steps/{case.current_step_id}/pass", {"opinion": "同意"}))
    decide = review["current_step_id"]

    refused(post(client_for(hall.approver), f"steps/{decide}/return", {"reason": ""}), 400, "退回须写明理由")
    body = ok(post(client_for(hall.approver), f"steps/{decide}/return", {"reason": "请核实经营场所"}))

    assert body["current_step"] == "审查"
    assert [step["round"] for step in body["steps"] if step["name"] == "审查"] == [1, 2]


def test_one_review_one_approval_is_403(hall: Hall) -> None:
    case = accepted_case(hall)
    chief = client_for(hall.chief)
    decide = ok(post(chief, f"steps/{case.current_step_id}/pass", {"opinion": "同意"}))["current_step_id"]

    refused(post(chief, f"steps/{decide}/decide", {"decision": "granted"}), 403, "一审一核")

    assert CaseStep.objects.get(pk=decide).state == StepState.ACTIVE
    assert Case.objects.get(pk=case.pk).state == CaseState.HANDLING


def test_fees_payment_completion_delivery_and_archive(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.paid)
    decide = ok(post(client_for(hall.reviewer), f"steps/{case.current_step_id}/pass", {"opinion": "同意"}))
    ok(post(client_for(hall.approver), f"steps/{decide['current_step_id']}/decide", {"decision": "granted"}))
    clerk, cashier = client_for(hall.clerk), client_for(hall.cashier)

    refused(post(clerk, f"cases/{case.number}/complete"), 409, "请先开具缴费单")
    bill = ok(post(clerk, f"cases/{case.number}/bill"), 201)["bill"]
    assert bill["total"] == "10.00" and bill["state"] == "issued" and bill["lines"][0]["name"] == "工本费"
    refused(post(clerk, f"cases/{case.number}/complete"), 409, "尚未缴费")
    refused(post(clerk, f"bills/{bill['number']}/pay", {"receipt_number": "PJ0001"}), 403, "收费员")
    refused(post(cashier, f"bills/{bill['number']}/pay", {"receipt_number": ""}), 400, "票据号码")
    paid = ok(post(cashier, f"bills/{bill['number']}/pay", {"receipt_number": "PJ0001"}))
    assert paid["bill"]["state"] == "paid" and paid["bill"]["receipt_number"] == "PJ0001"

    body = ok(post(clerk, f"cases/{case.number}/complete"))
    assert body["state"] == CaseState.COMPLETED and body["clock"]["status"] == "on_time"
    refused(
        post(clerk, f"cases/{case.number}/deliver", {"method": "pickup", "recipient": "张三"}), 400, "签名"
    )
    signed = {"method": "pickup", "recipient": "张三", "signed": True}
    refused(post(clerk, f"cases/{case.number}/deliver", signed), 400, "请先打印送达回证")
    printed = ok(post(clerk, f"cases/{case.number}/delivery-receipt"))
    assert [notice["kind"] for notice in printed["notices"]][-1] == "delivery_receipt"
    body = ok(
        post(clerk, f"cases/{case.number}/deliver", {"method": "pickup", "recipient": "张三", "signed": True})
    )
    assert body["state"] == CaseState.DELIVERED and body["delivery"]["method_label"] == "窗口领取"
    body = ok(post(clerk, f"cases/{case.number}/archive"))
    assert body["state"] == CaseState.ARCHIVED and body["archived_on"] is not None


def test_a_waiver_needs_someone_else_to_approve_it(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.paid)
    decide = ok(post(client_for(hall.reviewer), f"steps/{case.current_step_id}/pass", {"opinion": "同意"}))
    ok(post(client_for(hall.approver), f"steps/{decide['current_step_id']}/decide", {"decision": "granted"}))
    fee = ItemFee.objects.get(version=hall.paid)
    chosen = {"fees": [{"item_fee": fee.pk}]}
    bill = ok(post(client_for(hall.clerk), f"cases/{case.number}/bill", chosen), 201)["bill"]
    assert bill["total"] == "10.00"

    body = ok(
        post(
            client_for(hall.chief),
            f"bills/{bill['number']}/adjustments",
            {"kind": "waiver", "reason": "困难群众"},
        ),
        201,
    )
    [adjustment] = body["bill"]["adjustments"]
    assert adjustment["state"] == "pending" and adjustment["requested_by"] == hall.chief.staff.name
    refused(
        post(client_for(hall.chief), f"adjustments/{adjustment['id']}/decide", {"approve": True}), 403, ""
    )
    body = ok(
        post(
            client_for(hall.manager),
            f"adjustments/{adjustment['id']}/decide",
            {"approve": True, "note": "属实"},
        )
    )

    assert body["bill"]["state"] == "waived"
    assert body["bill"]["adjustments"][0]["decision_note"] == "属实"
    assert ok(post(client_for(hall.clerk), f"cases/{case.number}/complete"))["state"] == CaseState.COMPLETED


def test_special_procedure_and_extension(hall: Hall) -> None:
    case = accepted_case(hall)
    clerk = client_for(hall.clerk)

    body = ok(post(clerk, f"cases/{case.number}/suspend", {"kind": "site_check", "reason": "核查经营场所"}))
    assert body["state"] == CaseState.SUSPENDED and body["clock"]["label"] == "暂停中"
    assert body["special_procedures"][0]["kind_label"] == "实地核查"
    body = ok(post(clerk, f"cases/{case.number}/resume", {"result": "场所符合要求"}))
    assert body["state"] == CaseState.HANDLING and body["special_procedures"][0]["result"] == "场所符合要求"

    refused(
        post(clerk, f"cases/{case.number}/extensions", {"days": 11, "reason": "情况复杂"}),
        400,
        "最多延长10个工作日",
    )
    body = ok(post(clerk, f"cases/{case.number}/extensions", {"days": 10, "reason": "情况复杂"}), 201)
    [extension] = body["extensions"]
    refused(post(clerk, f"extensions/{extension['id']}/decide", {"approve": True}), 403, "批准延期")
    chief = client_for(hall.chief)
    actions = {
        action["action"]: action for action in ok(chief.get(f"/api/v1/cases/{case.number}"))["actions"]
    }
    assert actions["extension_decide"] == {
        "action": "extension_decide",
        "label": "审批延期",
        "allowed": True,
        "reason": "",
        "code": "",
        "of_state": False,
    }
    assert (
        actions["extension_request"]["of_state"]
        and "已有待批准的延期申请" in actions["extension_request"]["reason"]
    )
    body = ok(post(chief, f"extensions/{extension['id']}/decide", {"approve": True, "note": "同意延期"}))

    assert body["extended_days"] == 10 and body["extensions"][0]["state"] == "approved"
    assert body["extensions"][0]["decision_note"] == "同意延期"
    assert case.due_on is not None and body["due_on"] > case.due_on.isoformat()
    assert "extension" in [notice["kind"] for notice in body["notices"]]


def test_a_second_suspend_and_a_resume_of_a_running_case_are_refused_and_change_nothing(hall: Hall) -> None:
    case = accepted_case(hall)
    clerk = client_for(hall.clerk)

    refused(post(clerk, f"cases/{case.number}/resume", {"result": "无"}), 400, "不能特别程序结束")
    assert not SpecialProcedure.objects.exists()
    assert not case.events.filter(action="resume").exists()

    ok(post(clerk, f"cases/{case.number}/suspend", {"kind": "site_check", "reason": "核查经营场所"}))
    again = post(clerk, f"cases/{case.number}/suspend", {"kind": "hearing", "reason": "再次提交"})
    body = refused(again, 400, "办件当前状态为“特别程序中”，不能启动特别程序")
    assert set(body) == {"detail", "code", "errors"} and body["code"] == "state"
    assert list(SpecialProcedure.objects.values_list("kind", flat=True)) == ["site_check"]
    assert case.events.filter(action="suspend").count() == 1
    assert Notice.objects.filter(case=case, kind=NoticeKind.SPECIAL_PROCEDURE).count() == 1


def test_a_joint_case_is_answered_by_each_participating_department(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.joint)
    health = client_for(hall.health_reviewer)
    tasks = {
        task["department"]["code"]: task["id"]
        for task in ok(client_for(hall.reviewer).get(f"/api/v1/cases/{case.number}"))["joint_tasks"]
    }
    assert set(tasks) == {"WJ", "XF"}
    seen = ok(health.get(f"/api/v1/cases/{case.number}"))
    assert [task["department"]["code"] for task in seen["joint_tasks"]] == ["WJ"]
    actions = {action["action"]: action for action in seen["actions"]}
    assert actions["joint_task_answer"]["allowed"] and not actions["step_pass"]["allowed"]
    assert "主办部门" in actions["step_pass"]["reason"]

    refused(post(health, f"joint-tasks/{tasks['XF']}/answer", {"agree": True}), 404, "未找到该并联审查任务")
    refused(post(health, f"joint-tasks/{tasks['WJ']}/answer", {"agree": False}), 400, "写明理由")
    ok(post(health, f"joint-tasks/{tasks['WJ']}/answer", {"agree": True, "opinion": "符合卫生要求"}))
    refused(post(client_for(hall.reviewer), f"steps/{case.current_step_id}/pass"), 409, "区消防救援大队")
    fire_view = ok(client_for(hall.fire_reviewer).get(f"/api/v1/cases/{case.number}"))
    assert "符合卫生要求" not in str(fire_view["events"]) and len(fire_view["joint_tasks"]) == 1
    body = ok(post(client_for(hall.fire_reviewer), f"joint-tasks/{tasks['XF']}/answer", {"agree": True}))

    assert {task["state"] for task in body["joint_tasks"]} == {"agreed"}
    assert ok(post(client_for(hall.reviewer), f"steps/{case.current_step_id}/pass"))["current_step"] == "核准"


def test_withdrawal_before_the_decision(hall: Hall) -> None:
    case = accepted_case(hall)
    clerk = client_for(hall.clerk)

    refused(post(clerk, f"cases/{case.number}/withdraw", {"reason": " "}), 400, "撤回申请的理由")
    body = ok(post(clerk, f"cases/{case.number}/withdraw", {"reason": "申请人书面申请撤回"}))

    assert body["state"] == CaseState.WITHDRAWN and body["closing_reason"] == "申请人书面申请撤回"
    assert body["current_step"] is None


def test_an_immediate_case_is_done_in_one_sitting(hall: Hall) -> None:
    case = accepted_case(hall, version=hall.immediate)

    refused(
        post(client_for(hall.clerk), f"cases/{case.number}/handle-immediate", {"decision": "granted"}),
        403,
        "即办件",
    )
    body = ok(post(client_for(hall.chief), f"cases/{case.number}/handle-immediate", {"decision": "granted"}))

    assert body["state"] == CaseState.COMPLETED


# Schema ---------------------------------------------------------------------------------------


def test_the_schema_documents_every_case_operation(hall: Hall) -> None:
    schema = ok(client_for(hall.clerk).get("/api/v1/schema/", HTTP_ACCEPT="application/json"))
    paths = schema["paths"]

    assert paths["/api/v1/cases"]["post"]["operationId"] == "cases_create"
    assert paths["/api/v1/cases"]["get"]["operationId"] == "cases_list"
    assert paths["/api/v1/cases/{number}"]["get"]["operationId"] == "cases_retrieve"
    parameters = {parameter["name"] for parameter in paths["/api/v1/cases"]["get"]["parameters"]}
    assert parameters >= {
        "number",
        "id_number",
        "item",
        "state",
        "received_from",
        "received_to",
        "limit",
        "offset",
    }
    for action in (
        "answer",
        "handle-immediate",
        "forward",
        "forward-result",
        "suspend",
        "resume",
        "extensions",
        "bill",
        "complete",
        "deliver",
        "archive",
        "withdraw",
    ):
        assert set(paths[f"/api/v1/cases/{{number}}/{action}"]["post"]["responses"]) >= {"400", "403", "404"}
    for action in ("pass", "return", "claim", "decide"):
        assert f"/api/v1/steps/{{id}}/{action}" in paths
    for path in (
        "/api/v1/joint-tasks/{id}/answer",
        "/api/v1/extensions/{id}/decide",
        "/api/v1/bills/{number}/pay",
        "/api/v1/bills/{number}/adjustments",
        "/api/v1/adjustments/{id}/decide",
    ):
        assert path in paths
    applicant = schema["components"]["schemas"]["CaseApplicantOutput"]["properties"]
    assert "id_number_masked" in applicant and "id_number" not in applicant and "phone" not in applicant


def test_the_schema_generates_without_warnings(tmp_path: Path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/cases/{number}/complete" in (tmp_path / "schema.yaml").read_text()
