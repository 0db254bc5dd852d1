"""Pagination of published pieces whose Next and Previous links seek.

The Next link of page N carries a cursor naming the last piece shown
(`?page=N+1&after=<cursor>`), the Previous link one naming the first piece
(`?page=N-1&before=<cursor>`). Such a request reads its rows from the index
next to that piece, by (publish time, id), so page 4,000 costs what page 1
costs. A bare `?page=N` (typed, bookmarked, the canonical address) is read by
its page number as before. The page number is kept in both cases for
"Page N of M".
"""

import re
from datetime import UTC, datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from core import pagecache

# "<publish time in microseconds since 1970, UTC>.<id>": digits only, and
# short enough that every value is a valid time and a valid database integer.
CURSOR = re.compile(r"(\d{1,17})\.(\d{1,18})", re.ASCII)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
# The order cursors follow; a queryset ordered otherwise is paged by number.
ORDERING = ("-published_at", "-id")


def make_cursor(commentary):
    """Return the cursor naming this piece, or None if it has none to give."""
    if commentary.published_at is None or commentary.published_at < EPOCH:
        return None
    micros = (commentary.published_at - EPOCH) // MICROSECOND
    return f"{micros}.{commentary.pk}"


def parse_cursor(value):
    """Return (published_at, id) from a cursor, or None if it is not one."""
    match = CURSOR.fullmatch(value)
    if match is None:
        return None
    micros, pk = (int(group) for group in match.groups())
    return EPOCH + micros * MICROSECOND, pk


class CursorPage(Page):
    """A page that can name its first and last pieces for the links next to it."""

    @property
    def next_cursor(self):
        return make_cursor(self[len(self) - 1]) if self.has_next() else None

    @property
    def previous_cursor(self):
        return make_cursor(self[0]) if self.has_previous() else None


class PagePaginator(Paginator):
    """A paginator of published pieces, newest first, with cheap deep pages.

    By page number, OFFSET would make the database build and drop every row
    before the page: here the page's ids are chosen by a subquery that the
    (status, publish time, unpublish time) index answers alone, and only those
    rows are read. From a cursor (seek), the index is entered at the cursor's
    piece and only a page of entries is read.

    count_key names the list (its address and filters) when the number of
    pieces may be remembered under that name (see count); without it they
    are counted each time, as Django's Paginator does.
    """

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        """The number of pieces, remembered until the content changes.

        Counting reads the whole index (17 ms at 100,000 pieces), the one
        cost of a list page that grows with the table; the answer changes
        only when a piece is saved or a scheduled time passes, which is
        what core.pagecache.remembered() keys and times it by.
        """

        def count():
            rows = self.object_list
            return rows.count() if isinstance(rows, QuerySet) else len(rows)

        if self.count_key is None:
            return count()
        return pagecache.remembered(f"count|{self.count_key}", count)

    def page(self, number):
        page = super().page(number)
        rows = page.object_list
        if isinstance(rows, QuerySet) and rows.query.low_mark:
            page.object_list = self.object_list.filter(pk__in=rows.values("pk"))
        return page

    def _get_page(self, *args, **kwargs):
        return CursorPage(*args, **kwargs)

    def seek(self, number, after=None, before=None):
        """Return page `number` read from a cursor (after or before), if it can be.

        The page number is clamped to the pages there are, as a reader who
        followed a link should not meet an error. Any cursor that does not
        lead to that page gives the page by number instead (see _seek).
        """
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        number = max(1, min(number, self.num_pages))
        page = self._seek(number, after, before)
        return page if page is not None else self.page(number)

    def _seek(self, number, after, before):
        cursor = parse_cursor(after or before or "")
        if cursor is None or not self.can_seek():
            return None
        published_at, pk = cursor
        # The cursor's piece is read too (<= and >=), and must come first: if
        # it is gone (withdrawn, deleted, re-dated, or never was), we do not
        # know where the reader was, so the page number decides, by OFFSET.
        if after:
            near = Q(published_at__lte=published_at) & (
                Q(published_at__lt=published_at) | Q(pk__lte=pk)
            )
        else:
            near = Q(published_at__gte=published_at) & (
                Q(published_at__gt=published_at) | Q(pk__gte=pk)
            )
        # The cursor's terms come first in WHERE: SQLite ranges over the
        # index with the first upper bound on published_at it meets, and the
        # visibility rule has one too (now), which would walk every newer row.
        ids = self.object_list.model._default_manager.filter(near) & self.object_list
        if before:
            ids = ids.reverse()
        rows = self.object_list.filter(pk__in=ids.values("pk")[: self.per_page + 2])
        rows = list(rows.reverse() if before else rows)
        if not rows or (rows[0].pk, rows[0].published_at) != (pk, published_at):
            return None
        rows = rows[1:]
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if before:
            rows.reverse()
        page = self._get_page(rows, number, self)
        # The pieces found must be the page the number names: a Next link
        # from the last page, or a page number changed by hand, is not.
        if after and not (page.has_previous() and page.has_next() == more):
            return None
        if before and not (page.has_next() and page.has_previous() == more):
            return None
        return page

    def can_seek(self):
        """Whether the pieces are in the order cursors follow."""
        query = self.object_list.query
        ordering = query.order_by or (
            self.object_list.model._meta.ordering if query.default_ordering else ()
        )
        return tuple(ordering) == ORDERING


class SeekPaginationMixin:
    """ListView pagination that follows a Next or Previous link's cursor."""

    paginator_class = PagePaginator
    # The query parameters that choose which pieces are listed.
    count_parameters = ()
    # What the page cache and canonical addresses keep (core.pagecache).
    query_parameters = frozenset({"page", "after", "before"})

    def get_paginator(self, *args, **kwargs):
        # The list is named by its address and the filters it reads, and no
        # other parameter (these views list published pieces only, the same
        # for every reader).
        query = sorted(
            (name, value)
            for name, value in self.request.GET.lists()
            if name in self.count_parameters
        )
        count_key = f"{self.request.path}?{query}"
        return super().get_paginator(*args, count_key=count_key, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        after = self.request.GET.get("after")
        before = None if after else self.request.GET.get("before")
        if not (after or before):
            return super().paginate_queryset(queryset, page_size)
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        number = self.kwargs.get(self.page_kwarg) or self.request.GET.get(
            self.page_kwarg
        )
        page = paginator.seek(number, after=after, before=before)
        return (paginator, page, page.object_list, page.has_other_pages())
