"""Running periodic jobs exactly once per slot, on any number of nodes (``govhall scheduler``).

For each declared job the scheduler takes the latest slot that has begun. A slot is claimed by
inserting its :class:`~govhall.core.models.JobRun` row, committed before the job starts; the
unique (job, slot) constraint lets exactly one node's insert succeed, on PostgreSQL as on SQLite,
and the others skip the slot. The row then records the end, the outcome and the error text. A job
that is down for a while catches up with its latest slot only (docs/adr/0005-event-stream-and-scheduler.md).
"""

from __future__ import annotations

import logging
import os
import socket
import traceback
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from govhall.core.models import JobOutcome, JobRun
from govhall.core.periodic import Job, declared_jobs

logger = logging.getLogger(__name__)

RECENT_RUNS = 20
"""How many of the latest runs the jobs page lists."""


def this_node() -> str:
    """Which scheduler process ran a job: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def due_jobs(jobs: list[Job], *, now: datetime) -> list[tuple[Job, datetime]]:
    """The jobs whose latest slot has no run yet, with that slot (one query)."""
    slots = {job.name: job.latest_slot(now) for job in jobs}
    condition = Q()
    for name, slot in slots.items():
        condition |= Q(job=name, slot=slot)
    taken = set(JobRun.objects.filter(condition).values_list("job", flat=True)) if slots else set()
    return [(job, slots[job.name]) for job in jobs if job.name not in taken]


def job_claim(job: Job, *, slot: datetime, node: str) -> JobRun | None:
    """Insert the run of ``job`` for ``slot``; None when another node has it already."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job.name, slot=slot, node=node)
    except IntegrityError:
        return None


def job_run(job: Job, run: JobRun) -> JobRun:
    """Run ``job`` for its claimed ``run`` and record how it ended."""
    try:
        summary = job.function()()
    except Exception as exc:
        logger.exception("periodic job %s failed for slot %s", job.name, run.slot)
        run.outcome = JobOutcome.FAILED
        run.error = "".join(traceback.format_exception(exc))
    else:
        run.outcome = JobOutcome.OK
        run.summary = (summary or "")[:300]
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "error", "summary", "finished_at"])
    return run


def jobs_run_due(
    *, now: datetime | None = None, node: str | None = None, jobs: list[Job] | None = None
) -> list[JobRun]:
    """Run every job (of ``jobs``, by default the declared ones) whose latest slot has not run yet,
    each slot once across all nodes."""
    moment = now or timezone.now()
    runs: list[JobRun] = []
    for job, slot in due_jobs(declared_jobs() if jobs is None else jobs, now=moment):
        run = job_claim(job, slot=slot, node=node or this_node())
        if run is not None:
            runs.append(job_run(job, run))
    return runs


def seconds_until_next_slot(*, now: datetime, longest: float) -> float:
    """How long the scheduler may sleep: until the earliest next slot, at most ``longest`` seconds."""
    slots = [job.next_slot(now) for job in declared_jobs()]
    if not slots:
        return longest
    return max(0.0, min(longest, (min(slots) - now).total_seconds()))


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last_run: JobRun | None
    next_slot: datetime
    due: bool
    """The latest slot has begun and has not run yet: the scheduler runs it on its next pass."""


def jobs_overview(*, now: datetime | None = None) -> list[JobStatus]:
    """Each declared job with its last run and its next slot (what the jobs page shows)."""
    moment = now or timezone.now()
    jobs = declared_jobs()
    latest = JobRun.objects.filter(job=OuterRef("job")).order_by("-slot").values("pk")[:1]
    last_runs = {
        run.job: run for run in JobRun.objects.filter(job__in=[job.name for job in jobs], pk=Subquery(latest))
    }
    statuses = []
    for job in jobs:
        last = last_runs.get(job.name)
        due = last is None or last.slot < job.latest_slot(moment)
        statuses.append(
            JobStatus(
                job=job,
                last_run=last,
                next_slot=job.latest_slot(moment) if due else job.next_slot(moment),
                due=due,
            )
        )
    return statuses


def recent_runs(limit: int = RECENT_RUNS) -> list[JobRun]:
    return list(JobRun.objects.order_by("-started_at", "-id")[:limit])
