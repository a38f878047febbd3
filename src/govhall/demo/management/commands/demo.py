"""``govhall demo``: build the demo hall (idempotent); ``--reset`` wipes the database first;
``--into-empty`` builds it only into a database without any centre (``govhall serve`` on first run)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govhall.demo.hall import CITY_CODE, DEMO_PASSWORD, build_demo_hall, reset_demo_hall
from govhall.org.models import Centre


class Command(BaseCommand):
    help = (
        "Build the demo hall (潍坊市政务服务中心, its district and street centres, departments, windows, "
        "staff, A/B posts and one account per role). Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="wipe the WHOLE database (flush: every table, every account) and build the demo hall anew",
        )
        parser.add_argument(
            "--into-empty",
            action="store_true",
            help="build the demo hall only if no centre is configured yet (a real hall is left alone)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["into_empty"]:
            if Centre.objects.exists():
                return
            self.stdout.write("No centre configured yet: loading the demo hall.")
        started = time.monotonic()
        summary = reset_demo_hall() if options["reset"] else build_demo_hall()
        elapsed = time.monotonic() - started
        if summary.changed:
            created = ", ".join(f"{name} {count}" for name, count in sorted(summary.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo hall built in {elapsed:.1f}s; created: {created}."))
        else:
            self.stdout.write(f"Demo hall already complete; nothing changed ({elapsed:.1f}s).")
        totals = summary.totals
        self.stdout.write(
            f"Centres {totals['centres']} (city centre code {CITY_CODE}), "
            f"departments {totals['departments']} "
            f"({totals['city_departments']} in the city centre), windows {totals['windows']} "
            f"({totals['city_windows']} in the city centre), staff {totals['staff']}, "
            f"A/B posts {totals['posts']}, chief representatives {totals['chief_representatives']}."
        )
        self.stdout.write(
            f"Catalogue: {totals['published_items']} published items (即办 {totals['immediate_items']}, "
            f"承诺 {totals['promised_items']}, 联办 {totals['joint_items']}, "
            f"上报 {totals['escalated_items']}), "
            f"{totals['materials']} materials in the centres' libraries."
        )
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for username, name, role, where in summary.accounts:
            self.stdout.write(f"  {username:<11} {name}  {role}  {where}")
