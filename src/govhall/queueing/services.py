"""Every write of the hall queue. Each runs in one transaction, locks what two people can race
for, appends its ticket/window event and a hall event for the boards in the same transaction."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.catalog.models import ServiceItem
from govhall.core.events import Emission, emit, emit_all
from govhall.core.numbering import number_counts, number_issue
from govhall.core.personal_data import (
    birth_date_from_resident_id,
    keyed_hash,
    mask_id_number,
    mask_phone,
    seal,
    validate_phone,
    validate_resident_id,
)
from govhall.core.workflow import ActorRefused
from govhall.org.models import Centre, OpeningHours, Window
from govhall.org.selectors import centre_day_off_reason, centre_hours_on
from govhall.queueing import calling, reminders, selectors
from govhall.queueing.events import TICKET_EVENT_KINDS, WINDOW_EVENT_KINDS, TicketPayload, WindowPayload
from govhall.queueing.models import (
    ACTIVE_STATUSES,
    Device,
    GreenChannelReason,
    HallEvent,
    HallEventKind,
    Priority,
    Queue,
    Ticket,
    TicketAction,
    TicketEvent,
    WindowAction,
    WindowEvent,
    WindowQueue,
    WindowSession,
)
from govhall.queueing.workflow import NEW, TICKET, WINDOW, Desk, TicketAt

TICKET_SERIES = "queue-ticket"
PERIOD_SERIES = "queue-ticket-period"
ELDERLY_AGE = 70


class QueueRefusal(ValidationError):
    """A refused queue operation; ``message`` is the Chinese text shown to the person."""


def _refuse(message: str, code: str) -> QueueRefusal:
    return QueueRefusal(message, code=code)


# --- taking a number -------------------------------------------------------------------------


def _half_day(hours: OpeningHours | None, at: time) -> str:
    """The quota period: 'am' before the afternoon opens (or on a day without hours), else 'pm'."""
    return "am" if hours is None or at < hours.afternoon_start else "pm"


def issuing_period(*, centre: Centre, moment: datetime) -> str:
    """The period ('am'/'pm') in which a ticket may be taken at ``moment``, or a refusal saying why not."""
    local = timezone.localtime(moment)
    hours = centre_hours_on(centre, local.date())
    if hours is None:
        raise _refuse(
            _("今日本中心不办公（%(reason)s），暂停取号。")
            % {"reason": centre_day_off_reason(centre, local.date())},
            "closed_day",
        )
    now = local.time()
    if now < hours.morning_start:
        raise _refuse(
            _("未到取号时间，请于%(time)s后取号。") % {"time": hours.morning_start.strftime("%H:%M")},
            "before_hours",
        )
    if now >= hours.afternoon_end:
        raise _refuse(_("已停止取号：今天的办公时间已结束。"), "after_hours")
    return _half_day(hours, now)


def numbers_issued(*, queues: list[Queue], on: date) -> dict[int, int]:
    """Tickets each queue has issued on day ``on``: its counter, which is also what its daily quota counts."""
    counts = number_counts(series=TICKET_SERIES, scopes=[str(queue.pk) for queue in queues], on=on)
    return {queue.pk: counts[str(queue.pk)] for queue in queues}


def quota_left(*, centre: Centre, queues: list[Queue], moment: datetime) -> dict[int, int | None]:
    """Numbers each queue can still issue now (None: no quota), from the counters the quota rule uses."""
    local = timezone.localtime(moment)
    day = local.date()
    period = _half_day(centre_hours_on(centre, day), local.time())
    with_daily = [queue for queue in queues if queue.daily_quota is not None]
    issued = numbers_issued(queues=with_daily, on=day) if with_daily else None
    with_period = [
        queue
        for queue in queues
        if (queue.morning_quota if period == "am" else queue.afternoon_quota) is not None
    ]
    halves = (
        number_counts(series=PERIOD_SERIES, scopes=[f"{queue.pk}-{period}" for queue in with_period], on=day)
        if with_period
        else {}
    )
    left: dict[int, int | None] = {}
    for queue in queues:
        limits = []
        if queue.daily_quota is not None and issued is not None:
            limits.append(queue.daily_quota - issued[queue.pk])
        period_quota = queue.morning_quota if period == "am" else queue.afternoon_quota
        if period_quota is not None:
            limits.append(period_quota - halves[f"{queue.pk}-{period}"])
        left[queue.pk] = max(0, min(limits)) if limits else None
    return left


def _check_quota(queue: Queue, *, day: date, period: str) -> int:
    """Take the next serial of the day and of the period; refuse when a quota is used up."""
    serial = number_issue(series=TICKET_SERIES, scope=str(queue.pk), on=day).serial
    if queue.daily_quota is not None and serial > queue.daily_quota:
        raise _refuse(_("今日号已取完。"), "quota")
    period_quota = queue.morning_quota if period == "am" else queue.afternoon_quota
    if period_quota is not None:
        taken = number_issue(series=PERIOD_SERIES, scope=f"{queue.pk}-{period}", on=day).serial
        if taken > period_quota:
            message = _("上午号已取完，请下午再来。") if period == "am" else _("今日号已取完。")
            raise _refuse(message, "quota")
    return serial


def _green_reason_for(id_number: str, chosen: str, today: date) -> str:
    if chosen:
        return chosen
    if id_number:
        born = birth_date_from_resident_id(id_number)
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age >= ELDERLY_AGE:
            return GreenChannelReason.ELDERLY
    return ""


def _ticket_for_key(device: Device, idempotency_key: str) -> Ticket | None:
    """The ticket an earlier request with this key got (one light query when there is none, as usual)."""
    earlier = (
        Ticket.objects.filter(issued_by_device=device, idempotency_key=idempotency_key)
        .order_by()
        .values_list("pk", flat=True)
        .first()
    )
    return None if earlier is None else Ticket.objects.select_related("queue").get(pk=earlier)


def ticket_issue(
    *,
    queue: Queue,
    device: Device | None = None,
    issued_by: User | None = None,
    item: ServiceItem | None = None,
    id_number: str = "",
    phone: str = "",
    green_reason: str = "",
    appointment: bool = False,
    idempotency_key: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Issue a queue number at a kiosk (``device``) or by staff (``issued_by``). A retried request
    with the same device and key returns the first ticket."""
    moment = now or timezone.now()
    if idempotency_key and device is not None:
        earlier = _ticket_for_key(device, idempotency_key)
        if earlier is not None:
            return earlier
    ticket = Ticket(centre_id=queue.centre_id, queue=queue, status=NEW)
    TICKET.apply("issue", TicketAt(ticket), device if device is not None else issued_by)
    if not queue.is_active:
        raise _refuse(_("该队列已停用。"), "queue_inactive")
    if item is not None and not selectors.queue_serves_item(queue=queue, item=item):
        raise _refuse(_("该事项不在此队列办理。"), "wrong_item")
    id_number = validate_resident_id(id_number) if id_number else ""
    phone = validate_phone(phone) if phone else ""
    if green_reason and green_reason not in GreenChannelReason.values:
        raise _refuse(_("绿色通道类别无效。"), "green_reason")
    day = timezone.localtime(moment).date()
    id_hash = keyed_hash(id_number) if id_number else ""
    green = _green_reason_for(id_number, green_reason, day)
    priority = Priority.GREEN if green else Priority.APPOINTMENT if appointment else Priority.ORDINARY
    try:
        with transaction.atomic():
            period = issuing_period(centre=queue.centre, moment=moment)
            if (
                id_hash
                and Ticket.objects.filter(
                    queue=queue, service_date=day, id_number_hash=id_hash, status__in=ACTIVE_STATUSES
                ).exists()
            ):
                raise _refuse(_("您在该队列已有一个等候中的号，请勿重复取号。"), "duplicate_person")
            queued_seconds = calling.seconds_of_day(moment)
            ahead = selectors.people_ahead_of(
                queue=queue, day=day, priority_rank=priority.rank, queued_seconds=queued_seconds
            )
            estimate = selectors.estimate_wait_minutes(queue=queue, people_ahead=ahead)
            # The day's counter row is locked from here to the commit: take the number last.
            serial = _check_quota(queue, day=day, period=period)
            ticket.service_date = day
            ticket.serial = serial
            ticket.number = f"{queue.prefix}{serial:03d}"
            ticket.priority = priority
            ticket.priority_rank = priority.rank
            ticket.green_reason = green
            ticket.item = item
            ticket.id_number_hash = id_hash
            ticket.id_number_masked = mask_id_number(id_number)
            ticket.phone_sealed = seal(phone)
            ticket.phone_masked = mask_phone(phone)
            ticket.public_code = secrets.token_urlsafe(16)
            ticket.issued_at = moment
            ticket.queued_seconds = queued_seconds
            ticket.issued_by_device = device
            ticket.issued_by = issued_by
            ticket.idempotency_key = idempotency_key if device is not None else ""
            ticket.people_ahead_at_issue = ahead
            ticket.estimated_wait_minutes = estimate
            ticket.save(force_insert=True)
            _ticket_event(
                ticket,
                TicketAction.ISSUED,
                actor=issued_by,
                device=device,
                reason={"priority": priority.value, "green_reason": green},
                at=moment,
            )
            _hall_change(ticket.centre_id, at=moment)
    except IntegrityError as exc:
        earlier = _ticket_for_key(device, idempotency_key) if idempotency_key and device is not None else None
        if earlier is not None:
            return earlier
        raise _refuse(_("您在该队列已有一个等候中的号，请勿重复取号。"), "duplicate_person") from exc
    return ticket


# --- events ------------------------------------------------------------------------------------


def _ticket_event(
    ticket: Ticket,
    action: TicketAction,
    *,
    actor: User | None = None,
    device: Device | None = None,
    window: Window | None = None,
    reason: dict[str, object] | None = None,
    explanation: str = "",
    comment: str = "",
    at: datetime | None = None,
) -> TicketEvent:
    moment = at or timezone.now()
    emit(
        TICKET_EVENT_KINDS[action],
        payload=_ticket_payload(
            ticket, window=window, device=device, reason=reason, explanation=explanation, comment=comment
        ),
        subject=ticket,
        actor=actor,
        actor_name=device.name if actor is None and device is not None else None,
        centre_id=ticket.centre_id,
        department_id=window.department_id if window is not None else None,
        at=moment,
    )
    return TicketEvent.objects.create(
        ticket=ticket,
        action=action,
        occurred_at=moment,
        actor=actor,
        device=device,
        window=window,
        queue_id=ticket.queue_id,
        reason=reason or {},
        explanation=explanation,
        comment=comment,
    )


def _ticket_payload(
    ticket: Ticket,
    *,
    window: Window | None = None,
    device: Device | None = None,
    reason: dict[str, object] | None = None,
    explanation: str = "",
    comment: str = "",
) -> TicketPayload:
    return {
        "number": ticket.number,
        "queue": ticket.queue_id,
        "window": window.number if window is not None else "",
        "device": device.code if device is not None else "",
        "reason": reason or {},
        "explanation": explanation,
        "comment": comment,
    }


def _remind_after_commit(ticket: Ticket) -> None:
    """SMS the people now near the front of the ticket's queue once this change has committed."""
    queue_id, day = ticket.queue_id, ticket.service_date
    transaction.on_commit(
        lambda: reminders.remind_near_front(queue_id=queue_id, service_date=day), robust=True
    )


def _hall_change(centre_id: int, *, window: Window | None = None, at: datetime | None = None) -> None:
    HallEvent.objects.create(
        centre_id=centre_id,
        kind=HallEventKind.CHANGE,
        window=window,
        payload={},
        occurred_at=at or timezone.now(),
    )


def _hall_call(ticket: Ticket, window: Window, at: datetime) -> None:
    HallEvent.objects.create(
        centre_id=ticket.centre_id,
        kind=HallEventKind.CALL,
        window=window,
        payload={
            "ticket": ticket.number,
            "window": window.number,
            "window_name": window.name,
            "text": selectors.call_text(number=ticket.number, window_number=window.number),
            "recall": ticket.recall_count,
        },
        occurred_at=at,
    )


# --- windows -----------------------------------------------------------------------------------


def _locked_desk(*, user: User, window: Window | None) -> Desk:
    """``window`` with its open session locked; without ``window``, the one ``user`` is signed in to."""
    sessions = (
        WindowSession.objects.filter(signed_out_at__isnull=True)
        .select_related("window", "clerk")
        .select_for_update(of=("self",))
    )
    if window is not None:
        return Desk(window, sessions.filter(window=window).first())
    session = sessions.filter(clerk__user=user).first()
    if session is None:
        raise ActorRefused(_("您尚未签到任何窗口。"), code="not_signed_in")
    return Desk(session.window, session)


def _actors_desk(user: User) -> Desk | None:
    """The window ``user`` is signed in to, its session locked; None when at none."""
    session = (
        WindowSession.objects.filter(clerk__user=user, signed_out_at__isnull=True)
        .select_related("window", "clerk")
        .select_for_update(of=("self",))
        .first()
    )
    return Desk(session.window, session) if session is not None else None


def _open_session(desk: Desk) -> WindowSession:
    """The desk's session, once the machine has let a move that needs one through."""
    assert desk.session is not None
    return desk.session


def _window_event(session: WindowSession, action: WindowAction, user: User, reason: str = "") -> None:
    window = session.window
    emit(
        WINDOW_EVENT_KINDS[action],
        payload=WindowPayload(window=window.number, clerk=session.clerk.name, reason=reason),
        subject=window,
        actor=user,
        actor_name=session.clerk.name if session.clerk.user_id == user.pk else None,
        centre_id=window.centre_id,
        department_id=window.department_id,
    )
    WindowEvent.objects.create(
        window=session.window, clerk=session.clerk, action=action, actor=user, reason=reason
    )
    _hall_change(session.window.centre_id, window=session.window)


def window_sign_in(*, window: Window, user: User) -> WindowSession:
    """Sign the clerk in to a window of their centre and department (or a comprehensive window)."""
    try:
        with transaction.atomic():
            WINDOW.apply("sign_in", _locked_desk(user=user, window=window), user)
            session = WindowSession.objects.create(window=window, clerk=user.staff)
            _window_event(session, WindowAction.SIGNED_IN, user)
    except IntegrityError as exc:
        if WindowSession.objects.filter(clerk__user=user, signed_out_at__isnull=True).exists():
            raise _refuse(_("您已签到其他窗口，请先签退。"), "already_signed_in") from exc
        raise _refuse(_("该窗口已有工作人员签到。"), "window_taken") from exc
    return session


def _close(session: WindowSession) -> None:
    session.signed_out_at = timezone.now()
    session.paused_at = None
    session.save(update_fields=["signed_out_at", "paused_at"])


def window_sign_out(*, user: User, window: Window | None = None) -> WindowSession:
    """签退 from ``window`` (default: the one ``user`` is signed in to)."""
    with transaction.atomic():
        desk = _locked_desk(user=user, window=window)
        WINDOW.apply("sign_out", desk, user)
        session = _open_session(desk)
        _close(session)
        _window_event(session, WindowAction.SIGNED_OUT, user)
    return session


def window_force_sign_out(*, window: Window, user: User, reason: str) -> WindowSession:
    """强制签退: the duty chief frees a window its clerk left signed in, so the B post can sign in."""
    reason = reason.strip()
    if not reason:
        raise _refuse(_("请填写强制签退的原因。"), "reason_required")
    with transaction.atomic():
        desk = _locked_desk(user=user, window=window)
        WINDOW.apply("force_sign_out", desk, user)
        session = _open_session(desk)
        _close(session)
        _window_event(session, WindowAction.FORCED_OUT, user, reason[:100])
    return session


def window_pause(*, user: User, reason: str, window: Window | None = None) -> WindowSession:
    reason = reason.strip()
    if not reason:
        raise _refuse(_("请选择或填写暂停原因。"), "reason_required")
    with transaction.atomic():
        desk = _locked_desk(user=user, window=window)
        WINDOW.apply("pause", desk, user)
        session = _open_session(desk)
        session.paused_at = timezone.now()
        session.pause_reason = reason[:100]
        session.save(update_fields=["paused_at", "pause_reason"])
        _window_event(session, WindowAction.PAUSED, user, session.pause_reason)
    return session


def window_resume(*, user: User, window: Window | None = None) -> WindowSession:
    with transaction.atomic():
        desk = _locked_desk(user=user, window=window)
        WINDOW.apply("resume", desk, user)
        session = _open_session(desk)
        session.paused_at = None
        session.pause_reason = ""
        session.save(update_fields=["paused_at", "pause_reason"])
        _window_event(session, WindowAction.RESUMED, user)
    return session


# --- calling -----------------------------------------------------------------------------------


def ticket_call_next(
    *, user: User, window: Window | None = None, now: datetime | None = None
) -> Ticket | None:
    """Call the next ticket to ``window`` (default: the clerk's); None when nobody waits. Racing
    windows never share one."""
    moment = now or timezone.now()
    with transaction.atomic():
        desk = _locked_desk(user=user, window=window)
        links = list(
            WindowQueue.objects.filter(window=desk.window, queue__is_active=True).select_related("queue")
        )
        desk.queue_ids = frozenset(link.queue_id for link in links)
        WINDOW.apply("call_next", desk, user)
        chosen = calling.choose(
            window_id=desk.window.pk,
            queues=[link.queue for link in links],
            weights={link.queue_id: link.weight for link in links},
            day=timezone.localtime(moment).date(),
            now=moment,
        )
        if chosen is None:
            return None
        ticket, reason = chosen
        TICKET.apply("call", TicketAt(ticket, desk), user)
        ticket.window = desk.window
        ticket.clerk = _open_session(desk).clerk
        ticket.target_window = None
        ticket.called_at = moment
        ticket.first_called_at = ticket.first_called_at or moment
        ticket.save(
            update_fields=["status", "window", "clerk", "target_window", "called_at", "first_called_at"]
        )
        _ticket_event(
            ticket,
            TicketAction.CALLED,
            actor=user,
            window=desk.window,
            reason=reason.as_json(),
            explanation=reason.explanation(),
            at=moment,
        )
        _hall_call(ticket, desk.window, moment)
        _remind_after_commit(ticket)
    return ticket


def _worked_ticket(action: str, ticket: Ticket, user: User) -> tuple[Ticket, Window]:
    """Lock the clerk's session, then the ticket, and make ``action`` through the ticket machine;
    the ticket (its status moved) and the clerk's window."""
    desk = _actors_desk(user)
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    TICKET.apply(action, TicketAt(locked, desk), user)
    assert desk is not None
    return locked, desk.window


def ticket_recall(*, ticket: Ticket, user: User) -> Ticket:
    with transaction.atomic():
        ticket, window = _worked_ticket("recall", ticket, user)
        moment = timezone.now()
        ticket.recall_count += 1
        ticket.called_at = moment
        ticket.save(update_fields=["recall_count", "called_at"])
        _ticket_event(ticket, TicketAction.RECALLED, actor=user, window=window, at=moment)
        _hall_call(ticket, window, moment)
    return ticket


def ticket_start(*, ticket: Ticket, user: User) -> Ticket:
    with transaction.atomic():
        ticket, window = _worked_ticket("start", ticket, user)
        ticket.service_started_at = timezone.now()
        ticket.save(update_fields=["status", "service_started_at"])
        _ticket_event(ticket, TicketAction.STARTED, actor=user, window=window)
        _hall_change(ticket.centre_id, window=window)
    return ticket


def ticket_finish(*, ticket: Ticket, user: User) -> Ticket:
    """Finish the service; the window's evaluator pad then asks for a rating."""
    with transaction.atomic():
        ticket, window = _worked_ticket("finish", ticket, user)
        moment = timezone.now()
        ticket.service_started_at = ticket.service_started_at or ticket.called_at or moment
        ticket.finished_at = moment
        ticket.save(update_fields=["status", "service_started_at", "finished_at"])
        _ticket_event(ticket, TicketAction.FINISHED, actor=user, window=window, at=moment)
        _hall_change(ticket.centre_id, window=window, at=moment)
    return ticket


def ticket_skip(*, ticket: Ticket, user: User) -> Ticket:
    """过号: the person did not come; the ticket may later return to the queue."""
    with transaction.atomic():
        ticket, window = _worked_ticket("skip", ticket, user)
        ticket.no_show_count += 1
        ticket.save(update_fields=["status", "no_show_count"])
        _ticket_event(ticket, TicketAction.SKIPPED, actor=user, window=window)
        _hall_change(ticket.centre_id, window=window)
        _remind_after_commit(ticket)
    return ticket


def ticket_return(*, ticket: Ticket, user: User) -> Ticket:
    """过号重排: a skipped ticket of today goes back to the end of its queue."""
    with transaction.atomic():
        ticket, window = _worked_ticket("return", ticket, user)
        ticket.queued_seconds = calling.seconds_of_day(timezone.now())
        ticket.window = None
        ticket.clerk = None
        ticket.save(update_fields=["status", "queued_seconds", "window", "clerk"])
        _ticket_event(ticket, TicketAction.RETURNED, actor=user, window=window)
        _hall_change(ticket.centre_id)
    return ticket


def _transfer_queue(ticket: Ticket, from_window: Window, queue: Queue | None, window: Window | None) -> Queue:
    """The queue a transfer puts the ticket in: the one chosen, or the target window's (its own
    queue when that window serves it); refuses a target that cannot take it."""
    if window is not None:
        target_link = (
            WindowQueue.objects.filter(window=window, queue__is_active=True)
            .select_related("queue")
            .order_by("-weight", "queue__sort_order")
            .first()
        )
        if window.centre_id != ticket.centre_id or not window.is_active or target_link is None:
            raise _refuse(_("目标窗口不存在、已停用或未配置服务队列。"), "transfer_target")
        if window.pk == from_window.pk:
            raise _refuse(_("不能转移到本窗口。"), "transfer_target")
        if WindowQueue.objects.filter(window=window, queue=ticket.queue).exists():
            return ticket.queue
        return target_link.queue
    assert queue is not None
    if queue.centre_id != ticket.centre_id or not queue.is_active:
        raise _refuse(_("目标队列不存在或已停用。"), "transfer_target")
    if queue.pk == ticket.queue_id:
        raise _refuse(_("不能转移到当前队列。"), "transfer_target")
    return queue


def ticket_transfer(
    *, ticket: Ticket, user: User, queue: Queue | None = None, window: Window | None = None, comment: str
) -> Ticket:
    """Send the person to another queue or window; they arrive ahead of ordinary tickets."""
    comment = comment.strip()
    if (queue is None) == (window is None):
        raise _refuse(_("请选择要转往的队列或窗口（二选一）。"), "transfer_target")
    if not comment:
        raise _refuse(_("转移时请填写说明，告知下一个窗口需要办理什么。"), "comment_required")
    with transaction.atomic():
        ticket, from_window = _worked_ticket("transfer", ticket, user)
        queue = _transfer_queue(ticket, from_window, queue, window)
        if (
            ticket.id_number_hash
            and queue.pk != ticket.queue_id
            and Ticket.objects.filter(
                queue=queue,
                service_date=ticket.service_date,
                id_number_hash=ticket.id_number_hash,
                status__in=ACTIVE_STATUSES,
            ).exists()
        ):
            raise _refuse(_("该群众在目标队列已有一个等候中的号，无需转移。"), "duplicate_person")
        ticket.queue = queue
        ticket.priority = Priority.TRANSFER
        ticket.priority_rank = Priority.TRANSFER.rank
        ticket.target_window = window
        ticket.queued_seconds = calling.seconds_of_day(timezone.now())
        ticket.transfer_count += 1
        ticket.window = None
        ticket.clerk = None
        ticket.save(
            update_fields=[
                "status",
                "queue",
                "priority",
                "priority_rank",
                "target_window",
                "queued_seconds",
                "transfer_count",
                "window",
                "clerk",
            ]
        )
        _ticket_event(
            ticket,
            TicketAction.TRANSFERRED,
            actor=user,
            window=from_window,
            reason={"to_queue": queue.prefix, "to_window": window.number if window else None},
            comment=comment[:300],
        )
        _hall_change(ticket.centre_id, window=from_window)
        _remind_after_commit(ticket)
    return ticket


def ticket_hold(*, ticket: Ticket, user: User, comment: str = "") -> Ticket:
    """挂起: park the ticket (e.g. the person fetches a document) and serve others meanwhile."""
    with transaction.atomic():
        ticket, window = _worked_ticket("hold", ticket, user)
        ticket.save(update_fields=["status"])
        _ticket_event(ticket, TicketAction.HELD, actor=user, window=window, comment=comment.strip()[:300])
        _hall_change(ticket.centre_id, window=window)
    return ticket


def ticket_resume(*, ticket: Ticket, user: User) -> Ticket:
    """Call a held ticket back to the window that parked it."""
    with transaction.atomic():
        ticket, window = _worked_ticket("resume", ticket, user)
        moment = timezone.now()
        ticket.called_at = moment
        ticket.save(update_fields=["status", "called_at"])
        _ticket_event(ticket, TicketAction.RESUMED, actor=user, window=window, at=moment)
        _hall_call(ticket, window, moment)
    return ticket


# --- rating ------------------------------------------------------------------------------------


def ticket_rate(*, ticket: Ticket, device: Device, rating: str) -> Ticket:
    """评价: the applicant rates, on the window's evaluator pad, the service just finished there.

    Returns the ticket, locked until the caller's transaction ends, with its rated event (``rating``
    is what was chosen, as the ticket's history shows it); the rating itself is the feedback app's,
    written by its caller in the same transaction. Which pad may rate which service, and for how
    long, is the ticket machine's ``rate``.
    """
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        TICKET.apply("rate", TicketAt(locked), device)
        _ticket_event(locked, TicketAction.RATED, device=device, window=locked.window, explanation=rating)
    return locked


# --- end of day ------------------------------------------------------------------------------------


def tickets_expire(*, before: date) -> int:
    """作废: tickets of earlier days still waiting, called, serving or held when the day ended.

    Run after closing time (``govhall queue_close_day``); returns how many were voided.
    """
    with transaction.atomic():
        stale = list(
            Ticket.objects.select_for_update(of=("self",))
            .filter(service_date__lt=before, status__in=TICKET.moves["expire"].sources)
            .select_related("window")
            .only(
                "number",
                "status",
                "service_date",
                "centre_id",
                "queue_id",
                "window__number",
                "window__department_id",
            )
            .order_by()
        )
        if not stale:
            return 0
        for ticket in stale:
            TICKET.apply("expire", TicketAt(ticket), None)
        moment = timezone.now()
        explanation = _("当日办公时间结束，号码作废。")
        Ticket.objects.bulk_update(stale, ["status"])
        TicketEvent.objects.bulk_create(
            TicketEvent(
                ticket_id=ticket.pk,
                queue_id=ticket.queue_id,
                window_id=ticket.window_id,
                action=TicketAction.EXPIRED,
                occurred_at=moment,
                explanation=explanation,
            )
            for ticket in stale
        )
        emit_all(
            Emission(
                TICKET_EVENT_KINDS[TicketAction.EXPIRED],
                _ticket_payload(ticket, window=ticket.window, explanation=explanation),
                subject=ticket,
                centre_id=ticket.centre_id,
                department_id=ticket.window.department_id if ticket.window is not None else None,
                at=moment,
            )
            for ticket in stale
        )
    return len(stale)


HALL_FEED_DAYS = 7
"""Board feed rows are kept this many days; boards only ever replay today's."""


def hall_feed_prune(*, before: date) -> int:
    """Delete board-feed rows older than ``HALL_FEED_DAYS`` before ``before``.

    The feed only carries boards from one event to the next; what happened stays in the ticket
    and window events, which are never deleted.
    """
    cutoff = timezone.make_aware(
        datetime.combine(before - timedelta(days=HALL_FEED_DAYS), datetime.min.time())
    )
    deleted, _per_model = HallEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted
