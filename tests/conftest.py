from __future__ import annotations

import pytest
from django.conf import LazySettings
from django.db import connection


@pytest.fixture(autouse=True)
def _fast_passwords(settings: LazySettings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (racing connections, triggers)")
