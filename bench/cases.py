"""Benchmark: case intake, a department's work list and public tracking over 1,000,000 cases.

Loads the demo hall (``govhall demo``: 4 centres, 22 departments, 74 published items with their
materials and process steps, staff with their roles), then generates ``--cases`` existing cases with
set-based SQL on PostgreSQL (``INSERT … SELECT`` over ``generate_series`` and a few small lookup
tables COPYed in): an applicant per case (real encrypted ID numbers and phones with their keyed
hashes, drawn from a pool of people who apply several times), due dates from each centre's real
working calendar, states as a year of work leaves them (most archived; a share open with due dates
around today, some overdue, some waiting for 补正, in special procedures or forwarded), the process
steps of the open cases and the events of every case (its history rows and their twins in the event
stream). Then ``VACUUM ANALYZE``.

Against gunicorn on that database it measures:

1. intake: 16 window clerks (DRF tokens, each signed in at a window of their department)
   ``POST /api/v1/cases`` with outcome ``accept`` for ``--seconds`` after a short warm-up: a new
   applicant, every material received; the answer carries the case number, due date, acceptance
   notice number and events (a sample is checked). Only 201s count; anything else is reported under
   ``intake_errors``. While it runs, what the database connections wait for is sampled
   (``intake_db_waits``). Then one clerk alone for a few seconds: the cost of one intake without
   queueing (``intake_1_client_*``);
2. worklist: a window clerk of the department with the most open cases, logged in through
   ``/accounts/login/``, reads ``/cases/`` (50 rows, soonest due first): mostly the first page, some
   later pages and state tabs; one reader after another (``worklist_p95_ms``), then 4 at once;
3. tracking: ``POST /track/`` with a case number and the last six characters of the applicant's ID
   number (or phone) for random cases, one citizen after another (``track_p95_ms``), then 8 at once.
   The rate limit counts per client address, so each lookup comes from its own loopback address
   (127.x.y.z), as citizens' lookups do; no limit is raised for the benchmark.

Finally the statements per request are counted (Django test client on the same database) and the
slowest read of ``cases_case`` in an intake, a worklist and a tracking request is EXPLAINed (ANALYZE)
to stderr.

Prints {"cases": N, "intake_rps": …, "intake_p95_ms": …, "worklist_p95_ms": …, "track_p95_ms": …,
…} last; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import math
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import bench_server

BENCH_DIR = Path(__file__).resolve().parent

DEFAULT_CASES = 1_000_000
CASES_PER_WORKING_DAY = 4000
"""A city hall with its district and street centres: about a year of work for a million cases."""
MIN_WORKING_DAYS = 60
FUTURE_CALENDAR_DAYS = 200
"""The generated working-day table reaches this far ahead, for due dates of open cases and steps."""
PEOPLE_SHARE = 5
"""People apply several times: one person (or organisation) per five cases."""
MAX_PEOPLE = 200_000
BUCKETS = 10_000
"""Items are drawn through this many equal buckets, each naming one item version (weighted)."""
KIND_WEIGHTS = {"immediate": 3.0, "promised": 2.0, "joint": 0.6, "escalated": 0.4}
LEVEL_WEIGHTS = {"city": 1.0, "county": 0.4, "town": 0.25}
TRACK_SAMPLE = 2000
TRACKABLE_TAIL = re.compile(r"^\d{5}[\dX]$")

INTAKE_CLIENTS = 16
WORKLIST_CLIENTS = 4
WORKLIST_REQUESTS = 600
TRACK_CLIENTS = 8
TRACK_REQUESTS = 800
TRACK_WARM_UP = 48
SEQUENTIAL_REQUESTS = 300
SEQUENTIAL_INTAKE_SECONDS = 5.0
WARM_UP_SECONDS = 3.0
IDLE_RECONNECT_SECONDS = 1.0
DEMO_PASSWORD = "govhall-demo"
OPEN_STATES = (
    "received",
    "correction",
    "handling",
    "suspended",
    "escalated",
    "decided",
    "completed",
    "delivered",
)


def log(message: str) -> None:
    print(f"[cases bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (0.0 when there are none)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return round(ordered[max(0, math.ceil(len(ordered) * share) - 1)], 2)


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2) if values else 0.0


# =================================================================================================
# Generation: runs inside a Django process on the bench database (``server.python``).
# =================================================================================================

REGIONS = ("370702", "370703", "370704", "370705", "370724", "370725", "370781", "370782", "370783", "370784")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
GIVEN = (
    "志强秀英海燕晓东丽娟俊杰静怡文博雪梅国庆雅琴宇航春燕建华明远婷婷立新玉兰子涵振华凤霞浩然淑珍永刚欣怡德胜"
    "桂芳家豪慧敏晨阳红梅少华佳琪庆丰美玲思远金凤鹏飞晓丽长青爱华泽宇月琴光明雨萱卫东亚男天宇"
)
COMPANY_WORDS = "鸿达瑞丰金鼎恒泰华盛永安宏图聚源鑫茂嘉禾博远天成润发德隆海川新元盛世"
COMPANY_TRADES = ("商贸", "食品", "建筑工程", "餐饮管理", "医疗器械", "物流", "科技", "农业发展", "机械制造")
COMPANY_FORMS = ("有限公司", "有限责任公司", "股份有限公司", "个体工商户", "合作社")
STREETS = ("胜利东街", "东风西街", "健康东街", "鸢飞路", "北海路", "福寿街", "青年路", "新华路", "樱前街")
MOBILE_PREFIXES = ("138", "139", "135", "137", "150", "158", "186", "188", "133", "177")


@functools.cache
def _born_in(region: str, year: int) -> bool:
    """Whether the county code was in use that year (奎文区's 370705 only since 1994)."""
    from stdnum.cn import ric

    return ric.is_valid(_with_check_digit(f"{region}{year}0101001"))


def _with_check_digit(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")  # it reads a number with its check digit in place


def _resident_id(rng: random.Random) -> str:
    while True:
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
        region = rng.choice(REGIONS)
        if _born_in(region, born.year):
            return _with_check_digit(f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}")


def _credit_code(rng: random.Random) -> str:
    from stdnum.cn import uscc

    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + rng.choice(REGIONS)[:4] + "00" + "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def _people_rows(count: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """The applicants' pool: valid numbers, sealed and hashed by the project's own functions."""
    from govhall.cases.applicants import public_name, tail_hash
    from govhall.core.personal_data import keyed_hash, mask_id_number, mask_phone, seal

    rng = random.Random(seed)
    for index in range(count):
        phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        address = f"山东省潍坊市{rng.choice(STREETS)}{rng.randrange(1, 999)}号"
        if rng.random() < 0.82:
            kind, id_type, number = "person", "resident_id", _resident_id(rng)
            name = rng.choice(SURNAMES) + GIVEN[2 * rng.randrange(len(GIVEN) // 2) :][: rng.choice((1, 2))]
            representative = ""
        else:
            kind, id_type, number = "organisation", "credit_code", _credit_code(rng)
            words = COMPANY_WORDS[2 * rng.randrange(len(COMPANY_WORDS) // 2) :][:2]
            name = f"潍坊{words}{rng.choice(COMPANY_TRADES)}{rng.choice(COMPANY_FORMS)}"
            representative = rng.choice(SURNAMES) + GIVEN[2 * rng.randrange(len(GIVEN) // 2) :][:2]
        yield (
            index,
            kind,
            name,
            public_name(kind, name),
            id_type,
            seal(number),
            keyed_hash(number),
            mask_id_number(number),
            tail_hash(number),
            seal(phone),
            keyed_hash(phone),
            mask_phone(phone),
            tail_hash(phone),
            address,
            representative,
            number[-6:],
            phone[-6:],
        )


LOOKUP_TABLES = """
CREATE TEMP TABLE gen_version (
    version_id bigint PRIMARY KEY, item_id bigint, centre_id bigint, centre_code text, department_id bigint,
    name text, result_name text, kind text, limit_days int, limit_unit text, legal_limit int, limit_wd int,
    clerk_id int, clerk_name text, decider_id int, decider_name text, window_id bigint,
    n_steps int, decide_pos int
);
CREATE TEMP TABLE gen_bucket (bucket int PRIMARY KEY, version_id bigint);
CREATE TEMP TABLE gen_workday (centre_id bigint, idx int, day date, PRIMARY KEY (centre_id, idx));
CREATE TEMP TABLE gen_today (centre_id bigint PRIMARY KEY, today_idx int);
CREATE TEMP TABLE gen_due (
    centre_id bigint, day date, limit_days int, limit_unit text, due_on date,
    PRIMARY KEY (centre_id, day, limit_days, limit_unit)
);
CREATE TEMP TABLE gen_step (
    version_id bigint, pos int, step_order int, name text, kind text, role text, budget_days int,
    PRIMARY KEY (version_id, pos)
);
CREATE TEMP TABLE gen_person (
    idx int PRIMARY KEY, kind text, name text, public_name text, id_type text, id_sealed text, id_hash text,
    id_masked text, id_tail_hash text, phone_sealed text, phone_hash text, phone_masked text,
    phone_tail_hash text, address text, legal_representative text, id_tail text, phone_tail text
);
"""

# What a year of work leaves: the state of each case from its kind, its age in working days
# (``age``: 1 = received yesterday) and its pace (working days from acceptance to the decision,
# 30–120 % of the promised limit, so about one in nine runs late). A few older cases are still in a
# special procedure, or forgotten in handling long past their due date; a few applications that came
# by post or online in the last days wait for their answer.
PLAN = """
CREATE TEMP TABLE gen_plan AS
WITH draw AS (
    SELECT g, floor(random() * %(buckets)s)::int AS bucket, random() AS r_day, random() AS r_state,
           random() AS r_pace, random() AS r_sub, random() AS r_time, random() AS r_channel
    FROM generate_series(1, %(cases)s) AS g
), base AS (
    SELECT d.*, v.*, t.today_idx, wd.idx AS day_idx, wd.day AS received_on, t.today_idx - wd.idx AS age,
           CASE WHEN v.kind = 'immediate' THEN 0
                ELSE greatest(1, ceil(v.limit_wd * (0.3 + 0.9 * d.r_pace)))::int END AS pace,
           ((d.g::bigint * 7919) %% %(people)s)::int AS person
    FROM draw d
    JOIN gen_bucket USING (bucket)
    JOIN gen_version v USING (version_id)
    JOIN gen_today t ON t.centre_id = v.centre_id
    JOIN gen_workday wd ON wd.centre_id = v.centre_id
        AND wd.idx = t.today_idx - 1 - floor(d.r_day * %(days)s)::int
)
SELECT b.*,
    ((b.received_on + time '08:30' + b.r_time * interval '8 hours') AT TIME ZONE %(tz)s) AS received_at,
    CASE
        WHEN b.kind = 'immediate' THEN CASE
            WHEN b.r_state < 0.01 THEN 'not_accepted'
            WHEN b.r_state < 0.015 THEN 'referred'
            WHEN b.age <= 2 THEN 'delivered'
            ELSE 'archived' END
        WHEN b.r_state < 0.02 THEN 'not_accepted'
        WHEN b.r_state < 0.03 THEN 'referred'
        WHEN b.r_state < 0.045 THEN 'withdrawn'
        WHEN b.r_state < 0.075 AND b.age <= 10 THEN 'correction'
        WHEN b.r_state >= 0.075 AND b.r_state < 0.078 AND b.age > b.pace THEN 'suspended'
        WHEN b.r_state >= 0.078 AND b.r_state < 0.080 AND b.age > b.pace THEN 'handling'
        WHEN b.r_state >= 0.080 AND b.r_state < 0.100 AND b.age <= 3 AND b.r_channel >= 0.85 THEN 'received'
        WHEN b.age <= b.pace THEN CASE
            WHEN b.kind = 'escalated' AND b.age * 2 > b.pace THEN 'escalated'
            WHEN b.r_sub < 0.04 THEN 'suspended'
            ELSE 'handling' END
        WHEN b.age = b.pace + 1 THEN 'decided'
        WHEN b.age = b.pace + 2 THEN 'completed'
        WHEN b.age <= b.pace + 5 THEN 'delivered'
        ELSE 'archived'
    END AS state
FROM base b;
"""

# Ids follow the reception time, as a live system's would; serials restart per centre and day.
CASES_TABLE = """
CREATE TEMP TABLE gen_case AS
SELECT p.*,
    %(case_offset)s + row_number() OVER (ORDER BY p.received_at, p.g) AS id,
    %(applicant_offset)s + row_number() OVER (ORDER BY p.received_at, p.g) AS applicant_id,
    coalesce(issued.last_value, 0)
        + row_number() OVER (PARTITION BY p.centre_id, p.received_on ORDER BY p.received_at, p.g) AS serial,
    p.state IN ('handling', 'suspended', 'escalated', 'decided', 'completed', 'delivered', 'archived',
                'withdrawn') AS accepted,
    p.state IN ('decided', 'completed', 'delivered', 'archived') AS decided,
    p.state IN ('completed', 'delivered', 'archived') AS completed,
    p.state IN ('delivered', 'archived') AS delivered,
    CASE WHEN p.kind = 'immediate' THEN p.day_idx ELSE p.day_idx + p.pace END AS decided_idx,
    CASE WHEN p.kind = 'immediate' THEN p.day_idx ELSE p.day_idx + p.pace + 1 END AS completed_idx,
    CASE WHEN p.kind = 'immediate' THEN p.day_idx ELSE p.day_idx + p.pace + 2 END AS delivered_idx,
    CASE WHEN p.kind = 'immediate' THEN p.day_idx + 2 ELSE p.day_idx + p.pace + 5 END AS archived_idx,
    CASE
        WHEN p.state = 'withdrawn' THEN least(p.day_idx + 1 + floor(p.r_sub * 3)::int, p.today_idx - 1)
        WHEN p.state IN ('suspended', 'escalated')
            THEN p.day_idx + least(p.age - 1, floor(p.pace * 0.5)::int)
    END AS stop_idx,
    CASE
        WHEN p.n_steps < 2 THEN NULL
        WHEN p.state IN ('handling', 'suspended', 'escalated') THEN greatest(1, least(p.decide_pos,
            1 + floor((p.age - 1)::numeric / greatest(p.pace, 1) * p.decide_pos)::int))
        WHEN p.state = 'decided' THEN p.decide_pos + 1
        WHEN p.state = 'completed' THEN p.n_steps - 1
        WHEN p.state = 'delivered' AND p.kind <> 'immediate' THEN p.n_steps
    END AS cur,
    greatest(p.day_idx, p.today_idx - 1 - floor(p.r_sub * 3)::int) AS step_idx
FROM gen_plan p
LEFT JOIN core_numbercounter issued ON issued.series_id = %(series)s AND issued.scope = p.centre_code
    AND issued.period = to_char(p.received_on, 'YYYYMMDD')
ORDER BY id;
"""

APPLICANTS = """
INSERT INTO cases_applicant (
    id, kind, name, public_name, id_type, id_number_sealed, id_number_hash, id_number_masked, id_tail_hash,
    phone_sealed, phone_hash, phone_masked, phone_tail_hash, address, legal_representative, created_at
)
SELECT c.applicant_id, p.kind, p.name, p.public_name, p.id_type, p.id_sealed, p.id_hash, p.id_masked,
       p.id_tail_hash, p.phone_sealed, p.phone_hash, p.phone_masked, p.phone_tail_hash, p.address,
       p.legal_representative, c.received_at
FROM gen_case c JOIN gen_person p ON p.idx = c.person;
"""

CASES = """
INSERT INTO cases_case (
    id, number, item_name, kind, state, channel, received_on, received_at, accepted_on, limit_days,
    limit_unit, legal_limit_days, paused_days, extended_days, due_on, paused_on, clock_stopped_on, decision,
    decided_on,
    result_name, result_number, result_valid_from, result_valid_until, decision_reasons, completed_on,
    archived_on, closing_reason, updated_at, accepted_by_id, agent_id, applicant_id, centre_id, decided_by_id,
    department_id, forwarded_from_id, item_id, item_version_id, received_by_id, ticket_id, window_id,
    current_step_id
)
SELECT
    c.id,
    c.centre_code || to_char(c.received_on, 'YYYYMMDD') || lpad(c.serial::text, 5, '0'),
    c.name, c.kind, c.state,
    CASE WHEN c.r_channel < 0.85 THEN 'window' WHEN c.r_channel < 0.95 THEN 'online' ELSE 'post' END,
    c.received_on, c.received_at,
    CASE WHEN c.accepted THEN c.received_on END,
    c.limit_days, c.limit_unit, c.legal_limit, 0, 0,
    CASE WHEN c.accepted THEN due.due_on END,
    CASE WHEN c.state = 'suspended' THEN stop.day END,
    CASE WHEN c.decided THEN dec.day WHEN c.state IN ('withdrawn', 'escalated') THEN stop.day END,
    CASE WHEN NOT c.decided THEN '' WHEN c.r_sub < 0.03 THEN 'refused' ELSE 'granted' END,
    CASE WHEN c.decided THEN dec.day END,
    CASE WHEN c.decided AND c.r_sub >= 0.03 THEN c.result_name ELSE '' END,
    CASE WHEN c.decided AND c.r_sub >= 0.03 THEN 'WF' || to_char(dec.day, 'YYYY') || lpad(c.id::text, 8, '0')
         ELSE '' END,
    CASE WHEN c.decided AND c.r_sub >= 0.03 THEN dec.day END,
    CASE WHEN c.decided AND c.r_sub >= 0.03 THEN dec.day + interval '5 years' END,
    CASE WHEN c.decided AND c.r_sub < 0.03 THEN '经审查，申请人不符合法定条件。' ELSE '' END,
    CASE WHEN c.completed THEN com.day END,
    CASE WHEN c.state = 'archived' THEN arc.day END,
    CASE c.state
        WHEN 'not_accepted' THEN '申请事项依法不需要取得行政许可。'
        WHEN 'referred' THEN '申请事项依法不属于本机关职权范围。'
        WHEN 'withdrawn' THEN '申请人申请撤回。'
        ELSE '' END,
    now(),
    CASE WHEN c.accepted THEN c.clerk_id END,
    NULL, c.applicant_id, c.centre_id,
    CASE WHEN c.decided THEN c.decider_id END,
    c.department_id, NULL, c.item_id, c.version_id, c.clerk_id, NULL,
    CASE WHEN c.r_channel < 0.85 THEN c.window_id END,
    NULL
FROM gen_case c
LEFT JOIN gen_due due ON due.centre_id = c.centre_id AND due.day = c.received_on
    AND due.limit_days = c.limit_days AND due.limit_unit = c.limit_unit
LEFT JOIN gen_workday dec ON dec.centre_id = c.centre_id AND dec.idx = c.decided_idx
LEFT JOIN gen_workday com ON com.centre_id = c.centre_id AND com.idx = c.completed_idx
LEFT JOIN gen_workday arc ON arc.centre_id = c.centre_id AND arc.idx = c.archived_idx
LEFT JOIN gen_workday stop ON stop.centre_id = c.centre_id AND stop.idx = c.stop_idx;
"""

# The steps of open accepted cases, as the item's process template lays them out: those before the
# current one passed, the current one active with its own due date, the rest pending.
STEPS = """
INSERT INTO cases_casestep (
    "order", round, name, kind, role, budget_days, state, started_on, started_at, due_on, ended_at, opinion,
    assignee_id, case_id, department_id, handler_id
)
SELECT s.step_order, 1, s.name, s.kind, s.role, s.budget_days,
    CASE WHEN s.pos < c.cur THEN 'passed' WHEN s.pos = c.cur THEN 'active' ELSE 'pending' END,
    CASE WHEN s.pos < c.cur THEN c.received_on WHEN s.pos = c.cur THEN started.day END,
    CASE WHEN s.pos < c.cur THEN c.received_at + s.pos * interval '1 minute'
         WHEN s.pos = c.cur THEN (started.day + time '09:00') AT TIME ZONE %(tz)s END,
    CASE WHEN s.pos = c.cur THEN due.day END,
    CASE WHEN s.pos < c.cur THEN c.received_at + (s.pos + 1) * interval '1 minute' END,
    CASE WHEN s.pos < c.cur AND s.kind IN ('review', 'decide') THEN '材料齐全，符合法定条件。' ELSE '' END,
    NULL, c.id, c.department_id,
    CASE WHEN s.pos < c.cur THEN CASE WHEN s.role = 'window_clerk' THEN c.clerk_id ELSE c.decider_id END END
FROM gen_case c
JOIN gen_step s ON s.version_id = c.version_id
LEFT JOIN gen_workday started ON started.centre_id = c.centre_id AND started.idx = c.step_idx
LEFT JOIN gen_workday due ON due.centre_id = c.centre_id AND due.idx = c.step_idx + s.budget_days
WHERE c.cur IS NOT NULL;
UPDATE cases_case SET current_step_id = s.id
FROM cases_casestep s WHERE s.case_id = cases_case.id AND s.state = 'active';
"""

# Every case's history, in the order the services write it.
EVENTS = """
INSERT INTO cases_caseevent (
    occurred_at, actor_name, action, from_state, to_state, note, public, detail, actor_id, case_id, step_id
)
SELECT e.occurred_at, e.actor_name, e.action, e.from_state, e.to_state, '', true, e.detail::jsonb,
       e.actor_id, c.id, NULL
FROM gen_case c
LEFT JOIN gen_workday dec ON dec.centre_id = c.centre_id AND dec.idx = c.decided_idx
LEFT JOIN gen_workday com ON com.centre_id = c.centre_id AND com.idx = c.completed_idx
LEFT JOIN gen_workday del ON del.centre_id = c.centre_id AND del.idx = c.delivered_idx
LEFT JOIN gen_workday arc ON arc.centre_id = c.centre_id AND arc.idx = c.archived_idx
LEFT JOIN gen_workday stop ON stop.centre_id = c.centre_id AND stop.idx = c.stop_idx
CROSS JOIN LATERAL (VALUES
    (1, 'receive', '', 'received', c.received_at, c.clerk_id, c.clerk_name,
     '{"channel": "window", "ticket": null}', true),
    (2, 'accept', 'received', 'handling', c.received_at + interval '6 minutes', c.clerk_id, c.clerk_name,
     '{}', c.accepted),
    (2, 'request_correction', 'received', 'correction', c.received_at + interval '6 minutes', c.clerk_id,
     c.clerk_name, '{}', c.state = 'correction'),
    (2, 'not_accept', 'received', 'not_accepted', c.received_at + interval '6 minutes', c.clerk_id,
     c.clerk_name, '{}', c.state = 'not_accepted'),
    (2, 'refer', 'received', 'referred', c.received_at + interval '6 minutes', c.clerk_id, c.clerk_name,
     '{}', c.state = 'referred'),
    (3, 'suspend', 'handling', 'suspended', (stop.day + time '10:00') AT TIME ZONE %(tz)s, c.clerk_id,
     c.clerk_name, '{}', c.state = 'suspended'),
    (3, 'forward', 'handling', 'escalated', (stop.day + time '10:00') AT TIME ZONE %(tz)s, c.decider_id,
     c.decider_name, '{}', c.state = 'escalated'),
    (3, 'withdraw', 'handling', 'withdrawn', (stop.day + time '15:00') AT TIME ZONE %(tz)s, c.clerk_id,
     c.clerk_name, '{}', c.state = 'withdrawn'),
    (4, 'decide', 'handling', 'decided',
     CASE WHEN c.kind = 'immediate' THEN c.received_at + interval '12 minutes'
          ELSE (dec.day + time '10:30') AT TIME ZONE %(tz)s END,
     c.decider_id, c.decider_name, '{}', c.decided),
    (5, 'complete', 'decided', 'completed',
     CASE WHEN c.kind = 'immediate' THEN c.received_at + interval '14 minutes'
          ELSE (com.day + time '11:00') AT TIME ZONE %(tz)s END,
     c.clerk_id, c.clerk_name, '{}', c.completed),
    (6, 'deliver', 'completed', 'delivered',
     CASE WHEN c.kind = 'immediate' THEN c.received_at + interval '16 minutes'
          ELSE (del.day + time '14:00') AT TIME ZONE %(tz)s END,
     c.clerk_id, c.clerk_name, '{}', c.delivered),
    (7, 'archive', 'delivered', 'archived', (arc.day + time '16:30') AT TIME ZONE %(tz)s, c.clerk_id,
     c.clerk_name, '{}', c.state = 'archived')
) AS e(seq, action, from_state, to_state, occurred_at, actor_id, actor_name, detail, happened)
WHERE e.happened;
"""

# The same history in the event stream, as cases.workflow.case_event_record writes it (committed
# long ago, so transaction id 0: before every later event).
STREAM = """
INSERT INTO core_event (
    txid, kind, occurred_at, subject_type, subject_id, subject_repr, actor_id, actor_name, payload,
    centre_id, department_id, origin_ip, origin, user_agent
)
SELECT 0, 'cases.' || e.action, e.occurred_at, 'cases.case', c.id::text,
       left(c.number || ' ' || c.item_name, 200), e.actor_id, e.actor_name,
       jsonb_build_object('number', c.number, 'from_state', e.from_state, 'to_state', e.to_state, 'step', '',
                          'note', e.note, 'public', e.public, 'detail', e.detail),
       c.centre_id, c.department_id, NULL, 'system', ''
FROM cases_caseevent e
JOIN gen_case g ON g.id = e.case_id
JOIN cases_case c ON c.id = e.case_id
ORDER BY e.id;
"""

FINISH = """
SELECT setval(pg_get_serial_sequence('cases_applicant', 'id'), (SELECT max(id) FROM cases_applicant));
SELECT setval(pg_get_serial_sequence('cases_case', 'id'), (SELECT max(id) FROM cases_case));
SELECT setval(pg_get_serial_sequence('cases_casestep', 'id'),
              coalesce((SELECT max(id) FROM cases_casestep), 1));
SELECT setval(pg_get_serial_sequence('cases_caseevent', 'id'), (SELECT max(id) FROM cases_caseevent));
INSERT INTO core_numbercounter (series_id, scope, period, last_value)
SELECT %(series)s, centre_code, to_char(received_on, 'YYYYMMDD'), max(serial)
FROM gen_case GROUP BY centre_code, received_on
ON CONFLICT (series_id, scope, period)
DO UPDATE SET last_value = greatest(core_numbercounter.last_value, EXCLUDED.last_value);
"""

SECONDARY_INDEXES = """
SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relname = ANY(%s) AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""
BULK_TABLES = ["cases_applicant", "cases_case", "cases_casestep", "cases_caseevent", "core_event"]

# Foreign keys point where the joins above made them point; checking 7 million rows one trigger at a
# time would take longer than the load. Check constraints still hold (they are not triggers).
BULK_SESSION = """
SET session_replication_role = replica;
SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '1GB';
"""

CHECKS = {
    "cases_without_applicant": "SELECT count(*) FROM cases_case c LEFT JOIN cases_applicant a "
    "ON a.id = c.applicant_id WHERE a.id IS NULL",
    "accepted_without_due": "SELECT count(*) FROM cases_case "
    "WHERE accepted_on IS NOT NULL AND due_on IS NULL",
    "steps_without_case": "SELECT count(*) FROM cases_casestep s LEFT JOIN cases_case c ON c.id = s.case_id "
    "WHERE c.id IS NULL",
    "duplicate_numbers": "SELECT count(*) - count(DISTINCT number) FROM cases_case",
}


def _copy(cursor: Any, table: str, rows: Iterator[tuple[Any, ...]] | list[tuple[Any, ...]]) -> int:
    count = 0
    with cursor.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


@dataclass
class Staff:
    clerk: tuple[int, str]
    decider: tuple[int, str]
    window_id: int | None


def _department_staff() -> dict[int, Staff]:
    """Per department: a window clerk (receives, accepts, delivers), who decides, a window."""
    from govhall.org.models import StaffProfile, Window
    from govhall.org.roles import GROUP_NAMES, Role

    staff: dict[int, Staff] = {}
    profiles = StaffProfile.objects.filter(department__isnull=False).select_related("user").order_by("pk")
    by_role: dict[tuple[int, str], list[tuple[int, str]]] = {}
    names = {name: role for role, name in GROUP_NAMES.items()}
    for profile in profiles:
        assert profile.department_id is not None
        for group in profile.user.groups.values_list("name", flat=True):
            role = names.get(group)
            if role is not None:
                by_role.setdefault((profile.department_id, role), []).append((profile.user_id, profile.name))
    windows: dict[int, int] = {}
    for window in Window.objects.filter(department__isnull=False).order_by("pk"):
        assert window.department_id is not None
        windows.setdefault(window.department_id, window.pk)
    for department_id in {key[0] for key in by_role}:
        clerks = by_role.get((department_id, Role.WINDOW_CLERK), [])
        deciders = by_role.get((department_id, Role.APPROVER)) or by_role.get(
            (department_id, Role.CHIEF_REPRESENTATIVE), []
        )
        if clerks and deciders:
            staff[department_id] = Staff(clerks[0], deciders[0], windows.get(department_id))
    return staff


def generate(*, cases: int, days: int, seed: int) -> dict[str, Any]:
    """Build ``cases`` cases over the last ``days`` working days; returns what the load phases need."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from govhall.cases.apps import CASE_SERIES
    from govhall.catalog.models import ItemStep, ItemVersion, VersionState
    from govhall.core.models import NumberSeries
    from govhall.core.working_days import TimeUnit
    from govhall.org.selectors import centre_calendar

    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - since, 1)
        log(f"{name}: {timings[name]}s")
        return now

    staff = _department_staff()
    versions = list(
        ItemVersion.objects.filter(state=VersionState.PUBLISHED, item__department_id__in=list(staff))
        .select_related("item", "item__centre")
        .order_by("pk")
    )
    steps: dict[int, list[ItemStep]] = {}
    for step in ItemStep.objects.filter(version__in=versions).order_by("version_id", "order"):
        steps.setdefault(step.version_id, []).append(step)
    today = timezone.localdate()
    calendars = {pk: centre_calendar(pk) for pk in {version.item.centre_id for version in versions}}
    first_day = today - timedelta(days=int(days * 7 / 5) + 60)
    workdays: list[tuple[int, int, date]] = []
    today_idx: dict[int, int] = {}
    past_days: dict[int, list[date]] = {}
    for pk, calendar in calendars.items():
        day, index = first_day, 0
        while day <= today + timedelta(days=FUTURE_CALENDAR_DAYS):
            if calendar.is_working_day(day):
                workdays.append((pk, index, day))
                if day < today:
                    today_idx[pk] = index + 1
                    past_days.setdefault(pk, []).append(day)
                index += 1
            day += timedelta(days=1)
        if today_idx[pk] < days + 1:
            raise RuntimeError(f"centre {pk}: only {today_idx[pk]} past working days generated")
    limits = {(v.item.centre_id, v.promised_limit, v.promised_limit_unit) for v in versions}
    dues = [
        (pk, day, limit, unit, calendars[pk].add_days(day, limit, TimeUnit(unit)))
        for pk, limit, unit in sorted(limits)
        for day in past_days[pk][-(days + 1) :]
    ]
    weights = [
        KIND_WEIGHTS.get(v.case_kind, 1.0) * LEVEL_WEIGHTS.get(v.item.centre.level, 0.3) for v in versions
    ]
    total = sum(weights)
    buckets: list[tuple[int, int]] = []
    for version, weight in zip(versions, weights, strict=True):
        start = len(buckets)
        wanted = round(weight / total * BUCKETS)
        buckets.extend((start + offset, version.pk) for offset in range(wanted))
    buckets = buckets[:BUCKETS]
    while len(buckets) < BUCKETS:
        buckets.append((len(buckets), versions[0].pk))
    version_rows: list[tuple[Any, ...]] = []
    step_rows: list[tuple[Any, ...]] = []
    for version in versions:
        item = version.item
        who = staff[item.department_id]
        own = steps.get(version.pk, [])
        kinds = [step.kind for step in own]
        decide_pos = kinds.index("decide") if "decide" in kinds else max(0, len(own) - 1)
        limit_wd = (
            version.promised_limit
            if version.promised_limit_unit == TimeUnit.WORKING_DAY
            else math.ceil(version.promised_limit * 5 / 7)
        )
        version_rows.append(
            (
                version.pk, item.pk, item.centre_id, item.centre.code, item.department_id, version.name,
                version.result_name or f"{version.name}批准文件", version.case_kind, version.promised_limit,
                version.promised_limit_unit, version.legal_limit, limit_wd, who.clerk[0], who.clerk[1],
                who.decider[0], who.decider[1], who.window_id, len(own), decide_pos,
            )
        )  # fmt: skip
        step_rows.extend(
            (version.pk, pos, step.order, step.name, step.kind, step.role, step.budget_days)
            for pos, step in enumerate(own)
        )
    people = max(1000, min(MAX_PEOPLE, cases // PEOPLE_SHARE))
    since = lap("read catalogue and calendars", started)

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute(LOOKUP_TABLES)
        _copy(cursor, "gen_version", version_rows)
        _copy(cursor, "gen_bucket", buckets)
        _copy(cursor, "gen_workday", workdays)
        _copy(cursor, "gen_today", list(today_idx.items()))
        _copy(cursor, "gen_due", dues)
        _copy(cursor, "gen_step", step_rows)
        since = lap("lookup tables", since)
        _copy(cursor, "gen_person", _people_rows(people, seed))
        since = lap(f"{people} people (sealed and hashed)", since)
        cursor.execute(BULK_SESSION)
        # Building an index once from sorted rows is far quicker than millions of random insertions.
        indexes = cursor.execute(SECONDARY_INDEXES, [BULK_TABLES]).fetchall()
        for _definition, name in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        params: dict[str, Any] = {
            "cases": cases,
            "days": days,
            "buckets": BUCKETS,
            "people": people,
            "tz": settings.TIME_ZONE,
            "series": NumberSeries.objects.get(code=CASE_SERIES).pk,
        }
        cursor.execute(PLAN, params)
        # The demo may hold a few cases already: the generated ones follow their ids and serials.
        for table in ("cases_case", "cases_applicant"):
            offset = cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            params[f"{table.removeprefix('cases_')}_offset"] = offset
        cursor.execute(CASES_TABLE, params)
        cursor.execute("ANALYZE gen_case")
        since = lap("plan", since)
        cursor.execute(APPLICANTS)
        since = lap("applicants", since)
        cursor.execute(CASES, params)
        since = lap("cases", since)
        cursor.execute(STEPS, params)
        since = lap("steps", since)
        cursor.execute(EVENTS, params)
        since = lap("events", since)
        cursor.execute(STREAM)
        since = lap("event stream", since)
        for definition, _name in indexes:
            cursor.execute(definition)
        since = lap(f"{len(indexes)} indexes rebuilt", since)
        cursor.execute(FINISH, params)
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in [*BULK_TABLES, "core_numbercounter"]:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        since = lap("vacuum analyze", since)
        checks = {name: cursor.execute(sql).fetchone()[0] for name, sql in CHECKS.items()}
        counts = dict(cursor.execute("SELECT state, count(*) FROM cases_case GROUP BY state").fetchall())
        tables = {
            table: cursor.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in BULK_TABLES
        }
        busiest = cursor.execute(
            "SELECT department_id, count(*) FROM cases_case WHERE state = ANY(%s) "
            "GROUP BY department_id ORDER BY 2 DESC LIMIT 1",
            [list(OPEN_STATES)],
        ).fetchone()
        overdue = cursor.execute(
            "SELECT count(*) FROM cases_case WHERE state = ANY(%s) AND due_on < %s AND paused_on IS NULL "
            "AND clock_stopped_on IS NULL",
            [list(OPEN_STATES), today],
        ).fetchone()[0]
        rng = random.Random(seed)
        first_id = params["case_offset"] + 1
        sample_ids = rng.sample(range(first_id, first_id + cases), min(TRACK_SAMPLE, cases))
        # The form takes six digits (or an X last): a credit code's tail may hold letters.
        tracking = [
            (number, id_tail if rng.random() < 0.8 and TRACKABLE_TAIL.match(id_tail) else phone_tail)
            for number, id_tail, phone_tail in cursor.execute(
                "SELECT c.number, p.id_tail, p.phone_tail FROM cases_case c "
                "JOIN gen_case g ON g.id = c.id JOIN gen_person p ON p.idx = g.person WHERE c.id = ANY(%s)",
                [sample_ids],
            ).fetchall()
        ]
        database_bytes = cursor.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        for table in ("gen_case", "gen_plan", "gen_person"):
            cursor.execute(f"DROP TABLE {table}")
    if checks != dict.fromkeys(CHECKS, 0):
        raise RuntimeError(f"generated data failed its checks: {checks}")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "timings": timings,
        "people": people,
        "working_days": days,
        "states": counts,
        "rows": tables,
        "open_overdue": overdue,
        "busiest_department": {"id": busiest[0], "open_cases": busiest[1]},
        "tracking": tracking,
        "database_mb": round(database_bytes / 2**20),
    }


def prepare(*, department_id: int, clients: int) -> dict[str, Any]:
    """Tokens of ``clients`` window clerks (one window each) with the items they may accept, and the
    login name of a window clerk of ``department_id`` for the work list."""
    from rest_framework.authtoken.models import Token

    from govhall.catalog.models import CaseKind, ItemMaterial, ItemVersion, VersionState
    from govhall.org.models import Post, StaffProfile
    from govhall.org.roles import GROUP_NAMES, Role

    clerk_group = GROUP_NAMES[Role.WINDOW_CLERK]
    versions: dict[int, list[dict[str, Any]]] = {}
    published = (
        ItemVersion.objects.filter(state=VersionState.PUBLISHED)
        .exclude(case_kind=CaseKind.IMMEDIATE)
        .select_related("item")
        .order_by("pk")
    )
    for version in published:
        materials = [
            {"item_material": pk, "outcome": "received", "originals": 1, "copies": 1}
            for pk in ItemMaterial.objects.filter(version=version)
            .order_by("order")
            .values_list("pk", flat=True)
        ]
        versions.setdefault(version.item.department_id, []).append({"id": version.pk, "materials": materials})
    seats: list[dict[str, Any]] = []
    taken_windows: set[int] = set()
    taken_clerks: set[int] = set()
    posts = Post.objects.select_related("window", "a_staff", "b_staff").order_by(
        "window__centre_id", "window_id"
    )
    for post in posts:
        for staff in (post.a_staff, post.b_staff):
            department = staff.department_id
            if (
                department in versions
                and post.window_id not in taken_windows
                and staff.pk not in taken_clerks
                and staff.user.groups.filter(name=clerk_group).exists()
            ):
                token, _created = Token.objects.get_or_create(user=staff.user)
                seats.append({"token": token.key, "window": post.window_id, "versions": versions[department]})
                taken_windows.add(post.window_id)
                taken_clerks.add(staff.pk)
    reader = (
        StaffProfile.objects.filter(department_id=department_id, user__groups__name=clerk_group)
        .select_related("user", "department")
        .order_by("pk")
        .first()
    )
    if reader is None or not seats:
        raise RuntimeError("the demo hall has no window clerks to run the benchmark with")
    assert reader.department is not None
    return {
        "seats": seats[:clients],
        "reader": reader.user.username,
        "department": f"{reader.department.centre.code} {reader.department.name}",
    }


# =================================================================================================
# Load: plain HTTP against the server.
# =================================================================================================


@dataclass
class Reply:
    status: int
    body: bytes
    ms: float


class Client:
    """One keep-alive connection, optionally from a chosen loopback address, keeping cookies."""

    def __init__(self, url: str, *, source: str | None = None, authorization: str = "") -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.source = source
        self.authorization = authorization
        self.cookies: dict[str, str] = {}
        self.connection = self._connect()
        self.last_used = time.perf_counter()

    def _connect(self) -> http.client.HTTPConnection:
        address = (self.source, 0) if self.source else None
        return http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=address)

    def request(self, method: str, path: str, *, body: bytes | None = None, content_type: str = "") -> Reply:
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.authorization:
            headers["Authorization"] = self.authorization
        if content_type:
            headers["Content-Type"] = content_type
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            headers["Origin"] = f"http://{self.host}:{self.port}"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        if time.perf_counter() - self.last_used > IDLE_RECONNECT_SECONDS:
            self.connection.close()  # gunicorn has closed it by now (keepalive 2 s); not timed
            self.connection = self._connect()
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        self.last_used = time.perf_counter()
        elapsed = (self.last_used - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = self._connect()
        return Reply(response.status, data, elapsed)

    def close(self) -> None:
        self.connection.close()


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(page: bytes) -> str:
    found = CSRF_FIELD.search(page)
    if found is None:
        raise RuntimeError("no CSRF token in the page")
    return found.group(1).decode()


def run_threads(count: int, work: Callable[[int], None]) -> float:
    """Start ``count`` threads running ``work(number)`` together; the seconds until all are done."""
    barrier = threading.Barrier(count + 1)
    failures: list[BaseException] = []

    def run(number: int) -> None:
        barrier.wait()
        try:
            work(number)
        except Exception as exc:  # noqa: BLE001 - a failed client is reported, the others finish
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} client(s) failed, first: {failures[0]!r}") from failures[0]
    return time.perf_counter() - started


# --- 1. intake ------------------------------------------------------------------------------------


@dataclass
class IntakeRun:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    checked: int = 0
    incomplete: int = 0
    seconds: float = 0.0


def _applicant(rng: random.Random) -> dict[str, str]:
    return {
        "kind": "person",
        "name": rng.choice(SURNAMES) + GIVEN[2 * rng.randrange(len(GIVEN) // 2) :][:2],
        "id_type": "resident_id",
        "id_number": _resident_id(rng),
        "phone": rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
        "address": f"山东省潍坊市{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
    }


def _intake_complete(body: dict[str, Any]) -> bool:
    """The answer shows an accepted case with a due date, an acceptance notice number and events."""
    notices = body.get("notices") or []
    return (
        body.get("state") == "handling"
        and bool(body.get("due_on"))
        and any(notice.get("kind") == "acceptance" and notice.get("number") for notice in notices)
        and len(body.get("events") or []) >= 2
    )


def sign_in(url: str, seats: list[dict[str, Any]]) -> int:
    signed = 0
    for seat in seats:
        client = Client(url, authorization=f"Token {seat['token']}")
        reply = client.request("POST", f"/api/v1/windows/{seat['window']}/sign-in")
        client.close()
        if reply.status in (200, 201):
            signed += 1
        else:
            log(f"sign-in at window {seat['window']} answered {reply.status}: {reply.body[:200]!r}")
    return signed


class WaitSampler:
    """What the bench database's busy connections wait for, sampled every 0.2 s while a phase runs
    (e.g. ``Lock:transactionid``: queued behind another transaction's row lock)."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.samples = 0
        self.waiting: Counter[str] = Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run)

    def __enter__(self) -> WaitSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _run(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self.stop.wait(0.2):
                rows = connection.execute(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu'), state, count(*) "
                    "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND state <> 'idle' GROUP BY 1, 2"
                ).fetchall()
                self.samples += 1
                for event, state, count in rows:
                    self.waiting[event if state == "active" else state] += count

    def averages(self) -> dict[str, float]:
        """Mean number of connections in each wait (or ``idle in transaction``) per sample."""
        return {name: round(total / max(1, self.samples), 2) for name, total in self.waiting.most_common()}


def intake_phase(url: str, seats: list[dict[str, Any]], seconds: float, clients: int) -> IntakeRun:
    run = IntakeRun()
    lock = threading.Lock()

    def clerk(number: int) -> None:
        seat = seats[number % len(seats)]
        rng = random.Random(100 + number)
        client = Client(url, authorization=f"Token {seat['token']}")
        own: list[float] = []
        errors: Counter[str] = Counter()
        samples: list[str] = []
        checked = incomplete = 0
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            version = rng.choice(seat["versions"])
            payload = {
                "item_version": version["id"],
                "applicant": _applicant(rng),
                "materials": version["materials"],
                "outcome": "accept",
            }
            reply = client.request(
                "POST", "/api/v1/cases", body=json.dumps(payload).encode(), content_type="application/json"
            )
            if reply.status == 201:
                own.append(reply.ms)
                if checked < 5:
                    checked += 1
                    incomplete += 0 if _intake_complete(json.loads(reply.body)) else 1
            else:
                errors[str(reply.status)] += 1
                if len(samples) < 3:
                    samples.append(reply.body[:300].decode(errors="replace"))
        client.close()
        with lock:
            run.latencies.extend(own)
            run.errors.update(errors)
            run.error_samples.extend(samples[: max(0, 5 - len(run.error_samples))])
            run.checked += checked
            run.incomplete += incomplete

    run.seconds = run_threads(clients, clerk)
    return run


# --- 2. worklist ----------------------------------------------------------------------------------


def login(url: str, username: str) -> Client:
    client = Client(url)
    form = client.request("GET", "/accounts/login/")
    body = urlencode(
        {"csrfmiddlewaretoken": csrf_token(form.body), "username": username, "password": DEMO_PASSWORD}
    ).encode()
    reply = client.request(
        "POST", "/accounts/login/", body=body, content_type="application/x-www-form-urlencoded"
    )
    if reply.status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"login as {username} answered {reply.status}: {reply.body[:300]!r}")
    return client


ROW_MARK = re.compile(rb"<tr[\s>]")


def worklist_paths(rng: random.Random, count: int, states: list[str]) -> list[str]:
    """Mostly the first page of all open cases; some state tabs and later pages."""
    paths = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.7:
            paths.append("/cases/")
        elif roll < 0.85:
            paths.append(f"/cases/?{urlencode({'page': rng.randint(2, 5)})}")
        else:
            paths.append(f"/cases/?{urlencode({'state': rng.choice(states)})}")
    return paths


@dataclass
class PageRun:
    latencies: list[float] = field(default_factory=list)
    first_page: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    rows_on_first_page: int = 0
    seconds: float = 0.0


def worklist_phase(url: str, username: str, clients: int, requests: int) -> PageRun:
    run = PageRun()
    lock = threading.Lock()
    sessions = [login(url, username) for _ in range(clients)]
    first = sessions[0].request("GET", "/cases/")
    if first.status != 200:
        raise RuntimeError(f"/cases/ answered {first.status}: {first.body[:300]!r}")
    run.rows_on_first_page = max(0, len(ROW_MARK.findall(first.body)) - 1)
    for session in sessions:  # warm every server thread's connection and caches a little
        session.request("GET", "/cases/")
    paths = worklist_paths(random.Random(5), requests, ["handling", "correction", "suspended", "decided"])
    per_client = requests // clients

    def reader(number: int) -> None:
        session = sessions[number]
        own: list[tuple[str, float]] = []
        failures: Counter[str] = Counter()
        for path in paths[number * per_client : (number + 1) * per_client]:
            reply = session.request("GET", path)
            if reply.status == 200:
                own.append((path, reply.ms))
            else:
                failures[str(reply.status)] += 1
        with lock:
            run.latencies.extend(ms for _path, ms in own)
            run.first_page.extend(ms for path, ms in own if path == "/cases/")
            run.failures.update(failures)

    run.seconds = run_threads(clients, reader)
    for session in sessions:
        session.close()
    return run


# --- 3. tracking ----------------------------------------------------------------------------------

FOUND_MARK = "办件编号".encode()
NOT_FOUND_MARK = "未查询到办件".encode()


@dataclass
class TrackRun:
    latencies: list[float] = field(default_factory=list)
    found: int = 0
    not_found: int = 0
    refused: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def loopback(index: int) -> str:
    """A distinct loopback address per lookup: 127.1.0.1, 127.1.0.2, …"""
    return f"127.{1 + index // 65025}.{(index // 255) % 255}.{1 + index % 255}"


def track_phase(
    url: str, lookups: list[tuple[str, str]], clients: int, requests: int, *, first_address: int = 0
) -> TrackRun:
    """``requests`` lookups of the sampled cases, each from its own address (``first_address`` on)."""
    run = TrackRun()
    lock = threading.Lock()
    form_client = Client(url)
    form = form_client.request("GET", "/track/")
    token, cookie = csrf_token(form.body), form_client.cookies.get("csrftoken", "")
    form_client.close()
    per_client = requests // clients

    def citizen(number: int) -> None:
        own: list[float] = []
        found = not_found = refused = 0
        failures: Counter[str] = Counter()
        for index in range(number * per_client, (number + 1) * per_client):
            case_number, secret = lookups[index % len(lookups)]
            client = Client(url, source=loopback(first_address + index))
            client.cookies["csrftoken"] = cookie
            body = urlencode({"csrfmiddlewaretoken": token, "number": case_number, "secret": secret}).encode()
            reply = client.request(
                "POST", "/track/", body=body, content_type="application/x-www-form-urlencoded"
            )
            client.close()
            if reply.status == 429:
                refused += 1
            elif reply.status != 200:
                failures[str(reply.status)] += 1
            elif NOT_FOUND_MARK in reply.body:
                not_found += 1
            else:
                own.append(reply.ms)
                found += 1
        with lock:
            run.latencies.extend(own)
            run.found += found
            run.not_found += not_found
            run.refused += refused
            run.failures.update(failures)

    run.seconds = run_threads(clients, citizen)
    return run


# --- statements per request -----------------------------------------------------------------------

QUERY_COUNTS = """
import json
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def statements(request):
    \"\"\"The statements one request sends, copied at once: the next request resets Django's log.\"\"\"
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code in (200, 201), response.content[:300]
    return list(captured.captured_queries)


seat = json.loads(%(seat)r)
clerk = Client(HTTP_AUTHORIZATION="Token " + seat["token"], HTTP_HOST="127.0.0.1")
payload = {
    "item_version": seat["versions"][0]["id"],
    "applicant": json.loads(%(applicant)r),
    "materials": seat["versions"][0]["materials"],
    "outcome": "accept",
}
clerk.post("/api/v1/cases", payload, content_type="application/json")
intake = statements(lambda: clerk.post("/api/v1/cases", payload, content_type="application/json"))
reader = Client(HTTP_HOST="127.0.0.1")
reader.force_login(User.objects.get(username=%(reader)r))
reader.get("/cases/")
worklist = statements(lambda: reader.get("/cases/"))
citizen = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.9.9.9")
track = statements(lambda: citizen.post("/track/", {"number": %(number)r, "secret": %(secret)r}))
plans = {}
with connection.cursor() as cursor:
    for name, captured in (("intake", intake), ("worklist", worklist), ("track", track)):
        reads = [
            query for query in captured
            if query["sql"].startswith("SELECT") and 'FROM "cases_case"' in query["sql"]
        ]
        slowest = max(reads, key=lambda query: float(query["time"]))
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        plans[name] = {"ms": round(float(slowest["time"]) * 1000, 2),
                       "plan": [row[0] for row in cursor.fetchall()]}
print(json.dumps({
    "intake_request": len(intake),
    "worklist_request": len(worklist),
    "track_request": len(track),
    "slowest": plans,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="existing cases to generate")
    parser.add_argument(
        "--days", type=int, default=0, help="working days the cases spread over (default: cases / 4000, ≥ 60)"
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the intake phase")
    parser.add_argument("--clients", type=int, default=INTAKE_CLIENTS, help="concurrent intake clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker")
    parser.add_argument("--seed", type=int, default=20261121)
    options = parser.parse_args()
    days = options.days or max(MIN_WORKING_DAYS, math.ceil(options.cases / CASES_PER_WORKING_DAY))
    load_before = os.getloadavg()[0]
    with bench_server(workers=options.workers, threads=options.threads) as server:
        log("loading the demo hall")
        server.python_logged("from django.core.management import call_command\ncall_command('demo')")
        log(f"generating {options.cases} cases over {days} working days")
        output = server.python_logged(
            f"import json, sys\nsys.path.insert(0, {str(BENCH_DIR)!r})\nfrom cases import generate\n"
            f"print(json.dumps(generate(cases={options.cases}, days={days}, seed={options.seed})))"
        )
        generated = json.loads(output.strip().splitlines()[-1])
        log(f"generated in {generated['seconds']}s: {generated['rows']}, open states {generated['states']}")
        busiest = generated["busiest_department"]
        output = server.python_logged(
            f"import json, sys\nsys.path.insert(0, {str(BENCH_DIR)!r})\nfrom cases import prepare\n"
            f"print(json.dumps(prepare(department_id={busiest['id']}, clients={options.clients})))"
        )
        setup = json.loads(output.strip().splitlines()[-1])
        seats = setup["seats"]
        signed_in = sign_in(server.url, seats)
        log(f"{len(seats)} clerks, {signed_in} signed in at a window; intake for {options.seconds}s")
        intake_phase(server.url, seats, WARM_UP_SECONDS, options.clients)  # every worker thread warm
        with WaitSampler(server.env["DATABASE_URL"]) as sampler:
            intake = intake_phase(server.url, seats, options.seconds, options.clients)
        log(f"intake: {len(intake.latencies)} accepted, errors {dict(intake.errors)}")
        for sample in intake.error_samples:
            log(f"  intake error: {sample}")
        alone = intake_phase(server.url, seats, SEQUENTIAL_INTAKE_SECONDS, 1)
        log(f"one clerk alone: {len(alone.latencies)} accepted in {SEQUENTIAL_INTAKE_SECONDS}s")
        log(f"worklist of {setup['department']} ({busiest['open_cases']} open) as {setup['reader']}")
        worklist = worklist_phase(server.url, setup["reader"], 1, SEQUENTIAL_REQUESTS)
        worklist_busy = worklist_phase(server.url, setup["reader"], WORKLIST_CLIENTS, WORKLIST_REQUESTS)
        log("tracking")
        lookups = generated["tracking"]
        addresses = iter(range(0, 10**6, 10**4))  # each phase its own block of client addresses
        track_phase(server.url, lookups[::-1], TRACK_CLIENTS, TRACK_WARM_UP, first_address=next(addresses))
        track = track_phase(server.url, lookups, 1, SEQUENTIAL_REQUESTS, first_address=next(addresses))
        track_busy = track_phase(
            server.url, lookups[::-1], TRACK_CLIENTS, TRACK_REQUESTS, first_address=next(addresses)
        )
        number, secret = generated["tracking"][0]
        counted = server.python_logged(
            QUERY_COUNTS
            % {
                "seat": json.dumps(seats[0]),
                "applicant": json.dumps(_applicant(random.Random(9)), ensure_ascii=False),
                "reader": setup["reader"],
                "number": number,
                "secret": secret,
            }
        )
        queries = json.loads(counted.strip().splitlines()[-1])
    for name, plan in queries.pop("slowest").items():
        log(
            f"slowest read of cases_case in a {name} request: {plan['ms']} ms\n  " + "\n  ".join(plan["plan"])
        )
    result = {
        "cases": generated["rows"]["cases_case"],
        "intake_rps": round(len(intake.latencies) / intake.seconds, 1) if intake.seconds else 0.0,
        "intake_p95_ms": percentile(intake.latencies, 0.95),
        "worklist_p95_ms": percentile(worklist.latencies, 0.95),
        "track_p95_ms": percentile(track.latencies, 0.95),
        "intake_clients": options.clients,
        "intake_accepted": len(intake.latencies),
        "intake_p50_ms": median(intake.latencies),
        "intake_errors": dict(intake.errors),
        "intake_error_samples": intake.error_samples,
        "intake_answers_checked": intake.checked,
        "intake_answers_incomplete": intake.incomplete,
        "intake_db_waits": sampler.averages(),
        "intake_1_client_rps": round(len(alone.latencies) / alone.seconds, 1) if alone.seconds else 0.0,
        "intake_1_client_p50_ms": median(alone.latencies),
        "intake_1_client_p95_ms": percentile(alone.latencies, 0.95),
        "windows_signed_in": signed_in,
        "worklist_clients": 1,
        "worklist_requests": len(worklist.latencies),
        "worklist_p50_ms": median(worklist.latencies),
        "worklist_first_page_p95_ms": percentile(worklist.first_page, 0.95),
        "worklist_rows_first_page": worklist.rows_on_first_page,
        "worklist_department_open_cases": busiest["open_cases"],
        "worklist_failures": dict(worklist.failures + worklist_busy.failures),
        f"worklist_{WORKLIST_CLIENTS}_clients_rps": round(
            len(worklist_busy.latencies) / worklist_busy.seconds, 1
        ),
        f"worklist_{WORKLIST_CLIENTS}_clients_p50_ms": median(worklist_busy.latencies),
        f"worklist_{WORKLIST_CLIENTS}_clients_p95_ms": percentile(worklist_busy.latencies, 0.95),
        "track_clients": 1,
        "track_requests": track.found + track.not_found + track.refused + sum(track.failures.values()),
        "track_found": track.found,
        "track_p50_ms": median(track.latencies),
        "track_not_found": track.not_found + track_busy.not_found,
        "track_refused": track.refused + track_busy.refused,
        "track_failures": dict(track.failures + track_busy.failures),
        f"track_{TRACK_CLIENTS}_clients_rps": round(track_busy.found / track_busy.seconds, 1),
        f"track_{TRACK_CLIENTS}_clients_p50_ms": median(track_busy.latencies),
        f"track_{TRACK_CLIENTS}_clients_p95_ms": percentile(track_busy.latencies, 0.95),
        "queries": queries,
        "generation_seconds": generated["seconds"],
        "generation_timings": generated["timings"],
        "rows": generated["rows"],
        "states": generated["states"],
        "open_overdue": generated["open_overdue"],
        "people": generated["people"],
        "working_days": generated["working_days"],
        "database_mb": generated["database_mb"],
        "gunicorn": f"{options.workers}x{options.threads} gthread",
        # Other work on the machine skews every figure; the 1-minute load shows how much.
        "load_avg": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
