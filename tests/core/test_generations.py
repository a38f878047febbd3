"""Generations of cached answers: read from the database once per request, changed by a new token."""

from __future__ import annotations

import pytest
from django.db import transaction
from pytest_django import DjangoAssertNumQueries

from govhall.core.generations import generation_bump, generation_current, generations_memo

pytestmark = pytest.mark.django_db


def test_outside_a_request_each_read_asks_the_database(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(2):
        assert generation_current("test.answers") == ""
        assert generation_current("test.answers") == ""


def test_inside_a_request_the_generation_is_read_once_and_a_bump_is_seen_at_once(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with generations_memo():
        with django_assert_num_queries(1):
            first = generation_current("test.answers")
            assert generation_current("test.answers") == first
        generation_bump("test.answers")
        with django_assert_num_queries(0):
            bumped = generation_current("test.answers")
    assert bumped != first
    assert generation_current("test.answers") == bumped


def test_a_rolled_back_bump_leaves_the_generation_and_is_never_reused() -> None:
    generation_bump("test.answers")
    kept = generation_current("test.answers")
    seen = set()
    for _ in range(3):
        with transaction.atomic():
            generation_bump("test.answers")
            seen.add(generation_current("test.answers"))
            transaction.set_rollback(True)
    assert generation_current("test.answers") == kept
    assert len(seen) == 3 and kept not in seen
