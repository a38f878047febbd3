"""Reads of the queue. Waiting counts and wait estimates live in :mod:`.queue` and are re-exported
here, so ``from govhall.queueing import selectors`` keeps working; the kiosk's, the window's and the
hall monitor's reads are in :mod:`.kiosk`, :mod:`.window` and :mod:`.monitor`."""

from govhall.queueing.selectors.queue import *  # noqa: F403
