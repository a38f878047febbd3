"""Every write of the hall queue. Each runs in one transaction, locks what two people can race
for, appends its ticket/window event and a hall event for the boards in the same transaction."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
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
from govhall.org.models import Centre, OpeningHours, StaffProfile, Window
from govhall.org.selectors import centre_day_off_reason, centre_hours_on, staff_profile_of
from govhall.queueing import calling, reminders, selectors
from govhall.queueing.events import TICKET_EVENT_KINDS, WINDOW_EVENT_KINDS, TicketPayload, WindowPayload
from govhall.queueing.models import (
    ACTIVE_STATUSES,
    Device,
    DeviceKind,
    GreenChannelReason,
    HallEvent,
    HallEventKind,
    Priority,
    Queue,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
    WindowAction,
    WindowEvent,
    WindowQueue,
    WindowSession,
)

TICKET_SERIES = "queue-ticket"
PERIOD_SERIES = "queue-ticket-period"
ELDERLY_AGE = 70
RATING_OPEN_MINUTES = 5
"""A service can be rated on the window's pad this long after it finished."""


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
    """Issue a queue number. A retried request with the same device and key returns the first ticket."""
    moment = now or timezone.now()
    if idempotency_key and device is not None:
        earlier = _ticket_for_key(device, idempotency_key)
        if earlier is not None:
            return earlier
    if not queue.is_active:
        raise _refuse(_("该队列已停用。"), "queue_inactive")
    if device is not None and device.centre_id != queue.centre_id:
        raise _refuse(_("该队列不属于本取号机所在的中心。"), "wrong_centre")
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
            ticket = Ticket.objects.create(
                centre_id=queue.centre_id,
                queue=queue,
                service_date=day,
                serial=serial,
                number=f"{queue.prefix}{serial:03d}",
                priority=priority,
                priority_rank=priority.rank,
                green_reason=green,
                item=item,
                id_number_hash=id_hash,
                id_number_masked=mask_id_number(id_number),
                phone_sealed=seal(phone),
                phone_masked=mask_phone(phone),
                public_code=secrets.token_urlsafe(16),
                issued_at=moment,
                queued_seconds=queued_seconds,
                issued_by_device=device,
                issued_by=issued_by,
                idempotency_key=idempotency_key if device is not None else "",
                people_ahead_at_issue=ahead,
                estimated_wait_minutes=estimate,
            )
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


def _staff_of(user: User) -> StaffProfile:
    staff = staff_profile_of(user)
    if staff is None:
        raise _refuse(_("只有工作人员可以登录窗口。"), "not_staff")
    return staff


def _open_session(user: User, *, lock: bool = False) -> WindowSession:
    sessions = WindowSession.objects.filter(clerk__user=user, signed_out_at__isnull=True).select_related(
        "window", "clerk"
    )
    if lock:
        sessions = sessions.select_for_update(of=("self",))
    session = sessions.first()
    if session is None:
        raise _refuse(_("您尚未签到任何窗口。"), "not_signed_in")
    return session


def _window_event(session: WindowSession, action: WindowAction, user: User, reason: str = "") -> None:
    window = session.window
    emit(
        WINDOW_EVENT_KINDS[action],
        payload=WindowPayload(window=window.number, clerk=session.clerk.name, reason=reason),
        subject=window,
        actor=user,
        actor_name=session.clerk.name,
        centre_id=window.centre_id,
        department_id=window.department_id,
    )
    WindowEvent.objects.create(
        window=session.window, clerk=session.clerk, action=action, actor=user, reason=reason
    )
    _hall_change(session.window.centre_id, window=session.window)


def window_sign_in(*, window: Window, user: User) -> WindowSession:
    """Sign the clerk in to a window of their centre and department (or a comprehensive window)."""
    staff = _staff_of(user)
    if not window.is_active:
        raise _refuse(_("该窗口已停用。"), "window_inactive")
    if window.centre_id != staff.centre_id or (
        window.department_id is not None and window.department_id != staff.department_id
    ):
        raise _refuse(_("您不能登录其他中心或其他部门的窗口。"), "window_not_allowed")
    try:
        with transaction.atomic():
            session = WindowSession.objects.create(window=window, clerk=staff)
            _window_event(session, WindowAction.SIGNED_IN, user)
    except IntegrityError as exc:
        if WindowSession.objects.filter(clerk=staff, signed_out_at__isnull=True).exists():
            raise _refuse(_("您已签到其他窗口，请先签退。"), "already_signed_in") from exc
        raise _refuse(_("该窗口已有工作人员签到。"), "window_taken") from exc
    return session


def window_sign_out(*, user: User) -> WindowSession:
    with transaction.atomic():
        session = _open_session(user, lock=True)
        busy = Ticket.objects.filter(
            window=session.window, status__in=(TicketStatus.CALLED, TicketStatus.SERVING)
        ).exists()
        if busy:
            raise _refuse(_("请先办结或处理当前号码再签退。"), "window_busy")
        session.signed_out_at = timezone.now()
        session.paused_at = None
        session.save(update_fields=["signed_out_at", "paused_at"])
        _window_event(session, WindowAction.SIGNED_OUT, user)
    return session


def window_pause(*, user: User, reason: str) -> WindowSession:
    reason = reason.strip()
    if not reason:
        raise _refuse(_("请选择或填写暂停原因。"), "reason_required")
    with transaction.atomic():
        session = _open_session(user, lock=True)
        if session.is_paused:
            raise _refuse(_("窗口已处于暂停状态。"), "already_paused")
        session.paused_at = timezone.now()
        session.pause_reason = reason[:100]
        session.save(update_fields=["paused_at", "pause_reason"])
        _window_event(session, WindowAction.PAUSED, user, reason=session.pause_reason)
    return session


def window_resume(*, user: User) -> WindowSession:
    with transaction.atomic():
        session = _open_session(user, lock=True)
        if not session.is_paused:
            raise _refuse(_("窗口未暂停。"), "not_paused")
        session.paused_at = None
        session.pause_reason = ""
        session.save(update_fields=["paused_at", "pause_reason"])
        _window_event(session, WindowAction.RESUMED, user)
    return session


# --- calling -----------------------------------------------------------------------------------


def ticket_call_next(*, user: User, now: datetime | None = None) -> Ticket | None:
    """Call the next ticket to the clerk's window; None when nobody waits. Racing windows never share one."""
    moment = now or timezone.now()
    with transaction.atomic():
        session = _open_session(user, lock=True)
        if session.is_paused:
            raise _refuse(_("窗口暂停服务中，请先恢复服务。"), "window_paused")
        window = session.window
        if Ticket.objects.filter(
            window=window, status__in=(TicketStatus.CALLED, TicketStatus.SERVING)
        ).exists():
            raise _refuse(_("请先办结、过号或挂起当前号码，再叫下一个。"), "window_busy")
        links = list(WindowQueue.objects.filter(window=window, queue__is_active=True).select_related("queue"))
        if not links:
            raise _refuse(_("本窗口没有配置服务队列。"), "no_queues")
        chosen = calling.choose(
            window_id=window.pk,
            queues=[link.queue for link in links],
            weights={link.queue_id: link.weight for link in links},
            day=timezone.localtime(moment).date(),
            now=moment,
        )
        if chosen is None:
            return None
        ticket, reason = chosen
        ticket.status = TicketStatus.CALLED
        ticket.window = window
        ticket.clerk = session.clerk
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
            window=window,
            reason=reason.as_json(),
            explanation=reason.explanation(),
            at=moment,
        )
        _hall_call(ticket, window, moment)
        _remind_after_commit(ticket)
    return ticket


def _current_ticket(user: User, ticket: Ticket, statuses: Iterable[str]) -> tuple[WindowSession, Ticket]:
    """Lock the clerk's session, then the ticket, and check it is at their window in one of ``statuses``."""
    session = _open_session(user, lock=True)
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.window_id != session.window_id:
        raise _refuse(_("该号码不在您的窗口。"), "not_your_ticket")
    if locked.status not in set(statuses):
        raise _refuse(
            _("该号码当前状态为“%(status)s”，不能进行此操作。") % {"status": locked.get_status_display()},
            "wrong_status",
        )
    return session, locked


def ticket_recall(*, ticket: Ticket, user: User) -> Ticket:
    with transaction.atomic():
        session, ticket = _current_ticket(user, ticket, (TicketStatus.CALLED,))
        if ticket.recall_count >= ticket.queue.max_recalls:
            raise _refuse(
                _("已重呼%(count)d次，达到上限；请过号或挂起。") % {"count": ticket.recall_count},
                "recall_limit",
            )
        moment = timezone.now()
        ticket.recall_count += 1
        ticket.called_at = moment
        ticket.save(update_fields=["recall_count", "called_at"])
        _ticket_event(ticket, TicketAction.RECALLED, actor=user, window=session.window, at=moment)
        _hall_call(ticket, session.window, moment)
    return ticket


def ticket_start(*, ticket: Ticket, user: User) -> Ticket:
    with transaction.atomic():
        session, ticket = _current_ticket(user, ticket, (TicketStatus.CALLED,))
        ticket.status = TicketStatus.SERVING
        ticket.service_started_at = timezone.now()
        ticket.save(update_fields=["status", "service_started_at"])
        _ticket_event(ticket, TicketAction.STARTED, actor=user, window=session.window)
        _hall_change(ticket.centre_id, window=session.window)
    return ticket


def ticket_finish(*, ticket: Ticket, user: User) -> Ticket:
    """Finish the service; the window's evaluator pad then asks for a rating."""
    with transaction.atomic():
        session, ticket = _current_ticket(user, ticket, (TicketStatus.CALLED, TicketStatus.SERVING))
        moment = timezone.now()
        ticket.status = TicketStatus.DONE
        ticket.service_started_at = ticket.service_started_at or ticket.called_at or moment
        ticket.finished_at = moment
        ticket.save(update_fields=["status", "service_started_at", "finished_at"])
        _ticket_event(ticket, TicketAction.FINISHED, actor=user, window=session.window, at=moment)
        _hall_change(ticket.centre_id, window=session.window, at=moment)
    return ticket


def ticket_skip(*, ticket: Ticket, user: User) -> Ticket:
    """过号: the person did not come; the ticket may later return to the queue."""
    with transaction.atomic():
        session, ticket = _current_ticket(user, ticket, (TicketStatus.CALLED,))
        ticket.status = TicketStatus.NO_SHOW
        ticket.no_show_count += 1
        ticket.save(update_fields=["status", "no_show_count"])
        _ticket_event(ticket, TicketAction.SKIPPED, actor=user, window=session.window)
        _hall_change(ticket.centre_id, window=session.window)
        _remind_after_commit(ticket)
    return ticket


def ticket_return(*, ticket: Ticket, user: User) -> Ticket:
    """过号重排: a skipped ticket of today goes back to the end of its queue."""
    with transaction.atomic():
        session = _open_session(user)
        ticket = Ticket.objects.select_for_update().select_related("queue").get(pk=ticket.pk)
        if not WindowQueue.objects.filter(window=session.window, queue=ticket.queue).exists():
            raise _refuse(_("该号码不属于本窗口服务的队列。"), "not_your_queue")
        if ticket.status != TicketStatus.NO_SHOW or ticket.service_date != timezone.localdate():
            raise _refuse(_("只有当天过号的号码可以重新排队。"), "wrong_status")
        ticket.status = TicketStatus.WAITING
        ticket.queued_seconds = calling.seconds_of_day(timezone.now())
        ticket.window = None
        ticket.clerk = None
        ticket.save(update_fields=["status", "queued_seconds", "window", "clerk"])
        _ticket_event(ticket, TicketAction.RETURNED, actor=user, window=session.window)
        _hall_change(ticket.centre_id)
    return ticket


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
        session, ticket = _current_ticket(user, ticket, (TicketStatus.CALLED, TicketStatus.SERVING))
        if window is not None:
            target_link = (
                WindowQueue.objects.filter(window=window, queue__is_active=True)
                .select_related("queue")
                .order_by("-weight", "queue__sort_order")
                .first()
            )
            if window.centre_id != ticket.centre_id or not window.is_active or target_link is None:
                raise _refuse(_("目标窗口不存在、已停用或未配置服务队列。"), "transfer_target")
            if window.pk == session.window_id:
                raise _refuse(_("不能转移到本窗口。"), "transfer_target")
            if not WindowQueue.objects.filter(window=window, queue=ticket.queue).exists():
                queue = target_link.queue
            else:
                queue = ticket.queue
        assert queue is not None
        if queue.centre_id != ticket.centre_id or not queue.is_active:
            raise _refuse(_("目标队列不存在或已停用。"), "transfer_target")
        if window is None and queue.pk == ticket.queue_id:
            raise _refuse(_("不能转移到当前队列。"), "transfer_target")
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
        from_window = session.window
        ticket.status = TicketStatus.WAITING
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
        session, ticket = _current_ticket(user, ticket, (TicketStatus.CALLED, TicketStatus.SERVING))
        ticket.status = TicketStatus.HELD
        ticket.save(update_fields=["status"])
        _ticket_event(
            ticket, TicketAction.HELD, actor=user, window=session.window, comment=comment.strip()[:300]
        )
        _hall_change(ticket.centre_id, window=session.window)
    return ticket


def ticket_resume(*, ticket: Ticket, user: User) -> Ticket:
    """Call a held ticket back to the window that parked it."""
    with transaction.atomic():
        session, ticket = _current_ticket(user, ticket, (TicketStatus.HELD,))
        if Ticket.objects.filter(
            window=session.window, status__in=(TicketStatus.CALLED, TicketStatus.SERVING)
        ).exists():
            raise _refuse(_("请先办结、过号或挂起当前号码，再叫回挂起的号。"), "window_busy")
        moment = timezone.now()
        ticket.status = TicketStatus.CALLED
        ticket.called_at = moment
        ticket.save(update_fields=["status", "called_at"])
        _ticket_event(ticket, TicketAction.RESUMED, actor=user, window=session.window, at=moment)
        _hall_call(ticket, session.window, moment)
    return ticket


# --- rating ------------------------------------------------------------------------------------


def ticket_rate(*, ticket: Ticket, device: Device, rating: str) -> Ticket:
    """评价: the applicant rates, on the window's evaluator pad, the service just finished there.

    Returns the ticket, locked until the caller's transaction ends, with its rated event (``rating``
    is what was chosen, as the ticket's history shows it); the rating itself is the feedback app's,
    written by its caller in the same transaction.
    """
    if device.kind != DeviceKind.EVALUATOR_PAD or device.window_id is None:
        raise _refuse(_("只有窗口评价器可以提交评价。"), "not_a_pad")
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if (
            locked.status != TicketStatus.DONE
            or locked.window_id != device.window_id
            or locked.clerk_id is None
        ):
            raise _refuse(_("该号码不是本窗口办结的服务，不能评价。"), "not_rateable")
        finished_at = locked.finished_at or timezone.now()
        if timezone.now() - finished_at > timedelta(minutes=RATING_OPEN_MINUTES):
            raise _refuse(_("评价时间已过，感谢您的参与。"), "rating_closed")
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
            .filter(service_date__lt=before, status__in=ACTIVE_STATUSES)
            .select_related("window")
            .only(
                "number", "service_date", "centre_id", "queue_id", "window__number", "window__department_id"
            )
            .order_by()
        )
        if not stale:
            return 0
        moment = timezone.now()
        explanation = _("当日办公时间结束，号码作废。")
        Ticket.objects.filter(pk__in=[ticket.pk for ticket in stale]).update(status=TicketStatus.EXPIRED)
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
