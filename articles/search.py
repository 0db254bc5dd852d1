"""Reader search over titles, summaries, authors, outlets and tags.

Each commentary keeps a folded copy of its searchable text (`search_text`):
lower case, without diacritics, so "Hoang Thi Ha" finds "Hoàng Thị Hà" and the
reverse, in any script. PostgreSQL ranks matches with full-text search; every
database (SQLite included) also matches substrings, which is what scripts
written without spaces (Japanese, Chinese) need. Snippets are highlighted in
Python on the original text, so both databases show the same marks.
"""

import functools
import re
import threading
import unicodedata
from contextlib import contextmanager

from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape, strip_tags

# Letters that Unicode does not decompose into a base letter plus a mark.
EXTRA_FOLDS = {
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "ı": "i",
}
MAX_TERMS = 8


@functools.cache
def fold_char(char):
    base = unicodedata.normalize("NFKD", char.casefold())
    base = "".join(c for c in base if not unicodedata.combining(c))
    return "".join(EXTRA_FOLDS.get(c, c) for c in base)


def fold(text):
    """Return text lower-cased and without diacritics ("Hoàng" → "hoang")."""
    return "".join(fold_char(char) for char in text or "")


def terms(query):
    """Split a reader's query into folded terms (at most MAX_TERMS)."""
    return [t for t in fold(query).split() if t][:MAX_TERMS]


def document(commentary, authorships, tags):
    """Return the folded searchable text of a commentary."""
    parts = [commentary.title, commentary.lede_override, strip_tags(commentary.summary)]
    if commentary.outlet_id:
        parts += [commentary.outlet.name, commentary.outlet.label]
    for authorship in authorships:
        parts.append(authorship.display_name)
        if authorship.member_id:
            parts.append(authorship.member.native_name)
    parts += [tag.name for tag in tags]
    return fold(" ".join(p for p in parts if p))


def refresh(commentary_ids):
    """Recompute search_text for the given commentaries (a fixed number of queries)."""
    from .models import Commentary

    commentaries = Commentary.objects.filter(pk__in=list(commentary_ids)).with_related()
    for commentary in commentaries:
        text = document(
            commentary, commentary.ordered_authorships(), commentary.tag_list()
        )
        if text != commentary.search_text:
            Commentary.objects.filter(pk=commentary.pk).update(search_text=text)


_pending = threading.local()


def request_refresh(commentary_ids):
    """Refresh now, or at the end of the enclosing deferred_refresh() block."""
    pending = getattr(_pending, "ids", None)
    if pending is not None:
        pending.update(commentary_ids)
    elif commentary_ids:
        refresh(commentary_ids)


@contextmanager
def deferred_refresh(batch=500):
    """Collect refreshes and do them once at the end: for imports of many rows."""
    if getattr(_pending, "ids", None) is not None:
        yield  # Already deferred by an outer block.
        return
    _pending.ids = set()
    try:
        yield
        ids = sorted(_pending.ids)
    finally:
        _pending.ids = None
    for start in range(0, len(ids), batch):
        refresh(ids[start : start + batch])


def search(queryset, query):
    """Filter queryset to the commentaries matching every term of query, best first."""
    words = terms(query)
    if not words:
        return queryset.none()
    substring = Q()
    for word in words:
        substring &= Q(search_text__contains=word)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("search_text", config="simple")
        ts_query = SearchQuery(" ".join(words), config="simple", search_type="plain")
        return (
            queryset.annotate(rank=SearchRank(vector, ts_query))
            .filter(substring)
            .order_by("-rank", F("published_at").desc(nulls_last=True), "-id")
        )
    return queryset.filter(substring)


def highlight(text, query, width=30):
    """Return an escaped snippet of text around the first match, terms in <mark>.

    Matching is on folded text, so the snippet keeps the original diacritics
    while "Hoang" marks "Hoàng".
    """
    words = terms(query)
    text = " ".join(strip_tags(text or "").split())
    if not words or not text:
        return escape(" ".join(text.split()[:width]))
    # Fold character by character, remembering where each folded character
    # came from, so matches map back onto the original text.
    folded, origin = [], []
    for index, char in enumerate(text):
        for c in fold_char(char):
            folded.append(c)
            origin.append(index)
    folded = "".join(folded)
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    )
    spans = [
        (origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded)
    ]
    if not spans:
        return escape(" ".join(text.split()[:width]))
    first = spans[0][0]
    start = text.rfind(" ", 0, max(0, first - width * 3)) + 1
    end = text.find(" ", min(len(text), first + width * 5))
    end = len(text) if end == -1 else end
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces) + suffix
