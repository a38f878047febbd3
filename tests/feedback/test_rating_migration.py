"""The move of the rating model from the queueing app to the feedback app keeps every rating."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from govhall.feedback.models import Rating, RatingChannel, RatingLevel
from govhall.queueing.models import Queue, Ticket, TicketStatus
from tests.factories import StaffFactory, WindowFactory

MOVE = ("queueing", "0003_rating_moves_to_feedback")


def _before_the_move(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """The queueing app just before the model left it (and so no feedback app)."""
    return [
        parent.key for parent in executor.loader.graph.node_map[MOVE].parents if parent.key[0] == "queueing"
    ]


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def _served_ticket() -> tuple[Ticket, int, int]:
    window = WindowFactory()
    clerk = StaffFactory(centre=window.centre, department=window.department)
    queue = Queue.objects.create(centre=window.centre, name="综合受理", prefix="A")
    ticket = Ticket.objects.create(
        centre=window.centre,
        queue=queue,
        service_date=timezone.localdate(),
        serial=1,
        number="A001",
        status=TicketStatus.DONE,
        public_code="rated-before",
        queued_seconds=0,
        window=window,
        clerk=clerk,
    )
    return ticket, window.pk, clerk.pk


def test_a_rating_stored_in_the_queueing_app_survives_the_move(executor: MigrationExecutor) -> None:
    ticket, window_id, clerk_id = _served_ticket()
    content_type = ContentType.objects.get(app_label="feedback", model="rating")
    view_rating = Permission.objects.get(content_type=content_type, codename="view_rating")

    executor.migrate([*_before_the_move(executor), ("feedback", None)])
    old_apps = executor.loader.project_state(_before_the_move(executor)).apps
    old_rating = old_apps.get_model("queueing", "Rating").objects.create(
        ticket_id=ticket.pk,
        window_id=window_id,
        clerk_id=clerk_id,
        level=4,
        reasons=[],
        comment="办得快",
        channel="hall_pad",
    )
    bad = old_apps.get_model("queueing", "Rating").objects.create(
        ticket_id=Ticket.objects.create(
            centre_id=ticket.centre_id,
            queue_id=ticket.queue_id,
            service_date=ticket.service_date,
            serial=2,
            number="A002",
            status=TicketStatus.DONE,
            public_code="rated-badly-before",
            queued_seconds=0,
            window_id=window_id,
            clerk_id=clerk_id,
        ).pk,
        window_id=window_id,
        clerk_id=clerk_id,
        level=1,
        reasons=["long_wait"],
        channel="hall_pad",
    )
    assert ContentType.objects.get(pk=content_type.pk).app_label == "queueing"

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rating = Rating.objects.get(pk=old_rating.pk)
    assert (rating.ticket_id, rating.window_id, rating.clerk_id, rating.comment) == (
        ticket.pk,
        window_id,
        clerk_id,
        "办得快",
    )
    assert (rating.level, rating.get_level_display()) == (RatingLevel.SATISFIED, "满意")
    assert (rating.channel, rating.get_channel_display()) == (RatingChannel.HALL_TABLET, "政务大厅平板电脑")
    moved_bad = Rating.objects.get(pk=bad.pk)
    assert (moved_bad.level, moved_bad.reasons) == (RatingLevel.VERY_DISSATISFIED, ["long_wait"])
    assert ContentType.objects.get(pk=content_type.pk).app_label == "feedback"
    assert Permission.objects.get(pk=view_rating.pk).content_type_id == content_type.pk
    tables = connection.introspection.table_names()
    assert "feedback_rating" in tables and "queueing_rating" not in tables
