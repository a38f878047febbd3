"""Periodic jobs: declared by the apps, run once per slot however many schedulers race, caught up
once after downtime, each run recorded with its outcome; the page for the system administrator."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from govhall.core.models import JobOutcome, JobRun
from govhall.core.periodic import Job, declared_jobs
from govhall.core.scheduler import jobs_run_due
from govhall.org.roles import Role
from tests.factories import StaffFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
RUNS: list[str] = []
_lock = threading.Lock()


def record_run() -> str:
    with _lock:
        RUNS.append("ran")
    return f"第 {len(RUNS)} 次"


def break_down() -> None:
    raise RuntimeError("上游接口超时")


NIGHTLY = Job("tests.nightly", "tests.core.test_scheduler.record_run", "测试：每晚", at=time(2, 0))
FREQUENT = Job(
    "tests.frequent", "tests.core.test_scheduler.record_run", "测试：每五分钟", every=timedelta(minutes=5)
)
FAILING = Job("tests.failing", "tests.core.test_scheduler.break_down", "测试：出错", at=time(2, 0))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _no_runs_yet() -> None:
    RUNS.clear()


def test_the_apps_declare_their_nightly_jobs() -> None:
    jobs = {job.name: job for job in declared_jobs()}
    assert jobs["queueing.close_day"].at == time(0, 30)
    assert jobs["cases.auto_accept"].at == time(1, 0)
    assert jobs["notify.deliver_pending"].every == timedelta(minutes=5)


def test_slots_of_a_daily_and_a_frequent_job() -> None:
    assert NIGHTLY.latest_slot(at(20, 1, 59)) == at(19, 2)
    assert NIGHTLY.latest_slot(at(20, 2)) == at(20, 2)
    assert NIGHTLY.next_slot(at(20, 2)) == at(21, 2)
    assert FREQUENT.latest_slot(at(20, 10, 7)) == at(20, 10, 5)
    assert FREQUENT.next_slot(at(20, 10, 7)) == at(20, 10, 10)
    assert (NIGHTLY.schedule, FREQUENT.schedule) == ("每天 02:00", "每 5 分钟")


@pytest.mark.django_db
def test_a_slot_runs_once_and_the_run_is_recorded() -> None:
    (run,) = jobs_run_due(now=at(20, 3), node="node-a", jobs=[NIGHTLY])
    assert jobs_run_due(now=at(20, 3, 30), node="node-b", jobs=[NIGHTLY]) == []

    assert RUNS == ["ran"]
    run.refresh_from_db()
    assert (run.job, run.slot, run.node, run.outcome) == ("tests.nightly", at(20, 2), "node-a", JobOutcome.OK)
    assert run.summary == "第 1 次" and run.finished_at is not None and run.finished_at >= run.started_at
    assert [slot for slot in JobRun.objects.values_list("slot", flat=True)] == [at(20, 2)]


@pytest.mark.django_db
def test_after_downtime_a_job_catches_up_once_not_once_per_missed_slot() -> None:
    jobs_run_due(now=at(17, 2, 1), jobs=[NIGHTLY, FREQUENT])
    RUNS.clear()

    runs = jobs_run_due(now=at(20, 10, 7), jobs=[NIGHTLY, FREQUENT])

    assert sorted((run.job, run.slot) for run in runs) == [
        ("tests.frequent", at(20, 10, 5)),
        ("tests.nightly", at(20, 2)),
    ]
    assert RUNS == ["ran", "ran"]
    assert jobs_run_due(now=at(20, 10, 9), jobs=[NIGHTLY, FREQUENT]) == []


@pytest.mark.django_db
def test_a_failed_run_records_the_error_and_the_other_jobs_still_run() -> None:
    failed, done = jobs_run_due(now=at(20, 3), jobs=[FAILING, NIGHTLY])

    assert (failed.outcome, done.outcome) == (JobOutcome.FAILED, JobOutcome.OK)
    failed.refresh_from_db()
    assert "RuntimeError: 上游接口超时" in failed.error and failed.finished_at is not None
    assert jobs_run_due(now=at(20, 4), jobs=[FAILING]) == []  # the slot is spent; the next one retries


@pytest.mark.postgres
def test_racing_schedulers_run_a_slot_exactly_once(postgres_only: None, transactional_db: None) -> None:
    start = threading.Barrier(4)
    claimed: list[int] = []

    def scheduler(name: str) -> None:
        try:
            start.wait(10)
            claimed.append(len(jobs_run_due(now=at(20, 3), node=name, jobs=[NIGHTLY, FREQUENT])))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(f"node-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert len(claimed) == 4 and sum(claimed) == 2
    assert RUNS == ["ran", "ran"]
    assert JobRun.objects.count() == 2 and not JobRun.objects.exclude(outcome=JobOutcome.OK).exists()


@pytest.mark.django_db
def test_the_scheduler_command_runs_the_declared_jobs_due_now() -> None:
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)

    runs = dict(JobRun.objects.values_list("job", "outcome"))
    assert runs == {"queueing.close_day": "ok", "cases.auto_accept": "ok", "notify.deliver_pending": "ok"}
    assert "queueing.close_day" in out.getvalue()
    call_command("scheduler", "--once", stdout=StringIO())
    assert JobRun.objects.count() == 3


@pytest.mark.django_db
def test_the_jobs_page_shows_the_system_administrator_each_jobs_last_run_and_next_run(client: Client) -> None:
    call_command("scheduler", "--once", stdout=StringIO())
    sysadmin = StaffFactory(department=None, roles=[Role.SYSTEM_ADMINISTRATOR]).user
    client.force_login(sysadmin)

    response = client.get("/system/jobs/")

    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "定时任务",
        "日终处理",
        "每天 00:30",
        "每 5 分钟",
        "成功",
        "作废以前各日未办结的排队号 0 个",
    ):
        assert text in page
    assert [status.job.name for status in response.context["statuses"]] == [
        "queueing.close_day",
        "cases.auto_accept",
        "notify.deliver_pending",
    ]
    assert all(status.last_run is not None and not status.due for status in response.context["statuses"])


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CENTRE_MANAGER, Role.SUPERVISION_OFFICE, Role.WINDOW_CLERK])
def test_the_jobs_page_is_refused_to_other_roles(client: Client, role: Role) -> None:
    client.force_login(StaffFactory(roles=[role]).user)
    assert client.get("/system/jobs/").status_code == 403


@pytest.mark.django_db
def test_the_jobs_page_sends_anonymous_visitors_to_the_login(client: Client) -> None:
    response = client.get("/system/jobs/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
