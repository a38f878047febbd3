"""Every operation of the OpenAPI schema (/api/v1/schema/), with requests that schemathesis generates
from it, valid and invalid, as a signed-in staff member (or a kiosk, for the device operations) and
anonymously: no answer is a 5xx.

It lives with the case tests because their hall has the richest data: besides made-up addresses,
each operation is also tried on real rows (cases in several states, a step, an extension, a bill, a
window, tickets), so that the generated requests reach the services and not only the 404s.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.strategies import SearchStrategy
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core import NotSet
from tests.cases.conftest import PERSON, Hall, accepted_case, all_received
from tests.factories import StaffFactory
from tests.queueing.conftest import open_all_day

from govhall.cases.fees import bill_issue
from govhall.cases.models import Decision
from govhall.cases.services import (
    DecisionInput,
    IntakeOutcome,
    case_intake,
    extension_request,
    step_decide,
    step_pass,
)
from govhall.org.models import Window
from govhall.org.roles import Role
from govhall.queueing.devices import token_hash
from govhall.queueing.models import Device, DeviceKind, Queue, WindowQueue
from govhall.queueing.services import ticket_call_next, ticket_issue, window_sign_in

pytestmark = pytest.mark.django_db

EXAMPLES = 3
"""Requests per operation, identity, generation mode and set of path values."""
KIOSK_TOKEN = "fuzz-kiosk-token"
JSON = "application/json"
GRANT = DecisionInput(decision=Decision.GRANTED, opinion="同意", result_number="JY13707050000001")


@dataclass(frozen=True)
class FuzzHall:
    staff: User
    known: dict[str, list[str]]
    """Real values for the path parameter of each resource (the path's segment after /api/v1/)."""


@dataclass(frozen=True)
class ServerError:
    label: str
    path: str
    status: int
    body: str

    def __str__(self) -> str:
        return f"{self.label} {self.path} -> {self.status}: {self.body[:300]}"


@pytest.fixture
def fuzz_hall(hall: Hall) -> FuzzHall:
    """The case hall plus a queue, a kiosk and tickets; one person holds every case and hall role of
    the market department, so requests pass the role checks and reach the state rules."""
    roles = [Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.CHIEF_REPRESENTATIVE, Role.CASHIER]
    staff: User = StaffFactory(centre=hall.centre, department=hall.market, roles=roles).user
    handling = accepted_case(hall)
    extension = extension_request(case=handling, user=hall.clerk, days=5, reason="情况复杂")
    correction = case_intake(
        version=hall.promised,
        applicant=PERSON,
        materials=all_received(hall.promised, missing=(1,)),
        user=hall.clerk,
        outcome=IntakeOutcome.CORRECTION,
    )
    paid = accepted_case(hall, version=hall.paid)
    review = paid.current_step
    assert review is not None
    approve = step_pass(step=review, user=hall.reviewer, opinion="材料齐全")
    assert approve is not None
    bill = bill_issue(case=step_decide(step=approve, user=hall.approver, data=GRANT), user=hall.clerk)
    open_all_day(hall.centre)
    window = Window.objects.get(centre=hall.centre, number="10")
    queue = Queue.objects.create(centre=hall.centre, name="综合受理", prefix="A")
    WindowQueue.objects.create(window=window, queue=queue, weight=1)
    kiosk = Device.objects.create(
        centre=hall.centre,
        kind=DeviceKind.KIOSK,
        code="kiosk-fuzz",
        name="取号机",
        token_hash=token_hash(KIOSK_TOKEN),
    )
    window_sign_in(window=window, user=staff)
    waiting = [ticket_issue(queue=queue, device=kiosk) for _ in range(2)]
    called = ticket_call_next(user=staff)
    step = handling.current_step
    assert called is not None and step is not None
    return FuzzHall(
        staff=staff,
        known={
            "cases": [handling.number, correction.number, paid.number],
            "steps": [str(step.pk)],
            "extensions": [str(extension.pk)],
            "bills": [bill.number],
            "windows": [str(window.pk)],
            "tickets": [str(called.pk), str(waiting[-1].pk)],
            "catalog": [str(hall.promised.item_id)],
        },
    )


def _schemes(operation: APIOperation) -> set[str]:
    return {name for requirement in operation.definition.raw.get("security", []) for name in requirement}


def _path_values(operation: APIOperation, known: dict[str, list[str]]) -> list[dict[str, str] | None]:
    """None (every path parameter generated), then one set per real row of the operation's resource."""
    names = [parameter.name for parameter in operation.path_parameters]
    if len(names) != 1:
        return [None]
    resource = operation.path.removeprefix("/api/v1/").split("/")[0]
    return [None, *({names[0]: value} for value in known.get(resource, []))]


def _modes(operation: APIOperation, path_values: dict[str, str] | None) -> list[GenerationMode]:
    """Valid requests, and invalid ones where something can be invalid (a body, a query, a typed id)."""
    typed_path = path_values is None and any(
        parameter.definition.get("schema", {}).get("type") != "string"
        for parameter in operation.path_parameters
    )
    if operation.body or operation.query or typed_path:
        return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return [GenerationMode.POSITIVE]


def _send(client: Client, case: Case, headers: dict[str, str]) -> HttpResponse:
    query = urlencode(case.query or {}, doseq=True)
    url = f"{case.formatted_path}?{query}" if query else case.formatted_path
    given_headers = {name: str(value) for name, value in (case.headers or {}).items()}
    body: dict[str, Any] = {}
    if case.media_type is not None and not isinstance(case.body, NotSet):
        data = case.body if isinstance(case.body, bytes) else json.dumps(case.body)
        body = {"data": data, "content_type": JSON}
    response: HttpResponse = client.generic(
        case.method.upper(), url, headers={**given_headers, **headers}, **body
    )
    return response


@dataclass(frozen=True)
class Identity:
    client: Client
    headers: dict[str, str]
    thorough: bool
    """Every mode on every set of path values; else valid requests at made-up addresses only (the
    refusal of a stranger does not depend on the input)."""


def _identities(operation: APIOperation, staff: Client, anonymous: Client) -> list[Identity]:
    schemes = _schemes(operation)
    if "deviceToken" in schemes:
        signed_in = Identity(anonymous, {"Authorization": f"Device {KIOSK_TOKEN}"}, thorough=True)
    elif schemes:
        signed_in = Identity(staff, {}, thorough=True)
    else:
        return [Identity(anonymous, {}, thorough=True)]
    return [signed_in, Identity(anonymous, {}, thorough=False)]


def _run(strategy: SearchStrategy[Case], send: Callable[[Case], None]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def each(case: Case) -> None:
        send(case)

    each()


def _fuzz(operation: APIOperation, identity: Identity, known: dict[str, list[str]]) -> list[ServerError]:
    """Send the generated requests of one operation as one identity; the answers that were a 5xx."""
    errors: list[ServerError] = []

    def send(case: Case) -> None:
        response = _send(identity.client, case, identity.headers)
        if response.status_code >= 500:
            body = response.content.decode()
            errors.append(ServerError(operation.label, case.formatted_path, response.status_code, body))

    media = {"media_type": JSON} if operation.body else {}
    for path_values in _path_values(operation, known) if identity.thorough else [None]:
        for mode in _modes(operation, path_values) if identity.thorough else [GenerationMode.POSITIVE]:
            _run(operation.as_strategy(generation_mode=mode, path_parameters=path_values, **media), send)
    return errors


def test_no_generated_request_gets_a_server_error(client: Client, fuzz_hall: FuzzHall) -> None:
    schema = schemathesis.openapi.from_dict(client.get("/api/v1/schema/", HTTP_ACCEPT=JSON).json())
    staff = Client(raise_request_exception=False)
    staff.force_login(fuzz_hall.staff)
    anonymous = Client(raise_request_exception=False)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40

    errors = [
        error
        for operation in operations
        for identity in _identities(operation, staff, anonymous)
        for error in _fuzz(operation, identity, fuzz_hall.known)
    ]

    assert errors == [], "\n".join(str(error) for error in errors)
