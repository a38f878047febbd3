"""Periodic jobs as apps declare them, and their slots.

An app lists its jobs as ``periodic_jobs`` on its AppConfig (like ``nav_entries``)::

    periodic_jobs = (Job("queueing.close_day", "govhall.queueing.jobs.close_day", _("…"), at=time(0, 30)),)

A job runs once per *slot*: each day at ``at`` (the centre's time zone, ``TIME_ZONE``), or every
``every`` counted from the Unix epoch. ``govhall scheduler`` (:mod:`govhall.core.scheduler`) runs
the latest slot that has not run yet, so after downtime a job catches up once, not once per missed slot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Job:
    """A periodic job: ``path`` names a function taking no arguments that returns a short summary
    of what it did (or None); ``label`` says in Chinese what it does."""

    name: str
    path: str
    label: str | Promise
    at: time | None = field(default=None, kw_only=True)
    every: timedelta | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if (self.at is None) == (self.every is None):
            raise ImproperlyConfigured(f"job {self.name!r} needs exactly one of at= or every=")
        if self.every is not None and self.every <= timedelta(0):
            raise ImproperlyConfigured(f"job {self.name!r} must repeat after a positive interval")

    def function(self) -> Callable[[], str | None]:
        function: Callable[[], str | None] = import_string(self.path)
        return function

    def latest_slot(self, now: datetime) -> datetime:
        """The last slot that has begun at ``now``."""
        if self.every is not None:
            return EPOCH + ((now - EPOCH) // self.every) * self.every
        assert self.at is not None
        local = timezone.localtime(now)
        today = timezone.make_aware(datetime.combine(local.date(), self.at))
        return (
            today
            if today <= now
            else timezone.make_aware(datetime.combine(local.date() - timedelta(days=1), self.at))
        )

    def next_slot(self, now: datetime) -> datetime:
        """The first slot that begins after ``now``."""
        if self.every is not None:
            return self.latest_slot(now) + self.every
        assert self.at is not None
        latest = timezone.localtime(self.latest_slot(now))
        return timezone.make_aware(datetime.combine(latest.date() + timedelta(days=1), self.at))

    @property
    def schedule(self) -> str:
        """When the job runs, in words (每天 00:30, 每 5 分钟)."""
        if self.at is not None:
            return _("每天 %(time)s") % {"time": self.at.strftime("%H:%M")}
        assert self.every is not None
        minutes = int(self.every.total_seconds() // 60)
        if minutes and minutes * 60 == self.every.total_seconds():
            return _("每 %(minutes)d 分钟") % {"minutes": minutes}
        return _("每 %(seconds)d 秒") % {"seconds": int(self.every.total_seconds())}


def declared_jobs() -> list[Job]:
    """Every installed app's periodic jobs, in app order; names are unique."""
    jobs: list[Job] = []
    for config in apps.get_app_configs():
        jobs.extend(getattr(config, "periodic_jobs", ()))
    names = [job.name for job in jobs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ImproperlyConfigured(f"periodic jobs declared twice: {', '.join(duplicates)}")
    return jobs
