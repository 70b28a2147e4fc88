"""Where webhooks and chat alerts may go: https to public addresses only.

A URL is checked when it is saved and again on every delivery, after its host name is resolved,
and the connection then goes to the address that was checked: a name that resolved to a public
address when it was saved, and to 127.0.0.1 or the cloud's metadata address since (DNS
rebinding), is refused. `WEBHOOK_ALLOW_PRIVATE` lets a company reach a receiver on its own
network, over plain http too.

Webhooks and Apprise both connect through urllib3; while `guarded(...)` is active in a thread,
its connections resolve, check and connect here instead (`_guarded_connection`). Elsewhere
(Twilio's API, pages) nothing changes.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

import urllib3.util.connection

# None: not a webhook or an alert; else whether private addresses are allowed.
_ALLOW_PRIVATE: ContextVar[bool | None] = ContextVar("allow_private", default=None)
_original_connection = urllib3.util.connection.create_connection


class RefusedDestination(Exception):
    """A URL or address the network rule refuses; the message says why, for the sender."""


class Unresolved(RefusedDestination):
    """A host name DNS does not answer for (now): worth trying again later."""


def refused_address(address: str) -> str | None:
    """Why an IP address is out of bounds (loopback, private, link-local...), or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for refused, name in ((ip.is_loopback, "loopback"), (ip.is_link_local, "link-local"),
                          (ip.is_multicast, "multicast"), (ip.is_unspecified, "unspecified"),
                          (ip.is_private, "private"), (ip.is_reserved, "reserved")):
        if refused:
            return name
    return None if ip.is_global else "not public"


def checked_addresses(host: str, port: int, allow_private: bool) -> list[Any]:
    """`host` resolved, every address checked: one bad address refuses the host, since the
    name's owner decides which of them a client takes."""
    try:
        found = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Unresolved(f"{host} does not resolve ({error})") from None
    if not allow_private:
        for *_, sockaddr in found:
            if problem := refused_address(str(sockaddr[0])):
                raise RefusedDestination(
                    f"{host} resolves to a {problem} address; set "
                    "FEEDBACK_WEBHOOK_ALLOW_PRIVATE=true to allow it")
    return found


def check_url(url: str, allow_private: bool, *, resolve: bool = True) -> None:
    """Refuse a URL that is not https (http too when private addresses are allowed) or whose
    host is, or resolves to, an address out of bounds."""
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise RefusedDestination("the URL must begin with https://" if not allow_private
                                 else "the URL must begin with https:// or http://")
    check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
               allow_private, resolve=resolve)


def check_host(host: str, port: int, allow_private: bool, *, resolve: bool = True) -> None:
    """Refuse a host that is, or resolves to, an address out of bounds; a name that does not
    resolve is refused only when `resolve` (on delivery; on saving, DNS may come later)."""
    if allow_private:
        return
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        if host.rstrip(".").lower() == "localhost" or host.lower().endswith(".localhost"):
            raise RefusedDestination(f"{host} is a loopback name") from None
        if not resolve:
            with suppress(Unresolved):
                checked_addresses(host, port, allow_private)
            return
    checked_addresses(host, port, allow_private)


@contextmanager
def guarded(allow_private: bool) -> Iterator[None]:
    """Within this block (in this thread), every urllib3 connection obeys the rule."""
    token = _ALLOW_PRIVATE.set(allow_private)
    try:
        yield
    finally:
        _ALLOW_PRIVATE.reset(token)


def _guarded_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
    allow_private = _ALLOW_PRIVATE.get()
    if allow_private is None:
        return _original_connection(address, *args, **kwargs)
    host, port = address
    error: OSError | None = None
    for *_, sockaddr in checked_addresses(host, port, allow_private):
        try:  # the address just checked, given as a literal: nothing is resolved again
            return _original_connection((str(sockaddr[0]), port), *args, **kwargs)
        except OSError as failed:
            error = failed
    raise error or OSError(f"no address for {host}")


urllib3.util.connection.create_connection = _guarded_connection
