"""Where the current change comes from (an HTTP request, a command, the worker), and which client
address a request comes from."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class RequestOrigin:
    origin: str
    ip: str | None = None
    user_agent: str = ""


SYSTEM_ORIGIN = RequestOrigin(origin="system")
_current: ContextVar[RequestOrigin] = ContextVar("govhall_request_origin", default=SYSTEM_ORIGIN)


def current_origin() -> RequestOrigin:
    return _current.get()


@contextmanager
def origin_as(origin: RequestOrigin) -> Iterator[None]:
    token = _current.set(origin)
    try:
        yield
    finally:
        _current.reset(token)


@lru_cache(maxsize=4)
def _networks(cidrs: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Sequence[Network]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request`` (rate limits, the audit log, login lockout).

    The direct peer (``REMOTE_ADDR``), unless it is one of the ``TRUSTED_PROXIES``: then
    ``X-Forwarded-For`` is read from the right, where each trusted proxy appended the address it
    was connected from, and the first address that is not a trusted proxy is the client. What a
    client writes into the header itself lies further left and is never reached; a request from
    anywhere else has its header ignored.
    """
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _trusted(peer, networks):
        return str(peer)
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break
        peer = address
        if not _trusted(address, networks):
            break
    return str(peer)
