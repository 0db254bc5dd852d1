"""Reader search: whole words, ranked, in any script, with or without diacritics.

Each commentary keeps its searchable text folded (lower case, no diacritics,
punctuation turned into spaces): `search_title` for the title and
`search_text` for everything a reader may remember (title, lede, summary,
outlet, authors, tags), and `search_unspaced` for its words in scripts
written without spaces. Both databases index these columns (migration
0014):

- SQLite: an FTS5 word index (`articles_commentary_words`, unicode61 with
  remove_diacritics 2), and an FTS5 trigram index
  (`articles_commentary_grams`) for text written without spaces (Chinese,
  Japanese, Korean, Thai), matched as substrings. Triggers keep both in step
  with the columns.
- PostgreSQL: a generated tsvector column (`search_vector`, 'simple'
  configuration) with a GIN index, and a pg_trgm GIN index on
  `search_unspaced` for the same substrings.

A query word in a spaced script matches a whole word ("war" never finds
"awareness"); a word in a script without spaces matches anywhere. The
newest CANDIDATES matching pieces are ranked (titles with more of the terms
first), so a word found in every piece costs the same at 100 pieces as at
100,000 (bench/search_bench.py).
Snippets are highlighted in Python on the original text, so both databases
show the same marks. The text changes through one write path: signals here
(articles.signals) and articles.changes for writes without signals.
"""

import functools
import html
import re
import threading
import unicodedata
from contextlib import contextmanager

from django.db import connection
from django.db.models import Exists, OuterRef, Q
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
# How many of the newest matching pieces are ranked: the cost of a search
# stays flat as the archive grows, and readers narrow a word found
# everywhere by adding another.
CANDIDATES = 200
# Scripts written without spaces between words: matched as substrings.
UNSPACED = re.compile(
    "["
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul jamo
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility jamo
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # Half-width Katakana
    "]"
)
# Block-level tags: their boundaries separate words ("defences.</p><p>Systems").
BLOCK_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|h[1-6]|blockquote|figure|figcaption|tr|td|th)\b[^>]*>",
    re.IGNORECASE,
)


@functools.cache
def fold_char(char):
    base = unicodedata.normalize("NFKD", char.casefold())
    base = "".join(c for c in base if not unicodedata.combining(c))
    # Recompose what has no mark to drop (Hangul syllables stay syllables).
    return unicodedata.normalize("NFC", "".join(EXTRA_FOLDS.get(c, c) for c in base))


def fold(text):
    """Return text lower-cased and without diacritics ("Hoàng" → "hoang")."""
    return "".join(fold_char(char) for char in text or "")


@functools.cache
def is_word_char(char):
    """Letters, marks and digits make words; everything else separates them."""
    return unicodedata.category(char)[0] in "LMN"


def word_spans(text):
    """Yield (start, end) of each word of text."""
    start = None
    for index, char in enumerate(text):
        if is_word_char(char):
            if start is None:
                start = index
        elif start is not None:
            yield start, index
            start = None
    if start is not None:
        yield start, len(text)


ASCII_WORD = re.compile(r"[a-z0-9]+")


def words(text):
    """Return the folded words of text."""
    if text.isascii():
        return ASCII_WORD.findall(text.lower())  # The same words, much faster.
    folded = fold(text)
    return [folded[start:end] for start, end in word_spans(folded)]


def plain_text(markup):
    """Return the text of a summary: paragraph breaks as spaces, entities read once."""
    text = strip_tags(BLOCK_TAG.sub(" ", markup or ""))
    return " ".join(html.unescape(text).split())


def terms(query):
    """Split a reader's query into folded terms (at most MAX_TERMS, no repeats)."""
    return list(dict.fromkeys(words(query)))[:MAX_TERMS]


def split_terms(query):
    """Return (words matched whole, fragments matched anywhere) of query."""
    found = terms(query)
    fragments = [t for t in found if UNSPACED.search(t)]
    return [t for t in found if t not in fragments], fragments


def document(commentary, authorships, tags):
    """Return the folded title, searchable text and its unspaced words."""
    parts = [commentary.title, commentary.lede_override, plain_text(commentary.summary)]
    if commentary.outlet_id:
        parts += [commentary.outlet.name, commentary.outlet.label]
    for authorship in authorships:
        parts.append(authorship.display_name)
        if authorship.member_id:
            parts.append(authorship.member.native_name)
    parts += [tag.name for tag in tags]
    text = words(" ".join(p for p in parts if p))
    unspaced = [word for word in text if UNSPACED.search(word)]
    return " ".join(words(commentary.title)), " ".join(text), " ".join(unspaced)


def refresh(commentary_ids):
    """Recompute the search text of the given commentaries (a fixed number of queries).

    The database's indexes follow the two columns by themselves.
    """
    from .models import Commentary

    commentaries = Commentary.objects.filter(pk__in=list(commentary_ids)).with_related()
    for commentary in commentaries:
        title, text, unspaced = document(
            commentary, commentary.ordered_authorships(), commentary.tags.all()
        )
        stored = (
            commentary.search_title,
            commentary.search_text,
            commentary.search_unspaced,
        )
        if (title, text, unspaced) != stored:
            Commentary.objects.filter(pk=commentary.pk).update(
                search_title=title, search_text=text, search_unspaced=unspaced
            )


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


# --- Finding pieces -------------------------------------------------------------


def _sqlite_match(queryset, whole, fragments):
    where, params, select, tables = [], [], {}, []
    if whole:
        tables = ["articles_commentary_words"]
        where += [
            "articles_commentary_words.rowid = articles_commentary.id",
            "articles_commentary_words MATCH %s",
        ]
        # Terms are letters and digits only: quoting makes each a plain word.
        params.append(" AND ".join(f'"{word}"' for word in whole))
        # Newest first in the index's own order: SQLite then reads matches
        # until it has enough instead of collecting and sorting all of them.
        select["newest"] = "articles_commentary_words.rowid"
    else:
        select["newest"] = "articles_commentary.id"
    for fragment in fragments:
        if len(fragment) >= 3:
            where.append(
                "articles_commentary.id IN (SELECT rowid FROM articles_commentary_grams"
                " WHERE search_unspaced LIKE %s)"
            )
        else:
            # SQLite's trigram index finds nothing shorter than a trigram
            # ("韓国"): read the pieces that have such text (a partial index).
            where.append(
                "articles_commentary.search_unspaced != ''"
                " AND articles_commentary.search_unspaced LIKE %s"
            )
        params.append(f"%{fragment}%")
    return queryset.extra(select=select, tables=tables, where=where, params=params)


def _postgres_match(queryset, whole, fragments):
    where, params = [], []
    if whole:
        where.append("articles_commentary.search_vector @@ to_tsquery('simple', %s)")
        params.append(" & ".join(whole))
    for fragment in fragments:
        where.append("articles_commentary.search_unspaced LIKE %s")
        params.append(f"%{fragment}%")
    return queryset.extra(
        select={"newest": "articles_commentary.id"}, where=where, params=params
    )


def rank(title, whole, fragments):
    """How many of the query's terms the (folded) title has."""
    words = set(title.split())
    return sum(word in words for word in whole) + sum(
        fragment in title for fragment in fragments
    )


def newest(moment):
    return moment.timestamp() if moment else 0


def ranked_ids(queryset, query):
    """Return the ids of the pieces of queryset matching every term, best first.

    One query. At most CANDIDATES ids, the newest that match, ranked in
    Python the same way on both databases: the more of the query's terms a
    title has, the higher; then the newest. (bm25 over the candidates cost
    more than the rest of the query at 100,000 pieces, and ranked the two
    databases differently.)
    """
    whole, fragments = split_terms(query)
    if not whole and not fragments:
        return []
    match = _postgres_match if connection.vendor == "postgresql" else _sqlite_match
    rows = list(
        match(queryset, whole, fragments)
        .order_by("-newest")
        .values_list("id", "search_title", "published_at")[:CANDIDATES]
    )
    rows.sort(
        key=lambda row: (-rank(row[1], whole, fragments), -newest(row[2]), -row[0])
    )
    return [row[0] for row in rows]


def _word_in(field, word, separator=" "):
    """Q: word is one of the separator-joined words of field."""
    return (
        Q((field, word))
        | Q((f"{field}__startswith", word + separator))
        | Q((f"{field}__endswith", separator + word))
        | Q((f"{field}__contains", separator + word + separator))
    )


def find_members(query, limit=5):
    """Return the members whose name has every word of query (any spelling)."""
    from members.models import Member, MemberAlias
    from members.names import name_key

    by_name, by_alias = Q(), Q()
    for term in terms(query):
        if UNSPACED.search(term):
            # Names in such scripts are in native_name ("문정인").
            by_name &= Q(native_name__contains=term)
            by_alias &= Q(name_key__contains=term)
        else:
            keyed = name_key(term) or term
            by_name &= _word_in("name_key", keyed)
            by_alias &= _word_in("name_key", keyed)
    if not by_name:
        return []
    # Found by reading the name-key index alone; then at most `limit` rows.
    found = Member.objects.filter(by_name).order_by().values("pk")[:limit]
    aliases = MemberAlias.objects.filter(by_alias).values("member_id")[:limit]
    return list(
        Member.objects.filter(Q(pk__in=found) | Q(pk__in=aliases)).select_related(
            "photo", "category"
        )
    )


def find_topics(query, published, limit=8):
    """Return the tags of published pieces whose name has every word of query."""
    from taggit.models import Tag

    from core.slugs import slug_for

    condition = Q()
    for term in terms(query):
        slug = slug_for(term, fallback="")
        if not slug:
            continue
        if UNSPACED.search(term):
            condition &= Q(slug__contains=slug)
        else:
            condition &= _word_in("slug", slug, separator="-")
    if not condition:
        return []
    # The few tags named so, then those with a published piece (read by
    # the tag index, not for every tag of the site).
    named = Tag.objects.filter(condition).values("pk")[:100]
    used = published.filter(tags=OuterRef("pk"))
    return list(
        Tag.objects.filter(pk__in=named).filter(Exists(used)).order_by("name")[:limit]
    )


# --- Snippets ---------------------------------------------------------------------


def highlight(text, query, width=30):
    """Return an escaped snippet of text around the first match, terms in <mark>.

    Text may be a summary's HTML: paragraph breaks become spaces, entities are
    read, and the result is escaped exactly once. Matching is on folded text,
    so the snippet keeps the original diacritics while "Hoang" marks "Hoàng";
    a spaced word is marked whole only ("that" never gets "t<mark>ha</mark>t").
    """
    whole, fragments = split_terms(query)
    text = plain_text(text)
    if not (whole or fragments) or not text:
        return escape(" ".join(text.split()[:width]))
    wanted = set(whole)
    if text.isascii():
        # Most summaries: folding is lower-casing, one character for one.
        folded = text.lower()
        found = [
            (m.start(), m.end())
            for m in ASCII_WORD.finditer(folded)
            if m.group() in wanted
        ]
        spans = sorted(found)
    else:
        # Fold character by character, remembering where each folded
        # character came from, so matches map back onto the original text.
        folded, origin = [], []
        for index, char in enumerate(text):
            for c in fold_char(char):
                folded.append(c)
                origin.append(index)
        folded = "".join(folded)
        found = [
            (start, end)
            for start, end in word_spans(folded)
            if folded[start:end] in wanted
        ]
        for fragment in fragments:
            found += [
                (m.start(), m.end()) for m in re.finditer(re.escape(fragment), folded)
            ]
        spans = [(origin[s], origin[e - 1] + 1) for s, e in sorted(found)]
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
