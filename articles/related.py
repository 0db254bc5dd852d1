"""What a page offers next: related pieces and more by each member (the
summary page), and pieces by topic (the home page).

Both read the tags and authors the page has loaded already (prefetched by
load_related()) and cost one query each, whatever the number of tags,
authors or pieces.
"""

from collections import Counter

from django.db.models import Count, F, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from core import pagecache

from .models import Authorship, Commentary, TaggedCommentary, published_q


def further_reading(commentary):
    """What the summary page offers after the piece, remembered.

    Related pieces, more by each member and the piece's translations: three
    queries that cost more than the rest of the page together, and whose
    answer changes only when content does. So they are kept under the page
    cache's generation (core.pagecache.remembered) even when whole pages are
    not cached, and computed again after any change or scheduled publication.
    """

    def compute():
        related = related_commentaries(commentary)
        return {
            "related": related,
            "more_by": more_by_members(commentary, exclude=related),
            "other_languages": commentary.other_languages(),
        }

    return pagecache.remembered(f"further-reading|{commentary.pk}", compute)


# What a short list shows of a piece (_mini_item.html): a GROUP BY or a
# window over these columns only, not over every summary's text.
MINI_FIELDS = (
    "title",
    "slug",
    "language",
    "published_at",
    "outlet__name",
    "outlet__label",
)
MINI_RELATED = [f"commentary__{name}" for name in MINI_FIELDS]

# Shared tags and shared members count alike: the summary page lists more
# by each member separately, so related pieces lean on the subject.
AUTHOR_WEIGHT = 1


def related_commentaries(commentary, limit=4):
    """Published pieces sharing tags or members with commentary, best first.

    Ranked by shared tags plus shared members, then newest first; never the
    piece itself. The candidates are found from the tag and author indexes
    (pieces with one of these tags or members), and each is scored by two
    small counts, so the archive is never scanned whole.
    """
    tag_ids = [tag.pk for tag in commentary.tag_list()]
    member_ids = [a.member_id for a in commentary.ordered_authorships() if a.member_id]
    if not tag_ids and not member_ids:
        return []
    tagged = TaggedCommentary.objects.filter(tag_id__in=tag_ids)
    authored = Authorship.objects.filter(member_id__in=member_ids)
    shared_tags = count_of(tagged.filter(content_object=OuterRef("pk")))
    shared_members = count_of(authored.filter(commentary=OuterRef("pk")))
    candidates = Q(pk__in=tagged.values("content_object_id")) | Q(
        pk__in=authored.values("commentary_id")
    )
    return list(
        Commentary.objects.published()
        .filter(candidates)
        .exclude(pk=commentary.pk)
        .annotate(score=shared_tags + AUTHOR_WEIGHT * shared_members)
        .select_related("outlet")
        .only(*MINI_FIELDS)
        .order_by("-score", "-published_at", "-id")[:limit]
    )


def count_of(rows):
    """The number of rows, as a subquery (0 when there are none)."""
    counted = rows.order_by().values(one=Value(1)).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted), 0)


def more_by_members(commentary, per_member=3, exclude=()):
    """[(member, [pieces])] for each member author, their latest other pieces.

    One query for every member at once: a window numbers each member's
    published pieces, newest first, and keeps the first `per_member`.
    Pieces in `exclude` (already offered as related) are left out.
    """
    # Members still to review have no public page to send readers to.
    members = [
        a.member
        for a in commentary.ordered_authorships()
        if a.member_id and a.member.is_public
    ]
    if not members:
        return []
    skip = {commentary.pk, *(piece.pk for piece in exclude)}
    rows = (
        Authorship.objects.filter(
            published_q("commentary__"), member__in=[m.pk for m in members]
        )
        .exclude(commentary_id__in=skip)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("member_id")],
                order_by=[
                    F("commentary__published_at").desc(),
                    F("commentary_id").desc(),
                ],
            )
        )
        .filter(rank__lte=per_member)
        .select_related("commentary", "commentary__outlet")
        .only("member_id", "commentary_id", *MINI_RELATED)
        .order_by("member_id", "rank")
    )
    by_member = {}
    for row in rows:
        by_member.setdefault(row.member_id, []).append(row.commentary)
    return [(m, by_member[m.pk]) for m in members if by_member.get(m.pk)]


# The home page's topics are drawn from the newest pieces only, so that the
# window below numbers at most this many rows per topic, whatever the archive.
TOPIC_WINDOW = 200


def pieces_by_topic(pieces, topics=3, per_topic=4, exclude=()):
    """[(tag, [pieces])] for the tags most of `pieces` share, newest first.

    The tags come from what `pieces` have loaded (no query); their pieces
    from one query among the newest TOPIC_WINDOW published ones, leaving out
    those in `exclude` (already on the page).
    """
    counts = Counter(tag for piece in pieces for tag in piece.tag_list())
    chosen = [
        tag for tag, _ in sorted(counts.items(), key=lambda i: (-i[1], i[0].name))
    ][:topics]
    if not chosen:
        return []
    newest = (
        Commentary.objects.published()
        .order_by("-published_at", "-id")
        .values("pk")[:TOPIC_WINDOW]
    )
    rows = (
        TaggedCommentary.objects.filter(
            tag__in=[tag.pk for tag in chosen], content_object__in=newest
        )
        .exclude(content_object__in=[piece.pk for piece in exclude])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("tag_id")],
                order_by=[
                    F("content_object__published_at").desc(),
                    F("content_object_id").desc(),
                ],
            )
        )
        .filter(rank__lte=per_topic)
        .select_related("content_object", "content_object__outlet")
        .only(
            "tag_id",
            "content_object_id",
            *(f"content_object__{name}" for name in MINI_FIELDS),
        )
        .order_by("tag_id", "rank")
    )
    by_tag = {}
    for row in rows:
        by_tag.setdefault(row.tag_id, []).append(row.content_object)
    return [(tag, by_tag[tag.pk]) for tag in chosen if by_tag.get(tag.pk)]
