"""The address guard: every request the site makes to a URL goes through here.

Features that fetch a URL someone typed (the link checker today; "paste a
link, get a draft" later) must never be turned against the machine or its
network: the admin on 127.0.0.1, a database on 10.x, the cloud's metadata
service on 169.254.169.254. So, for each connection:

1. the host is resolved once, and every address it resolves to is vetted:
   loopback, private, link-local, multicast, reserved, unspecified and other
   non-public addresses are refused, IPv4 and IPv6 alike, including IPv4
   written inside IPv6 (::ffff:127.0.0.1, 6to4 2002:7f00:1::, NAT64
   64:ff9b::7f00:1);
2. the connection is made to an address that was vetted, never by looking the
   name up again (a second lookup could answer differently: DNS rebinding),
   while the Host header, TLS SNI and the certificate check still use the
   host name.

A redirect is a new URL: whoever follows one asks for a new connection here,
so every hop is vetted. `FETCH_ALLOWED_HOSTS` (host names, addresses or
networks) lets listed hosts through whatever they resolve to: tests, and an
intranet's own servers.

    connection = connection_for(url, timeout=10)   # may raise AddressRefused
    connection.request("GET", path, headers=...)

`fetch(url, ...)` does a whole GET on top of it for the features that read
what they fetch (a page's metadata, its image): each redirect vetted again, a
deadline for the whole exchange (a server trickling bytes cannot hold a
worker), a size cap, and every failure turned into a FetchError whose text
says what went wrong, for an editor or an operator.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import filesizeformat

# IPv4 inside IPv6 by translation (RFC 6052's well-known NAT64 prefix): the
# last 32 bits are the IPv4 address a NAT64 gateway would connect to.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
ALLOWING = "FETCH_ALLOWED_HOSTS lets a host through"


class AddressRefused(Exception):
    """The URL's host is, or resolves to, an address the site must not ask."""


def refusal(address):
    """Why the site must not connect to address (an ip_address), or None."""
    if address.version == 6:
        embedded = embedded_ipv4(address)
        if embedded is not None:
            reason = refusal(embedded)
            return f"{reason} written as IPv6" if reason else None
        if address.is_site_local:
            return "a site-local address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private:
        return "a private address"
    if address.is_reserved:
        return "a reserved address"
    if not address.is_global:
        return "not a public address"
    return None


def embedded_ipv4(address):
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), or None."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


@lru_cache(maxsize=8)
def _allowances(entries):
    names, networks = set(), []
    for entry in entries:
        entry = entry.strip().lower().rstrip(".")
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            if "/" in entry or ":" in entry:
                raise ImproperlyConfigured(
                    f"FETCH_ALLOWED_HOSTS: {entry!r} is neither a host name "
                    "nor an address or network."
                ) from None
            names.add(entry)
    return frozenset(names), tuple(networks)


def allowances():
    """(host names, networks) of FETCH_ALLOWED_HOSTS."""
    entries = getattr(settings, "FETCH_ALLOWED_HOSTS", ())
    if isinstance(entries, str):
        entries = entries.split(",")
    return _allowances(tuple(entries))


def listed(address, networks):
    plain = address
    if address.version == 6 and address.ipv4_mapped is not None:
        plain = address.ipv4_mapped
    return any(plain in network for network in networks)


def is_listed(host):
    """Whether FETCH_ALLOWED_HOSTS names host, or host is an address it lists."""
    host = (host or "").lower().rstrip(".")
    names, networks = allowances()
    if host in names:
        return True
    try:
        return listed(ipaddress.ip_address(host.strip("[]")), networks)
    except ValueError:
        return False


def resolve(host, port):
    """Every (family, socket address) that host:port resolves to."""
    return [
        (family, sockaddr)
        for family, _type, _proto, _name, sockaddr in socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )
        if family in (socket.AF_INET, socket.AF_INET6)
    ]


def vetted_addresses(host, port):
    """Resolve host once; return its addresses if every one may be asked.

    Raises AddressRefused naming the first address that may not, and
    socket.gaierror when the host is not found.
    """
    if not host:
        raise AddressRefused("Refused: the address names no host.")
    name = host.lower().rstrip(".")
    names, networks = allowances()
    addresses = resolve(host, port)
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, "No address")
    if name in names:
        return addresses
    for _family, sockaddr in addresses:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if listed(address, networks):
            continue
        reason = refusal(address)
        if reason:
            shown = host if is_literal(host, address) else f"{host} ({address})"
            raise AddressRefused(
                f"Refused: {shown} is {reason}, not on the public internet "
                f"({ALLOWING})."
            )
    return addresses


def is_literal(host, address):
    """True when host is address itself, however written."""
    try:
        return ipaddress.ip_address(host) == address
    except ValueError:
        return False


def connect_to(addresses, timeout):
    """A socket connected to the first of the vetted addresses that answers."""
    error = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except OSError as err:
            sock.close()
            error = err
    raise error


class GuardedHTTPConnection(http.client.HTTPConnection):
    """http.client's connection, to an address vetted beforehand."""

    raw_sock = None  # The TCP socket, for fetch()'s deadline to shut.

    def __init__(self, host, port=None, *, addresses, **kwargs):
        super().__init__(host, port, **kwargs)
        self.addresses = addresses

    def connect(self):
        self.sock = self.raw_sock = connect_to(self.addresses, self.timeout)


class GuardedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: SNI and the certificate check use the host name."""

    raw_sock = None

    def __init__(self, host, port=None, *, addresses, context=None, **kwargs):
        context = context or ssl.create_default_context()
        super().__init__(host, port, context=context, **kwargs)
        self.addresses = addresses
        self.tls_context = context

    def connect(self):
        sock = self.raw_sock = connect_to(self.addresses, self.timeout)
        try:
            # The TLS socket is kept before the handshake, so that fetch()'s
            # deadline can shut it while a server trickles the handshake.
            self.sock = self.tls_context.wrap_socket(
                sock, server_hostname=self.host, do_handshake_on_connect=False
            )
            self.sock.do_handshake()
        except BaseException:
            (self.sock or sock).close()
            raise


def connection_for(url, timeout, context=None):
    """An unopened http.client connection for url, its host vetted.

    Raises AddressRefused (the host must not be asked), socket.gaierror (no
    such host) and ValueError (not an http(s) URL, a bad port).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise ValueError("Not a web address (http or https).")
    port = parts.port or (443 if scheme == "https" else 80)
    addresses = vetted_addresses(parts.hostname, port)
    if scheme == "https":
        return GuardedHTTPSConnection(
            parts.hostname, port, addresses=addresses, timeout=timeout, context=context
        )
    return GuardedHTTPConnection(
        parts.hostname, port, addresses=addresses, timeout=timeout
    )


REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL could not be fetched; the message says why, in plain words."""


@dataclass(frozen=True)
class Fetched:
    """What a GET answered, after any redirects."""

    url: str
    content_type: str
    charset: str
    body: bytes


# What a request through the guard may raise; describe_error() says why.
REQUEST_ERRORS = (AddressRefused, OSError, http.client.HTTPException, ValueError)


def describe_error(err, timeout):
    """Say in plain words why a request failed (err: what the request raised)."""
    if isinstance(err, AddressRefused):
        return str(err)
    if isinstance(err, TimeoutError):
        return f"No answer within {timeout:g} s."
    if isinstance(err, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
        return "The server closed the connection without answering."
    if isinstance(err, ConnectionRefusedError):
        return "Connection refused."
    if isinstance(err, socket.gaierror):
        return "Host not found."
    if isinstance(err, ssl.SSLError):
        return f"Secure connection failed: {err.reason}."
    return f"{type(err).__name__}: {err}".strip()


def fetch(
    url,
    *,
    user_agent,
    timeout=10.0,
    max_bytes=5 * 1024 * 1024,
    accept="*/*",
    content_types=None,
    max_redirects=5,
    context=None,
):
    """GET url through the guard, following redirects; return a Fetched.

    Raises FetchError, saying why, for anything but a 200 answer of one of
    content_types (media types such as "text/html"; None for any) whose body
    is at most max_bytes, read whole within timeout seconds. context: the
    TLS context (None for the system's certificate authorities).
    """
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(max_redirects + 1):
        parts = urlsplit(current)
        if parts.scheme.lower() not in {"http", "https"}:
            raise FetchError(f"Not a web address (http or https): {current}")
        if "@" in parts.netloc:
            # user:password@ is never sent, and "trusted.example@10.0.0.5"
            # reads as one host to a person and is another to the parser.
            raise FetchError(f"An address with a user name or password: {current}")
        try:
            answer = _get(
                current, user_agent, accept, deadline, max_bytes, timeout, context
            )
        except REQUEST_ERRORS as err:
            raise FetchError(describe_error(err, timeout)) from err
        status, location, content_type, charset, body = answer
        if status in REDIRECTS and location:
            current = urljoin(current, location)
            continue
        if status != 200:
            raise FetchError(f"The server answered HTTP {status} for {current}.")
        if content_types is not None and content_type not in content_types:
            raise FetchError(
                f"{current} is {content_type or 'of no stated type'}, not "
                f"{' or '.join(sorted(content_types))}."
            )
        return Fetched(current, content_type, charset, body)
    raise FetchError(f"More than {max_redirects} redirects from {url}.")


def _get(url, user_agent, accept, deadline, max_bytes, timeout, context=None):
    """One request: (status, Location, media type, charset, body or b"")."""
    parts = urlsplit(url)
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    # Vetted at each hop: a redirect to an internal address is refused too.
    connection = connection_for(url, timeout=left, context=context)
    if parts.port not in (None, 80, 443) and not is_listed(parts.hostname):
        # A page or an image is on the web's own ports; any other port of a
        # public host (mail, SSH, databases) is no business of a fetch.
        raise AddressRefused(
            f"Refused: port {parts.port} is not a web port (80 or 443) ({ALLOWING})."
        )
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # A socket timeout bounds each read, not the exchange: a server sending
    # its status line and headers a byte at a time would hold the worker for
    # hours. At the deadline the watchdog shuts the socket, whatever is
    # waiting on it; what was read by then is thrown away.
    expired = threading.Event()
    watchdog = threading.Timer(left, _expire, (connection, expired))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()
        answer = _exchange(connection, target, user_agent, accept, deadline, max_bytes)
    except REQUEST_ERRORS:
        if expired.is_set():
            raise TimeoutError from None
        raise
    finally:
        watchdog.cancel()
        connection.close()
    if expired.is_set():
        raise TimeoutError
    return answer


def _expire(connection, expired):
    expired.set()
    # The TCP socket's own shutdown, under TLS too (the TLS socket took over
    # its descriptor): it wakes whatever waits on it, a handshake included.
    for sock in (connection.sock, connection.raw_sock):
        if sock is not None and sock.fileno() != -1:
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass  # Closed meanwhile: nothing is waiting on it.
            return


def _exchange(connection, target, user_agent, accept, deadline, max_bytes):
    connection.request(
        "GET",
        target,
        headers={
            "User-Agent": user_agent,
            "Accept": accept,
            # Plain bytes: the size cap counts what is stored, not a
            # compressed stream that could expand a thousandfold.
            "Accept-Encoding": "identity",
        },
    )
    # Kept here: once the response owns the socket, the connection forgets it.
    sock = connection.sock
    response = connection.getresponse()
    message = response.msg
    content_type = message.get_content_type() if "Content-Type" in message else ""
    charset = message.get_content_charset() or ""
    location = response.getheader("Location")
    if response.status != 200:
        return response.status, location, content_type, charset, b""
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        # Asked for plain bytes; nothing here inflates what came compressed.
        raise FetchError(
            f"It came compressed ({encoding}) although plain bytes were asked for."
        )
    too_big = f"It is larger than {filesizeformat(max_bytes)}, the most read."
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(too_big)
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(too_big)
        chunks.append(chunk)
    return response.status, location, content_type, charset, b"".join(chunks)
