"""ID-card reads handed from a kiosk's card reader to the kiosk's screen.

The reader posts the number it read (``POST /api/v1/kiosks/card-reads`` with the kiosk's token);
the kiosk page asks for it about once a second and takes it, which removes it. A read nobody takes
expires after :data:`CARD_READ_SECONDS`. Only the ID number is kept — no name, photo or address.

The read lives in Django's cache under the kiosk's id. The reader's request and the page's poll
may reach different server processes, so the cache must be shared by all of them: the ``shared``
cache (a database table), not the per-process default one.
"""

from __future__ import annotations

from django.core.cache import caches

from govhall.core.personal_data import validate_resident_id
from govhall.queueing.models import Device

CARD_READ_SECONDS = 30


def _key(device: Device) -> str:
    return f"govhall:queueing:card-read:{device.pk}"


def card_read_store(*, device: Device, id_number: str) -> str:
    """Keep a validated read for the kiosk (replacing an earlier one); returns the normalised number."""
    number = validate_resident_id(id_number)
    caches["shared"].set(_key(device), number, CARD_READ_SECONDS)
    return number


def card_read_take(*, device: Device) -> str | None:
    """The kiosk's pending read, removed as it is taken; None when there is none."""
    key = _key(device)
    shared = caches["shared"]
    number: str | None = shared.get(key)
    if number is not None:
        shared.delete(key)
    return number
