"""The one write path for changes to commentaries that send no model signals.

A save or delete of a row reaches the page cache (core.invalidation) and the
search text (articles.signals) by itself. QuerySet.update(), bulk_create()
and bulk_update() send no signals, and neither do reversion's restores of
related rows: code that writes that way says what it changed here, and
nothing else decides what follows.
"""

from contextlib import contextmanager

from core import pagecache

from . import search


def pieces_changed(commentary_ids, text=True):
    """Commentaries were written without signals: refresh what depends on them.

    Cached pages go stale when the transaction commits; with `text`, their
    search text is brought up to date (now, or at the end of an enclosing
    many_changes() block).
    """
    pagecache.invalidate()
    if text:
        search.request_refresh({pk for pk in commentary_ids if pk is not None})


@contextmanager
def many_changes():
    """For imports and restores of many rows: one invalidation, and the search
    text of every piece touched refreshed once, at the end of the block."""
    with pagecache.batch(), search.deferred_refresh():
        yield
