"""The evaluator pad (the feedback app's page on a queueing device): the window's clerk, the rating
after a service, and every refusal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from govhall.core.workflow import StateRefused
from govhall.feedback import selectors as feedback_selectors
from govhall.feedback import services as feedback_services
from govhall.feedback.models import Rating, RatingChannel, RatingLevel
from govhall.queueing import policies, services
from govhall.queueing.models import Queue, Ticket, TicketAction, TicketEvent, TicketStatus
from tests.factories import CentreFactory

from .conftest import Hall

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def pad_client(hall: Hall) -> Client:
    client = Client()
    response = client.get("/pad/pad-1/?token=pad-1-token")
    assert response.status_code == 302
    return client


def _finished(hall: Hall, clerk_number: int = 1) -> Ticket:
    """A service just finished at window 1 (or 2)."""
    queue = hall.queue_a if clerk_number == 1 else hall.queue_b
    user = hall.clerk_1 if clerk_number == 1 else hall.clerk_2
    services.ticket_issue(queue=queue, device=hall.kiosk)
    ticket = services.ticket_call_next(user=user)
    assert ticket is not None
    return services.ticket_finish(ticket=ticket, user=user)


def test_pad_page_shows_levels_and_reasons(pad_client: Client, hall: Hall) -> None:
    page = pad_client.get("/pad/pad-1/").content.decode()

    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意", "等候时间长", "服务态度差"):
        assert label in page
    assert "csrfmiddlewaretoken" in page
    assert "/pad/pad-1/state/" in page
    assert '<button type="button" class="good" data-level="1">非常满意</button>' in page
    assert '<button type="button" class="bad" data-level="5" data-bad>非常不满意</button>' in page


def test_pad_state_shows_the_clerk_and_the_service_to_rate(pad_client: Client, hall: Hall) -> None:
    clerk = hall.clerk_1.staff
    state = pad_client.get("/pad/pad-1/state/").json()
    assert state["clerk"]["name"] == clerk.name and state["clerk"]["staff_number"] == clerk.staff_number
    assert state["pending"] is None

    ticket = _finished(hall)

    assert pad_client.get("/pad/pad-1/state/").json()["pending"] == {"ticket_id": ticket.pk, "number": "A001"}


def test_a_good_rating_is_stored_with_the_service(pad_client: Client, hall: Hall) -> None:
    ticket = _finished(hall)

    response = pad_client.post("/pad/pad-1/", {"ticket": ticket.pk, "level": "1", "reasons": ["attitude"]})

    assert response.status_code == 201
    assert response.json()["detail"] == "感谢您的评价！"
    rating = Rating.objects.get(ticket=ticket)
    assert (rating.level, rating.get_level_display()) == (RatingLevel.VERY_SATISFIED, "非常满意")
    assert rating.reasons == []
    assert (rating.channel, rating.get_channel_display()) == (RatingChannel.HALL_TABLET, "政务大厅平板电脑")
    assert rating.channel == "4"
    assert (rating.window_id, rating.clerk_id, rating.device_id) == (
        hall.window_1.pk,
        hall.clerk_1.staff.pk,
        hall.pad_1.pk,
    )
    rated = ticket.events.get(action=TicketAction.RATED)
    assert (rated.device_id, rated.explanation) == (hall.pad_1.pk, "非常满意")
    assert pad_client.get("/pad/pad-1/state/").json()["pending"] is None


def test_a_bad_rating_keeps_its_reasons_and_comment(pad_client: Client, hall: Hall) -> None:
    ticket = _finished(hall)

    response = pad_client.post(
        "/pad/pad-1/",
        {
            "ticket": ticket.pk,
            "level": "5",
            "reasons": ["long_wait", "materials"],
            "comment": " 材料要求反复变 ",
        },
    )

    assert response.status_code == 201
    rating = Rating.objects.get(ticket=ticket)
    assert (rating.level, rating.reasons, rating.comment) == (
        RatingLevel.VERY_DISSATISFIED,
        ["long_wait", "materials"],
        "材料要求反复变",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "0"}, "请选择评价等级。"),
        ({"level": "6"}, "请选择评价等级。"),
        ({"level": "很好"}, "请选择评价等级。"),
        ({}, "请选择评价等级。"),
        ({"level": "4"}, "请选择不满意的原因。"),
        ({"level": "5", "reasons": ["rude"]}, "不满意原因无效。"),
    ],
)
def test_bad_rating_input_is_refused(
    pad_client: Client, hall: Hall, data: dict[str, object], message: str
) -> None:
    ticket = _finished(hall)

    response = pad_client.post("/pad/pad-1/", {"ticket": ticket.pk, **data})

    assert response.status_code == 400
    assert response.json()["detail"] == message
    assert not Rating.objects.exists()
    assert not TicketEvent.objects.filter(action=TicketAction.RATED).exists()


def test_a_service_is_rated_once(pad_client: Client, hall: Hall) -> None:
    ticket = _finished(hall)
    assert pad_client.post("/pad/pad-1/", {"ticket": ticket.pk, "level": "2"}).status_code == 201

    again = pad_client.post("/pad/pad-1/", {"ticket": ticket.pk, "level": "5", "reasons": ["slow"]})

    assert again.status_code == 400
    assert again.json() == {"detail": "该次服务已评价，感谢您的参与。", "code": "already_rated", "errors": {}}
    assert Rating.objects.get(ticket=ticket).level == RatingLevel.SATISFIED
    assert ticket.events.filter(action=TicketAction.RATED).count() == 1


@pytest.mark.parametrize(
    ("which", "status", "detail"),
    [
        ("other_window", 403, "该号码不是本窗口办结的服务，不能评价。"),
        ("not_finished", 409, "当前状态为“已叫号”，不能评价。"),
        ("other_centre", 400, "该号码不是本窗口办结的服务，不能评价。"),
        ("missing", 400, "该号码不是本窗口办结的服务，不能评价。"),
        ("not_a_number", 400, "该号码不是本窗口办结的服务，不能评价。"),
    ],
)
def test_only_services_finished_at_the_pads_window_can_be_rated(
    pad_client: Client, hall: Hall, which: str, status: int, detail: str
) -> None:
    """Another window's service is the pad's to refuse (403), one not finished is not rateable yet
    (409); a ticket of another centre, or none, is not there for the pad (400)."""
    if which == "other_window":
        ticket_id: object = _finished(hall, clerk_number=2).pk
    elif which == "not_finished":
        services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
        called = services.ticket_call_next(user=hall.clerk_1)
        assert called is not None
        ticket_id = called.pk
    elif which == "other_centre":
        elsewhere = CentreFactory()
        ticket_id = Ticket.objects.create(
            centre=elsewhere,
            queue=Queue.objects.create(centre=elsewhere, name="他中心", prefix="A"),
            service_date=timezone.localdate(),
            serial=1,
            number="A001",
            status=TicketStatus.DONE,
            public_code="elsewhere",
            queued_seconds=0,
        ).pk
    elif which == "missing":
        ticket_id = 999_999
    else:
        ticket_id = "A001"

    response = pad_client.post("/pad/pad-1/", {"ticket": ticket_id, "level": "1"})

    assert response.status_code == status
    assert response.json()["detail"] == detail
    assert not Rating.objects.exists()


def test_other_devices_and_strangers_cannot_rate(hall: Hall) -> None:
    ticket = _finished(hall)
    board = Client()
    board.get("/display/board-1/?token=board-token")

    assert board.post("/pad/board-1/", {"ticket": ticket.pk, "level": "1"}).status_code == 403
    assert Client().post("/pad/pad-1/", {"ticket": ticket.pk, "level": "1"}).status_code == 403
    assert Client().get("/pad/board-1/?token=board-token").status_code == 403
    assert not Rating.objects.exists()


def test_a_rating_needs_the_pages_csrf_token(hall: Hall) -> None:
    ticket = _finished(hall)
    client = Client(enforce_csrf_checks=True)
    client.get("/pad/pad-1/?token=pad-1-token")

    refused = client.post("/pad/pad-1/", {"ticket": ticket.pk, "level": "1"})
    assert refused.status_code == 403
    assert not Rating.objects.exists()

    client.get("/pad/pad-1/")
    token = client.cookies["csrftoken"].value
    accepted = client.post("/pad/pad-1/", {"ticket": ticket.pk, "level": "1"}, headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


def test_clerk_photo_is_served_to_the_pad_only_when_there_is_one(
    pad_client: Client, hall: Hall, settings: LazySettings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    assert pad_client.get("/pad/pad-1/photo/").status_code == 404

    staff = hall.clerk_1.staff
    staff.photo = SimpleUploadedFile("clerk.png", PNG, content_type="image/png")
    staff.save()
    response = pad_client.get("/pad/pad-1/photo/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
    assert pad_client.get("/pad/pad-1/state/").json()["clerk"]["has_photo"] is True


def test_a_service_finished_long_ago_can_no_longer_be_rated(hall: Hall) -> None:
    ticket = services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    called = services.ticket_call_next(user=hall.clerk_1)
    assert called is not None and called.pk == ticket.pk
    services.ticket_finish(ticket=called, user=hall.clerk_1)
    Ticket.objects.filter(pk=ticket.pk).update(
        finished_at=timezone.now() - timedelta(minutes=policies.RATING_OPEN_MINUTES + 1)
    )
    with pytest.raises(StateRefused) as excinfo:
        feedback_services.rating_record(device=hall.pad_1, ticket=ticket, level=1)
    assert excinfo.value.messages == ["评价时间已过，感谢您的参与。"] and excinfo.value.code == "rating_open"
    assert not Rating.objects.filter(ticket=ticket).exists()
    assert feedback_selectors.pending_rating(hall.window_1.pk) is None


def test_the_pending_rating_is_the_last_finished_service_until_rated_or_too_old(hall: Hall) -> None:
    services.ticket_issue(queue=hall.queue_a, device=hall.kiosk)
    ticket = services.ticket_call_next(user=hall.clerk_1)
    assert ticket is not None
    assert feedback_selectors.pending_rating(hall.window_1.pk) is None

    services.ticket_finish(ticket=ticket, user=hall.clerk_1)
    assert feedback_selectors.pending_rating(hall.window_1.pk) == {"ticket_id": ticket.pk, "number": "A001"}
    assert feedback_selectors.pending_rating(hall.window_2.pk) is None

    Ticket.objects.filter(pk=ticket.pk).update(
        finished_at=timezone.now() - timedelta(minutes=policies.RATING_OPEN_MINUTES + 1)
    )
    assert feedback_selectors.pending_rating(hall.window_1.pk) is None

    Ticket.objects.filter(pk=ticket.pk).update(finished_at=timezone.now())
    feedback_services.rating_record(device=hall.pad_1, ticket=ticket, level=1)
    assert feedback_selectors.pending_rating(hall.window_1.pk) is None
