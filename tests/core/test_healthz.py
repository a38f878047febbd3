from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client


@pytest.mark.django_db
def test_healthz_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_database(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db.backends.utils import CursorWrapper

    def refuse(*args: object, **kwargs: object) -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert "connection refused" in response.json()["reason"]
