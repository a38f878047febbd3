"""Who may move a ticket or a window: every demo role, anonymous and each hall device × every move
of the ticket and window machines × the page POST and the API call × a subject of the actor's own
window, another window and another centre.

The rows are generated from ``TICKET.moves`` and ``WINDOW.moves``: a move added to a machine
without a row in :data:`ROWS` fails :func:`test_every_move_has_a_row`. The expected answers come
from the domain (DOMAIN.md §2, §5, §12), written here without reading ``policies.py``:

- Window staff (窗口工作人员, 首席代表) work a window: they sign in to a window of their own
  department, and there call, recall, serve, skip, hold, call back, transfer, pause, resume and sign
  out; a skipped number goes back to its queue from a window serving that queue. At another clerk's
  window they may do nothing.
- The duty chief (值班长) and the centre manager (中心管理员) keep the hall: they may sign out a
  window its clerk left signed in (强制签退), in their own centre.
- Numbers are taken at the centre's own kiosks, or issued at a desk by staff who open the green
  channel (窗口工作人员, 首席代表, 值班长).
- A service is rated on the evaluator pad of the window that served it, and nowhere else.
- Reviewers, approvers, the supervision office, cashiers and the system administrator make no
  queue move (三员分立: the administrator manages accounts and devices, not the queue).
- Anonymous people are sent to log in (pages) or refused as unauthenticated (APIs); a device is
  not a person: staff pages and APIs do not know it, and it makes only its own device's move.
- Another centre's windows, tickets and queues are not there for anyone (404; 400 where a form or
  the kiosk API names a queue it does not offer).
- The nightly void (作废) is the system's alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from govhall.feedback.models import Rating
from govhall.org.models import Centre, Department, StaffProfile, Window
from govhall.org.roles import Role
from govhall.queueing.devices import token_hash
from govhall.queueing.models import (
    Device,
    DeviceKind,
    Queue,
    Ticket,
    TicketEvent,
    TicketStatus,
    WindowEvent,
    WindowQueue,
    WindowSession,
)
from govhall.queueing.workflow import TICKET, WINDOW, Desk, TicketAt
from tests.factories import CentreFactory, DepartmentFactory, StaffFactory, WindowFactory

from .conftest import open_all_day

# --- the domain's answers -----------------------------------------------------------------------

WORKS_WINDOWS = frozenset({Role.WINDOW_CLERK, Role.CHIEF_REPRESENTATIVE})
KEEPS_THE_HALL = frozenset({Role.DUTY_CHIEF, Role.CENTRE_MANAGER})
OPENS_THE_GREEN_CHANNEL = frozenset({Role.WINDOW_CLERK, Role.CHIEF_REPRESENTATIVE, Role.DUTY_CHIEF})

ANONYMOUS = "anonymous"
KIOSK, BOARD, PAD = "kiosk", "board", "pad"
DEVICES = (KIOSK, BOARD, PAD)
ACTORS: tuple[Role | str, ...] = (*Role, ANONYMOUS, *DEVICES)

OWN, OTHER, ELSEWHERE = "own", "other", "elsewhere"
"""The subject is at the actor's own window (own centre), at another window of the centre, or in
another centre. For numbers taken: the actor's centre's queue, or another centre's."""

PAGE, API = "page", "api"


class Outcome(Enum):
    DONE = "done"
    FORBIDDEN = "forbidden"
    HIDDEN = "hidden"
    LOGIN = "login"


CLERK_MOVES = frozenset(
    {"sign_in", "pause", "resume", "call_next", "sign_out"}
    | {"call", "recall", "start", "finish", "skip", "hold", "resume_held", "transfer", "return"}
)


def expected(move: str, surface: str, actor: Role | str, relation: str) -> Outcome:
    """What the domain says happens when ``actor`` makes ``move`` through ``surface``."""
    if actor == ANONYMOUS:
        return Outcome.FORBIDDEN if move == "rate" else Outcome.LOGIN
    if move == "issue":
        return _issuing(surface, actor, relation)
    if move == "rate":
        if actor != PAD:
            return Outcome.FORBIDDEN
        return {OWN: Outcome.DONE, OTHER: Outcome.FORBIDDEN, ELSEWHERE: Outcome.HIDDEN}[relation]
    if actor in DEVICES:
        return Outcome.LOGIN
    if relation == ELSEWHERE:
        return Outcome.HIDDEN
    if move == "force_sign_out":
        return Outcome.DONE if actor in KEEPS_THE_HALL else Outcome.FORBIDDEN
    assert move in CLERK_MOVES, move
    return Outcome.DONE if actor in WORKS_WINDOWS and relation == OWN else Outcome.FORBIDDEN


def _issuing(surface: str, actor: Role | str, relation: str) -> Outcome:
    if surface == API:
        if actor not in DEVICES:
            return Outcome.LOGIN
        if relation == ELSEWHERE:
            return Outcome.HIDDEN
        return Outcome.DONE if actor == KIOSK else Outcome.FORBIDDEN
    if actor in DEVICES:
        return Outcome.LOGIN
    if actor not in OPENS_THE_GREEN_CHANNEL:
        return Outcome.FORBIDDEN
    return Outcome.DONE if relation == OWN else Outcome.HIDDEN


# --- the hall ------------------------------------------------------------------------------------


@dataclass
class World:
    """Centre A: windows 1 (the actor's), 2 (a colleague's), 3 (serving only queue C), a free
    window of the actor's department and one of another department; devices; one person per
    role. Centre B: a window with its clerk, a queue, a kiosk and a pad."""

    centre: Centre
    department: Department
    queue_a: Queue
    queue_b: Queue
    queue_c: Queue
    window_1: Window
    window_2: Window
    window_3: Window
    free_window: Window
    other_department_window: Window
    colleague: StaffProfile
    people: dict[Role, StaffProfile]
    devices: dict[str, Device]
    pad_2: Device
    centre_b: Centre
    queue_b_centre: Queue
    window_b: Window
    clerk_b: StaffProfile
    serials: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


def _device(centre: Centre, kind: DeviceKind, code: str, window: Window | None = None) -> Device:
    return Device.objects.create(
        centre=centre, kind=kind, code=code, name=code, window=window, token_hash=token_hash(code)
    )


@pytest.fixture
def world(db: None) -> World:
    centre = CentreFactory()
    open_all_day(centre)
    department = DepartmentFactory(centre=centre)
    queue_a, queue_b, queue_c = (
        Queue.objects.create(centre=centre, name=f"队列{prefix}", prefix=prefix) for prefix in "ABC"
    )
    windows = [WindowFactory(centre=centre, department=department, number=str(n)) for n in range(1, 5)]
    for window in windows[:2]:
        WindowQueue.objects.create(window=window, queue=queue_a)
        WindowQueue.objects.create(window=window, queue=queue_b)
    WindowQueue.objects.create(window=windows[2], queue=queue_c)
    WindowQueue.objects.create(window=windows[3], queue=queue_a)
    other_department_window = WindowFactory(centre=centre, department=DepartmentFactory(centre=centre))
    WindowQueue.objects.create(window=other_department_window, queue=queue_a)
    colleague = StaffFactory(centre=centre, department=department, roles=[Role.WINDOW_CLERK])
    WindowSession.objects.create(window=windows[1], clerk=colleague)
    people = {role: StaffFactory(centre=centre, department=department, roles=[role]) for role in Role}
    devices = {
        KIOSK: _device(centre, DeviceKind.KIOSK, "kiosk-a"),
        BOARD: _device(centre, DeviceKind.HALL_BOARD, "board-a"),
        PAD: _device(centre, DeviceKind.EVALUATOR_PAD, "pad-a1", windows[0]),
    }
    pad_2 = _device(centre, DeviceKind.EVALUATOR_PAD, "pad-a2", windows[1])
    centre_b = CentreFactory()
    open_all_day(centre_b)
    queue_b_centre = Queue.objects.create(centre=centre_b, name="他中心队列", prefix="A")
    window_b = WindowFactory(centre=centre_b, number="1")
    WindowQueue.objects.create(window=window_b, queue=queue_b_centre)
    clerk_b = StaffFactory(centre=centre_b, department=window_b.department, roles=[Role.WINDOW_CLERK])
    WindowSession.objects.create(window=window_b, clerk=clerk_b)
    return World(
        centre=centre,
        department=department,
        queue_a=queue_a,
        queue_b=queue_b,
        queue_c=queue_c,
        window_1=windows[0],
        window_2=windows[1],
        window_3=windows[2],
        free_window=windows[3],
        other_department_window=other_department_window,
        colleague=colleague,
        people=people,
        devices=devices,
        pad_2=pad_2,
        centre_b=centre_b,
        queue_b_centre=queue_b_centre,
        window_b=window_b,
        clerk_b=clerk_b,
    )


# --- subjects -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    url: str
    data: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """A subject ready for the move, and the requests that make it on each surface."""

    page: Request | None
    api: Request | None
    done: Callable[[], bool]
    """After a success: the move happened (the state moved, the row was written)."""


def _person(world: World, actor: Role | str) -> StaffProfile | None:
    return world.people[actor] if isinstance(actor, Role) else None


def _sign_in(world: World, actor: Role | str) -> None:
    """The acting person is signed in at window 1 (written directly: not every role could)."""
    person = _person(world, actor)
    if person is not None:
        WindowSession.objects.create(window=world.window_1, clerk=person)


def _window(world: World, relation: str) -> Window:
    return {OWN: world.window_1, OTHER: world.window_2, ELSEWHERE: world.window_b}[relation]


def _queue_at(world: World, window: Window) -> Queue:
    return world.queue_b_centre if window == world.window_b else world.queue_a


def _open_session(window: Window) -> WindowSession | None:
    return WindowSession.objects.filter(window=window, signed_out_at__isnull=True).first()


def _ticket(world: World, queue: Queue, status: str, window: Window | None = None, **fields: Any) -> Ticket:
    serial = next(world.serials)
    session = _open_session(window) if window is not None else None
    fields.setdefault("clerk", session.clerk if session is not None else None)
    return Ticket.objects.create(
        centre=queue.centre,
        queue=queue,
        service_date=timezone.localdate(),
        serial=serial,
        number=f"{queue.prefix}{serial:03d}",
        status=status,
        public_code=f"matrix-{serial}",
        queued_seconds=0,
        window=window,
        called_at=timezone.now() if window is not None else None,
        **fields,
    )


def _state_of(ticket: Ticket) -> str:
    return Ticket.objects.get(pk=ticket.pk).status


def _desk_state(window: Window) -> str:
    return Desk(window, _open_session(window)).state


def window_move(move: str, path: str, *, paused: bool = False, waiting: bool = False) -> Row:
    """A window move (pause, resume, call next, sign out) at the actor's window, another clerk's
    window, or another centre's."""

    def prepare(world: World, actor: Role | str, relation: str) -> Target:
        _sign_in(world, actor)
        window = _window(world, relation)
        if paused:
            WindowSession.objects.filter(window=window, signed_out_at__isnull=True).update(
                paused_at=timezone.now(), pause_reason="临时离开"
            )
        called_before = Ticket.objects.filter(status=TicketStatus.CALLED).count()
        if waiting:
            _ticket(world, _queue_at(world, window), TicketStatus.WAITING)
        target = WINDOW.moves[move].target
        return Target(
            page=Request(f"/window/{path}/", {"window": window.pk, "reason": "away"}),
            api=Request(f"windows/{window.pk}/{path}", {"reason": "临时离开"}),
            done=lambda: (
                _desk_state(window) == target
                if target is not None
                else Ticket.objects.filter(status=TicketStatus.CALLED).count() == called_before + 1
            ),
        )

    return Row(prepare=prepare, relations=(OWN, OTHER, ELSEWHERE))


def sign_in_row() -> Row:
    """Signing in: a free window of the actor's department, of another department, of another centre."""

    def prepare(world: World, actor: Role | str, relation: str) -> Target:
        window = {
            OWN: world.free_window,
            OTHER: world.other_department_window,
            ELSEWHERE: WindowFactory(centre=world.centre_b, number="9"),
        }[relation]
        return Target(
            page=Request("/window/sign-in/", {"window": window.pk}),
            api=Request(f"windows/{window.pk}/sign-in"),
            done=lambda: _open_session(window) is not None,
        )

    return Row(prepare=prepare, relations=(OWN, OTHER, ELSEWHERE))


def force_sign_out_row() -> Row:
    """强制签退 of a colleague's window (own centre) or another centre's."""

    def prepare(world: World, actor: Role | str, relation: str) -> Target:
        window = world.window_2 if relation == OWN else world.window_b
        return Target(
            page=Request(f"/hall/monitor/windows/{window.pk}/force-sign-out/", {"reason": "人员离岗未签退"}),
            api=Request(f"windows/{window.pk}/force-sign-out", {"reason": "人员离岗未签退"}),
            done=lambda: _open_session(window) is None,
        )

    return Row(prepare=prepare, relations=(OWN, ELSEWHERE))


def ticket_move(move: str, path: str, status: str) -> Row:
    """A move on a ticket at the actor's window, at another clerk's, or at another centre's."""
    machine_move = "resume" if move == "resume_held" else move

    def prepare(world: World, actor: Role | str, relation: str) -> Target:
        _sign_in(world, actor)
        window = _window(world, relation)
        ticket = _ticket(world, _queue_at(world, window), status, window)
        target = TICKET.moves[machine_move].target
        recalls = ticket.recall_count
        transfer = {"target": f"queue:{world.queue_b.pk}", "comment": "补材料"} if move == "transfer" else {}
        return Target(
            page=Request(f"/window/tickets/{ticket.pk}/{path}/", transfer),
            api=Request(
                f"tickets/{ticket.pk}/{path}",
                {"queue": world.queue_b.pk, "comment": "补材料"} if move == "transfer" else {},
            ),
            done=lambda: (
                _state_of(ticket) == target
                if target is not None
                else Ticket.objects.get(pk=ticket.pk).recall_count == recalls + 1
            ),
        )

    return Row(prepare=prepare, relations=(OWN, OTHER, ELSEWHERE))


def return_row() -> Row:
    """过号重排: a no-show of a queue the actor's window serves, of one it does not (queue C), or of
    another centre."""

    def prepare(world: World, actor: Role | str, relation: str) -> Target:
        _sign_in(world, actor)
        queue = {OWN: world.queue_a, OTHER: world.queue_c, ELSEWHERE: world.queue_b_centre}[relation]
        ticket = _ticket(world, queue, TicketStatus.NO_SHOW)
        return Target(
            page=Request(f"/window/tickets/{ticket.pk}/return/"),
            api=Request(f"tickets/{ticket.pk}/return"),
            done=lambda: _state_of(ticket) == TicketStatus.WAITING,
        )

    return Row(prepare=prepare, relations=(OWN, OTHER, ELSEWHERE))


def issue_row() -> Row:
    """Taking a number for the actor's centre's queue, or another centre's."""

    def prepare(world: World, actor: Role | str, relation: str) -> Target:
        queue = world.queue_a if relation == OWN else world.queue_b_centre
        issued_before = Ticket.objects.count()
        return Target(
            page=Request("/queue/issue/", {"queue": queue.pk, "green_reason": "military"}),
            api=Request("tickets", {"queue": queue.pk}, {"Idempotency-Key": f"matrix-{actor}-{relation}"}),
            done=lambda: Ticket.objects.count() == issued_before + 1,
        )

    return Row(prepare=prepare, relations=(OWN, ELSEWHERE))


def rate_row() -> Row:
    """Rating a service just finished at window 1 (the pad's), at window 2, or in another centre."""

    def prepare(world: World, actor: Role | str, relation: str) -> Target:
        window = _window(world, relation)
        served_by = world.clerk_b if relation == ELSEWHERE else world.colleague
        queue = _queue_at(world, window)
        ticket = _ticket(world, queue, TicketStatus.DONE, window, finished_at=timezone.now(), clerk=served_by)
        code = world.devices[actor].code if actor in DEVICES else world.devices[PAD].code
        return Target(
            page=Request(f"/pad/{code}/", {"ticket": ticket.pk, "level": "1"}),
            api=None,
            done=lambda: Rating.objects.filter(ticket=ticket).exists(),
        )

    return Row(prepare=prepare, relations=(OWN, OTHER, ELSEWHERE))


@dataclass(frozen=True)
class Row:
    prepare: Callable[[World, Role | str, str], Target]
    relations: tuple[str, ...]


ROWS: dict[str, dict[str, Row | None]] = {
    "ticket": {
        "issue": issue_row(),
        "call": window_move("call_next", "call-next", waiting=True),
        "recall": ticket_move("recall", "recall", TicketStatus.CALLED),
        "start": ticket_move("start", "start", TicketStatus.CALLED),
        "finish": ticket_move("finish", "finish", TicketStatus.SERVING),
        "skip": ticket_move("skip", "skip", TicketStatus.CALLED),
        "hold": ticket_move("hold", "hold", TicketStatus.CALLED),
        "resume": ticket_move("resume_held", "resume", TicketStatus.HELD),
        "transfer": ticket_move("transfer", "transfer", TicketStatus.SERVING),
        "return": return_row(),
        "rate": rate_row(),
        "expire": None,
    },
    "window": {
        "sign_in": sign_in_row(),
        "pause": window_move("pause", "pause"),
        "resume": window_move("resume", "resume", paused=True),
        "call_next": window_move("call_next", "call-next", waiting=True),
        "sign_out": window_move("sign_out", "sign-out"),
        "force_sign_out": force_sign_out_row(),
    },
}
"""Every move of both machines; ``None`` for a move no person or device makes (the system's)."""

DOMAIN_MOVE = {("ticket", "call"): "call", ("ticket", "resume"): "resume_held"}
"""Moves whose domain name differs from the machine's (叫回 a held ticket is the ticket's "resume")."""

MACHINES = {"ticket": TICKET, "window": WINDOW}


def test_every_move_has_a_row() -> None:
    for name, machine in MACHINES.items():
        assert set(machine.moves) == set(ROWS[name]), (
            f"{name} moves without a matrix row (or rows without a move)"
        )


def test_system_moves_are_the_systems_alone(world: World) -> None:
    """Moves without a surface are the system's: every person and device is refused."""
    for name, rows in ROWS.items():
        for move in (move for move, row in rows.items() if row is None):
            machine = MACHINES[name]
            assert machine.moves[move].system, f"{name}.{move} has no surface but is not a system move"
            subject = TicketAt(_ticket(world, world.queue_a, TicketStatus.WAITING))
            for actor in ACTORS:
                assert machine.refusal(move, subject, _actor_object(world, actor)) is not None, (move, actor)
            assert machine.refusal(move, subject, None) is None


def _actor_object(world: World, actor: Role | str) -> Any:
    if isinstance(actor, Role):
        return world.people[actor].user
    if actor in DEVICES:
        return world.devices[actor]
    return AnonymousUser()


# --- clients --------------------------------------------------------------------------------------

DEVICE_PAGES = {KIOSK: "kiosk", BOARD: "display", PAD: "pad"}


def page_client(world: World, actor: Role | str) -> Client:
    client = Client()
    if isinstance(actor, Role):
        client.force_login(world.people[actor].user)
    elif actor in DEVICES:
        device = world.devices[actor]
        activated = client.get(f"/{DEVICE_PAGES[actor]}/{device.code}/?token={device.code}")
        assert activated.status_code == 302, activated
    return client


def api_client(world: World, actor: Role | str) -> APIClient:
    client = APIClient()
    if isinstance(actor, Role):
        token, _created = Token.objects.get_or_create(user=world.people[actor].user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    elif actor in DEVICES:
        client.credentials(HTTP_AUTHORIZATION=f"Device {world.devices[actor].code}")
    return client


def send(world: World, actor: Role | str, surface: str, request: Request) -> Any:
    if surface == PAGE:
        return page_client(world, actor).post(request.url, request.data, headers={"HX-Request": "true"})
    return api_client(world, actor).post(
        f"/api/v1/{request.url}", request.data, format="json", headers=request.headers
    )


# --- what each outcome looks like on each surface --------------------------------------------------


def statuses(outcome: Outcome, move: str, surface: str) -> set[int]:
    device_page = move == "rate"
    issuing = move == "issue"
    if outcome is Outcome.DONE:
        if surface == API:
            return {201} if issuing else {200, 204}
        return {201} if device_page else {302} if issuing or move == "force_sign_out" else {200}
    if outcome is Outcome.FORBIDDEN:
        return {403}
    if outcome is Outcome.HIDDEN:
        return {400} if issuing or device_page else {404}
    if surface == API:
        return {401} if issuing else {401, 403}
    return {403} if device_page else {302}


def _snapshot() -> tuple[Any, ...]:
    return (
        TicketEvent.objects.count(),
        WindowEvent.objects.count(),
        Rating.objects.count(),
        sorted(Ticket.objects.values_list("id", "status", "window_id", "queue_id", "recall_count")),
        sorted(WindowSession.objects.values_list("id", "signed_out_at", "paused_at")),
    )


class _Undo(Exception):
    """Raised to roll one actor's attempt back, so every actor meets the same hall."""


CASES = [
    (name, move, surface, relation)
    for name, rows in ROWS.items()
    for move, row in rows.items()
    if row is not None
    for surface in (PAGE, API)
    for relation in row.relations
    if not (move == "rate" and surface == API)
]


@pytest.mark.parametrize(("machine", "move", "surface", "relation"), CASES)
def test_matrix(world: World, machine: str, move: str, surface: str, relation: str) -> None:
    row = ROWS[machine][move]
    assert row is not None
    domain_move = DOMAIN_MOVE.get((machine, move), move)
    wrong: list[str] = []
    for actor in ACTORS:
        outcome = expected(domain_move, surface, actor, relation)
        try:
            with transaction.atomic():
                target = row.prepare(world, actor, relation)
                request = target.page if surface == PAGE else target.api
                assert request is not None
                before = _snapshot()
                response = send(world, actor, surface, request)
                allowed = statuses(outcome, move, surface)
                if response.status_code not in allowed:
                    got = f"{response.status_code} {_reason(response)}"
                    wrong.append(f"{actor}: {got}, expected {outcome.value} {sorted(allowed)}")
                elif outcome is Outcome.DONE and not target.done():
                    wrong.append(f"{actor}: {response.status_code} but the move did not happen")
                elif outcome is not Outcome.DONE and _snapshot() != before:
                    wrong.append(f"{actor}: refused ({response.status_code}) but something changed")
                elif outcome is Outcome.FORBIDDEN and surface == API and not _says_why(response):
                    wrong.append(f"{actor}: 403 without a Chinese reason")
                raise _Undo
        except _Undo:
            pass
    assert not wrong, f"{machine}.{move} via {surface} on {relation}:\n" + "\n".join(wrong)


def _reason(response: Any) -> str:
    """The refusal's reason, for the failure message."""
    if response.get("Content-Type", "").startswith("application/json"):
        return str(response.json().get("detail", ""))
    return ""


def _says_why(response: Any) -> bool:
    detail = str(response.json().get("detail", ""))
    return any("\u4e00" <= char <= "\u9fff" for char in detail)


def test_the_page_and_the_api_refuse_with_the_same_reason(world: World) -> None:
    """A clerk at another window: the page's panel and the API's body say the same thing."""
    clerk = Role.WINDOW_CLERK
    _sign_in(world, clerk)
    ticket = _ticket(world, world.queue_a, TicketStatus.CALLED, world.window_2)

    page = send(world, clerk, PAGE, Request(f"/window/tickets/{ticket.pk}/finish/"))
    api = send(world, clerk, API, Request(f"tickets/{ticket.pk}/finish"))

    assert page.status_code == api.status_code == 403
    reason = api.json()["detail"]
    assert reason == "该号码不在您的窗口。"
    assert reason in page.content.decode()
