"""Whole-page cache for anonymous readers, made stale by every change.

Pages are stored under a *generation* token kept in the shared cache. Any
change to public content replaces the token (invalidate(), called by
core.invalidation and by code that writes without model signals), so all
cached pages become unreachable at once, on every server that shares the
cache. A page also expires when a scheduled piece goes out or comes down.

Why a reader never gets a stale page: the middleware reads the generation
*before* the view reads the database, and a writer replaces it only *after*
its transaction commits, with a value never used before. A page rendered from
data older than the last commit therefore read the generation before that
commit's bump, and is stored under an old generation that is never looked up
again. (Incrementing a counter would not be safe: the file cache's incr is
not atomic, and a lost key would restart the count at an old value.)

If the cache fails, pages are rendered as if there were no cache.
"""

import datetime
import hashlib
import logging
import math
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponse
from django.template import context_processors
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe, split_directive_names

logger = logging.getLogger("core.pagecache")

GENERATION_KEY = "fulcrum:pages:gen"
NEXT_CHANGE_KEY = "fulcrum:pages:next:{}"
PAGE_KEY = "fulcrum:pages:page:{}:{}"
REMEMBERED_KEY = "fulcrum:pages:figure:{}:{}"
# The longest a remembered figure or schedule lookup is kept (a change or the
# next scheduled time replaces it sooner): as long as a page by default, so a
# change another server failed to announce is not seen for longer than a page.
REMEMBER_SECONDS = 600
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# After a cache error this process leaves the cache alone for a while, so a
# dead cache costs one timeout now and then, not one on every request.
RETRY_AFTER = 10
CACHEABLE_STATUSES = {200, 301}
# Cache-Control directives that forbid sharing the response with anyone else.
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}

# Set when a bump failed: the next request in this process tries again.
_bump_failed = False
# Until when (time.monotonic()) this process leaves a failed cache alone.
_down_until = 0.0


def reset():
    """Forget remembered failures (a bump to retry, a cache to leave alone)
    and this process's fragments."""
    global _bump_failed, _down_until
    _bump_failed = False
    _down_until = 0.0
    _fragments.clear()


def cache_is_down():
    return time.monotonic() < _down_until


def cache_failed(what):
    global _down_until
    _down_until = time.monotonic() + RETRY_AFTER
    logger.warning(
        "Cache %s failed; serving uncached pages and figures for %ss",
        what,
        RETRY_AFTER,
        exc_info=True,
    )


def new_generation():
    return uuid.uuid4().hex


def bump():
    """Replace the generation now: every page cached so far is stale.

    Returns False if the cache could not be reached; the next request of this
    process tries again, and until then nothing is served from the cache.
    """
    global _bump_failed
    try:
        cache.set(GENERATION_KEY, new_generation(), timeout=None)
    except Exception:
        _bump_failed = True
        logger.warning("Could not invalidate the page cache", exc_info=True)
    else:
        _bump_failed = False
    return not _bump_failed


class _BumpOnce:
    """Bumps the first time it is called; later calls do nothing."""

    done = False

    def __call__(self):
        if not self.done:
            self.done = True
            bump()


class _Pending(threading.local):
    """Per thread (as Django's connections are), per database alias: the
    _BumpOnce shared by every callback queued since the last bump."""

    def __init__(self):
        self.bumps = {}
        self.batched = False  # Inside batch(): see there.


_pending = _Pending()


def invalidate(using=None):
    """Make every cached page stale as soon as the current transaction commits.

    Outside a transaction that is at once.
    """
    # Every call queues its own callback with transaction.on_commit(), so a
    # committed write is always followed by a bump. The callbacks queued on a
    # connection since its last bump share one _BumpOnce, so a transaction
    # writing many rows bumps once. Sharing never skips a needed bump: when a
    # _BumpOnce first runs, its connection is outside any transaction (Django
    # runs on_commit callbacks after the outermost commit, or at once in
    # autocommit), so every transaction that queued a callback with it has
    # ended by then. If it committed, this bump comes after its writes; if it
    # (or a savepoint) rolled back, Django discarded its callbacks and its
    # writes never happened. A _BumpOnce left undone by a rollback is reused
    # by the next transaction, whose own callbacks still run.
    if getattr(_pending, "batched", False):
        return  # batch() invalidates once, at its end.
    using = using or DEFAULT_DB_ALIAS
    pending = _pending.bumps.get(using)
    if pending is None or pending.done:
        pending = _pending.bumps[using] = _BumpOnce()
    transaction.on_commit(pending, using=using)


@contextmanager
def batch():
    """Invalidate once, at the end of the block, for all the writes inside it.

    For imports and restores of many rows: each row's signal would otherwise
    queue its own on_commit() callback (with a copy of the open savepoints),
    hundreds of thousands of them for a large import. Writes in the block
    must belong to the transaction that encloses it, so that the one bump
    queued at its end comes after them. A block that raises queues nothing:
    its transaction rolls back.
    """
    if getattr(_pending, "batched", False):
        yield  # Already inside a batch: the outer one invalidates.
        return
    _pending.batched = True
    try:
        yield
    finally:
        _pending.batched = False
    invalidate()


# Functions answering "when does public content next change by itself after
# this time?" (a scheduled piece appearing, say): see schedule().
_schedules = []


def schedule(next_change_after):
    """Register next_change_after(after) -> datetime or None.

    An app whose content appears or disappears at set times (the articles'
    publishing schedule) registers it from AppConfig.ready(), so cached
    pages and remembered figures expire at that time.
    """
    if next_change_after not in _schedules:
        _schedules.append(next_change_after)


def next_change_at(after):
    """Return when public content next changes by itself (or None)."""
    found = [t for t in (when(after) for when in _schedules) if t is not None]
    return min(found) if found else None


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add(): servers starting together agree on one generation.
        cache.add(GENERATION_KEY, new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def next_change(generation, now):
    """Return the timestamp of the next scheduled change (None if none).

    The answer holds for requests that started at `now`: the view read
    the schedule after that. It is kept per generation, so an edit to a
    schedule is seen at once, with the time it was computed from (a
    request that started earlier, or after the change, computes afresh).
    """
    key = NEXT_CHANGE_KEY.format(generation)
    stored = cache.get(key)
    if stored is not None:
        since, at = stored
        if since <= now and (at is None or at > now):
            return at
    at = next_change_at(datetime.datetime.fromtimestamp(now, datetime.UTC))
    at = at.timestamp() if at else None
    cache.set(key, (now, at), timeout=REMEMBER_SECONDS)
    return at


def expires_at(generation, now, seconds):
    """When something stored now stops being true: after `seconds`, or at the
    next scheduled publish or unpublish time if that comes first."""
    change = next_change(generation, now)
    return now + seconds if change is None else min(now + seconds, change)


def remembered(name, compute):
    """Return compute(), kept in the cache while the content stays the same.

    For figures that cost a scan of a table, such as the number of pieces a
    list shows: stored under the current generation, so any change makes it
    be computed again, and never past the next scheduled publish or unpublish
    time. Exact, so it is kept even when whole pages are not cached. While
    the cache is failing, or a change could not be announced to it (a failed
    bump), compute() is called every time.
    """
    if _bump_failed and not cache_is_down():
        bump()
    if _bump_failed or cache_is_down():
        return compute()
    now = timezone.now().timestamp()
    try:
        generation = current_generation()
        key = REMEMBERED_KEY.format(
            generation,
            hashlib.sha256(f"{settings.RELEASE}|{name}".encode()).hexdigest(),
        )
        stored = cache.get(key)
        if stored is not None and stored[0] > now:
            return stored[1]
    except Exception:
        cache_failed("read")
        return compute()
    value = compute()
    try:
        expires = expires_at(generation, now, REMEMBER_SECONDS)
        if expires - now >= 1:
            cache.set(key, (expires, value), timeout=math.ceil(expires - now))
    except Exception:
        cache_failed("write")
    return value


def parameters_read(request):
    """Return the query parameters the view serving request reads.

    Views say so with a `query_parameters` attribute (a frozenset of names);
    a view without one reads none. Used for the page cache's keys and for
    canonical addresses, which carry no parameter their page ignores.
    """
    # Inside a view or template the handler has resolved the path already.
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return frozenset()
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "query_parameters", frozenset())


def answer_condition(request, response):
    """304 when the reader's If-None-Match / If-Modified-Since still holds."""
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified")),
        response=response,
    )


# --- Fragments of pages ---------------------------------------------------------

# How many rendered fragments one process keeps (a card is about 2 KB).
FRAGMENTS_KEPT = 2000


def note_generation(request):
    """Give a public GET or HEAD request the generation it started under.

    Sets request.content_generation (None outside public pages, or while the
    cache is failing or a bump is owed) and returns it.
    """
    generation = None
    if (
        PageCacheMiddleware.reads_public_pages(request)
        and not _bump_failed
        and not cache_is_down()
    ):
        try:
            generation = current_generation()
        except Exception:
            cache_failed("read")
    request.content_generation = generation
    return generation


class _Fragments:
    """Rendered HTML of one generation, least recently used first."""

    def __init__(self):
        self.lock = threading.Lock()
        self.generation = None
        self.until = 0.0
        self.kept = OrderedDict()

    def clear(self):
        with self.lock:
            self.generation = None
            self.kept.clear()

    def usable(self, generation):
        """True if what is kept may serve a request of this generation, now;
        otherwise start afresh for it, or say False if that cannot be done."""
        now = timezone.now().timestamp()
        if self.generation == generation and now < self.until:
            return True
        self.generation = None
        self.kept.clear()
        try:
            # Like remembered figures: never past the next scheduled publish
            # or unpublish time, nor longer than REMEMBER_SECONDS.
            self.until = expires_at(generation, now, REMEMBER_SECONDS)
        except Exception:
            cache_failed("read")
            return False
        self.generation = generation
        return True


_fragments = _Fragments()


def fragments(request, names, render_missing):
    """Return {name: html} for names, rendering only those not kept.

    For parts of public pages that many pages repeat, such as a piece's card
    on the home page, the list, its tags', outlet's and authors' pages:
    kept in this process's memory (no cache round trip, no file to write)
    under the generation the request started with (note_generation()), so
    any change to the content, on any server, makes them be rendered again;
    as are all of them at the next scheduled publish or unpublish time.
    render_missing(missing_names) returns {name: html} for those. Requests
    without a generation (the admin's, such as its preview inside a
    transaction that is rolled back) render everything and keep nothing.
    """
    generation = getattr(request, "content_generation", None)
    found = {}
    store = _fragments
    if generation is not None:
        with store.lock:
            if not store.usable(generation):
                generation = None
            for name in names if generation is not None else ():
                html = store.kept.get(name)
                if html is not None:
                    store.kept.move_to_end(name)
                    found[name] = html
    missing = [name for name in names if name not in found]
    if missing:
        rendered = render_missing(missing)
        found.update(rendered)
        if generation is not None:
            with store.lock:
                if store.generation == generation:
                    store.kept.update(rendered)
                    while len(store.kept) > FRAGMENTS_KEPT:
                        store.kept.popitem(last=False)
    return found


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests for public pages from the cache.

    Requests with a session (signed-in editors), credentials, or under
    /admin/ always reach the view, and their responses are never stored. Only
    responses that are public by their Cache-Control (see
    core.middleware.PublicCacheMiddleware), set no cookie and carry no CSP
    nonce are stored. Sits outside ConditionalGetMiddleware, so stored pages
    have their ETag, and a matching If-None-Match gets a 304 straight from
    the cache. Any compression must sit outside this middleware too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bump_failed and self.reads_public_pages(request) and not cache_is_down():
            bump()
        # Read before the view reads the database, for the same reason as
        # the page's generation (see the module's docstring): fragments().
        generation = note_generation(request)
        if generation is None or not self.applies_to(request):
            return self.get_response(request)
        try:
            url = self.page_url(request)
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 as usual.
        if url is None:
            return self.get_response(request)
        try:
            key = self.page_key(generation, url)
            entry = cache.get(key)
        except Exception:
            cache_failed("read")
            return self.get_response(request)
        now = timezone.now().timestamp()
        if entry is not None and entry[0] > now:
            return self.cached_response(request, entry)
        # A reader revalidating its copy would get a 304 from the view, and a
        # 304 cannot be stored: build the whole page, store it, then answer
        # the condition from the stored copy.
        conditions = {
            name: request.META.pop(name)
            for name in CONDITIONAL_HEADERS
            if name in request.META
        }
        response = self.get_response(request)
        request.META.update(conditions)
        if request.method == "GET" and self.storable(request, response):
            entry = self.store(generation, key, response, now)
            if entry is not None and conditions:
                response = self.cached_response(request, entry)
            response["X-Cache"] = "miss"
            return response
        if conditions and request.method == "GET" and response.status_code == 200:
            response = answer_condition(request, response)
        return response

    def page_url(self, request):
        """The page's address as the cache knows it, or None to leave it alone.

        Only for query parameters the page's view reads (parameters_read),
        sorted, so ?b=1&a=2 and ?a=2&b=1 share an entry. A page asked for with
        any other (?utm_source=..., ?q= on a summary page, ?x=1, ?x=2...) is
        served but not stored: otherwise anyone could fill the cache with
        copies of one page. The release is part of the key, so a deploy
        starts afresh.
        """
        if request.GET and not set(request.GET) <= parameters_read(request):
            return None
        query = sorted(
            (name, value) for name in request.GET for value in request.GET.getlist(name)
        )
        return (
            f"{settings.RELEASE}|{request.scheme}://{request.get_host()}"
            f"{request.path}?{urlencode(query)}"
        )

    @staticmethod
    def reads_public_pages(request):
        return request.method in {"GET", "HEAD"} and not request.path_info.startswith(
            "/admin/"
        )

    def applies_to(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and self.reads_public_pages(request)
            and not cache_is_down()
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def page_key(self, generation, url):
        digest = hashlib.sha256(url.encode()).hexdigest()
        return PAGE_KEY.format(generation, digest)

    def cached_response(self, request, entry):
        _expires, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        if request.method == "GET":
            response = answer_condition(request, response)
        response["X-Cache"] = "hit"
        return response

    def storable(self, request, response):
        if (
            response.status_code not in CACHEABLE_STATUSES
            or response.streaming
            or response.cookies
            or response.has_header("Set-Cookie")
            # A nonce is for one response only. Templates get it from the csp
            # context processor, and it is false until something has used it.
            or context_processors.csp(request)["csp_nonce"]
        ):
            return False
        directives = set(split_directive_names(response.get("Cache-Control", "")))
        return "public" in directives and not directives & PRIVATE_DIRECTIVES

    def store(self, generation, key, response, now):
        try:
            expires = expires_at(generation, now, settings.PAGE_CACHE_SECONDS)
            if expires - now < 1:
                return None  # Too close to a scheduled change to be worth it.
            headers = list(response.items())
            entry = (expires, response.status_code, headers, response.content)
            cache.set(key, entry, timeout=math.ceil(expires - now))
        except Exception:
            cache_failed("write")
            return None
        return entry
