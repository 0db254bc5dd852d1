"""Keep the address guard's tests on the loopback.

`fake_dns({"news.test": "127.0.0.1"})` replaces the guard's resolver: the
names given resolve to the addresses given, address literals to themselves
(no lookup), anything else is not found. Tests use it to play a "public"
host and a redirect to an internal one without asking any real DNS server.

`guard_resolves({"news.test": "127.0.0.1"})` replaces only the guard's
resolver, for browser tests: the live server and the browser go on looking
names up as usual.

`loopback_only()` makes any connection to an address other than the loopback
fail the test before a packet leaves, whatever the code under test does: a
test of a refusal must never reach 169.254.169.254 or 10.x if the guard fails.
"""

import ipaddress
import socket
from contextlib import ExitStack, contextmanager
from unittest import mock

_real_connect = socket.socket.connect


def _checked_connect(sock, address):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
        mapped = getattr(ip, "ipv4_mapped", None)
        if not (ip.is_loopback or (mapped is not None and mapped.is_loopback)):
            raise AssertionError(f"The test tried to connect to {address}.")
    return _real_connect(sock, address)


def _resolver(names):
    def resolve(host, port):
        host = host.lower().rstrip(".")
        if host in names:
            addresses = names[host]
            addresses = [addresses] if isinstance(addresses, str) else addresses
        else:
            try:
                addresses = [str(ipaddress.ip_address(host))]
            except ValueError:
                raise socket.gaierror(socket.EAI_NONAME, "Name not known") from None
        return [
            (
                (socket.AF_INET6, (address, port, 0, 0))
                if ":" in address
                else (socket.AF_INET, (address, port))
            )
            for address in addresses
        ]

    return resolve


def _no_second_lookup(*args, **kwargs):
    raise AssertionError(f"A second DNS lookup: getaddrinfo{args}")


@contextmanager
def fake_dns(names=None):
    """The guard resolves through names; nothing else may look names up."""
    with ExitStack() as stack:
        stack.enter_context(
            mock.patch("core.fetching.resolve", _resolver(dict(names or {})))
        )
        stack.enter_context(mock.patch("socket.getaddrinfo", _no_second_lookup))
        stack.enter_context(loopback_only())
        yield


@contextmanager
def guard_resolves(names):
    """The guard resolves through names (and literals); the rest of the process
    is left alone."""
    with mock.patch("core.fetching.resolve", _resolver(dict(names))):
        yield


@contextmanager
def loopback_only():
    with mock.patch.object(socket.socket, "connect", _checked_connect):
        yield
