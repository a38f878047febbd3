"""Reads of cases and bills. Staff-side reads live in :mod:`.case` and are re-exported here, so
``from govhall.cases import selectors`` and ``from govhall.cases.selectors import case_for`` keep
working; the public pages' reads are in :mod:`.public`."""

from govhall.cases.selectors.case import *  # noqa: F403
