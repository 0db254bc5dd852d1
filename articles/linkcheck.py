"""Check that outside links still answer: concurrently, politely, with timeouts.

Used by `manage.py check_links`. Only http(s) addresses are requested. Each
address is asked with HEAD, then with GET when HEAD is refused or answers
with an error (many servers refuse HEAD: 405, 501, sometimes 403 or 404).
Redirects are followed up to a limit. At most `per_host` requests go to one
host at a time, and at most `workers` in all.

Every connection, the first and each redirect's, goes through the site's
address guard (core.fetching): a host that is or resolves to an internal
address (loopback, private, link-local, the cloud's metadata service...) is
refused, with the reason as the link's error, and nothing is sent to it.
"""

import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, zip_longest
from urllib.parse import urljoin, urlsplit

from core.fetching import REQUEST_ERRORS, connection_for, describe_error

REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "Fulcrum link checker (+https://www.apln.network/)"


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None = None
    final_url: str = ""
    error: str = ""

    @property
    def is_broken(self):
        return bool(self.error) or (self.status or 0) >= 400


class LinkChecker:
    def __init__(self, timeout=10.0, per_host=2, workers=8, max_redirects=5):
        self.timeout = timeout
        self.per_host = per_host
        self.workers = workers
        self.max_redirects = max_redirects
        self.host_slots = defaultdict(lambda: threading.BoundedSemaphore(per_host))
        self._slots_lock = threading.Lock()

    @contextmanager
    def host_slot(self, host):
        """Hold one of the host's few request slots."""
        with self._slots_lock:
            slot = self.host_slots[host]
        with slot:
            yield

    def check_many(self, urls):
        """Check each distinct URL once; return {url: LinkResult}."""
        ordered = interleave_by_host(dict.fromkeys(urls))
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return dict(zip(ordered, pool.map(self.check, ordered), strict=True))

    def check(self, url):
        """Follow url to its final answer; never raise for network trouble."""
        current = url
        for _ in range(self.max_redirects + 1):
            if urlsplit(current).scheme.lower() not in {"http", "https"}:
                return LinkResult(
                    url, None, current, "Not a web address (http or https)."
                )
            try:
                status, location = self.request(current, "HEAD")
                if status >= 400:
                    status, location = self.request(current, "GET")
            except REQUEST_ERRORS as err:
                error = describe_error(err, self.timeout)
                return LinkResult(url, None, current, error)
            if status in REDIRECTS and location:
                current = urljoin(current, location)
                continue
            return LinkResult(url, status, current)
        return LinkResult(
            url, status, current, f"More than {self.max_redirects} redirects."
        )

    def request(self, url, method):
        """Return (status, Location header) of one request, body unread."""
        parts = urlsplit(url)
        # Vetted here, at each hop: a redirect to an internal address is
        # refused like a link to one.
        connection = connection_for(url, timeout=self.timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with self.host_slot((parts.hostname or "").lower()):
            try:
                connection.request(
                    method,
                    target,
                    headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
                )
                response = connection.getresponse()
                return response.status, response.getheader("Location")
            finally:
                connection.close()


def interleave_by_host(urls):
    """Order urls one host after another, so workers are not all kept
    waiting for the same busy host."""
    by_host = defaultdict(list)
    for url in urls:
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    rounds = zip_longest(*by_host.values())
    return [url for url in chain.from_iterable(rounds) if url is not None]
