"""What a summary page offers next: related pieces and more by each member.

Both read the tags and authors the page has loaded already (prefetched by
load_related()) and cost one query each, whatever the number of tags,
authors or pieces.
"""

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from .models import Authorship, Commentary, published_q

# A shared member counts for more than a shared tag: readers who liked a
# piece most often want the same voice on the same subject.
AUTHOR_WEIGHT = 3


def related_commentaries(commentary, limit=4):
    """Published pieces sharing tags or members with commentary, best first.

    Ranked by shared tags plus twice the shared members, then newest first;
    never the piece itself.
    """
    tag_ids = [tag.pk for tag in commentary.tags.all()]
    member_ids = [a.member_id for a in commentary.ordered_authorships() if a.member_id]
    if not tag_ids and not member_ids:
        return []
    shares_tag = Q(tagged_items__tag_id__in=tag_ids)
    shares_member = Q(authorships__member_id__in=member_ids)
    return list(
        Commentary.objects.published()
        .exclude(pk=commentary.pk)
        .filter(shares_tag | shares_member)
        .annotate(
            score=Count("tagged_items", filter=shares_tag, distinct=True)
            + AUTHOR_WEIGHT * Count("authorships", filter=shares_member, distinct=True)
        )
        .select_related("outlet")
        .order_by("-score", "-published_at", "-id")[:limit]
    )


def more_by_members(commentary, per_member=3, exclude=()):
    """[(member, [pieces])] for each member author, their latest other pieces.

    One query for every member at once: a window numbers each member's
    published pieces, newest first, and keeps the first `per_member`.
    Pieces in `exclude` (already offered as related) are left out.
    """
    members = [a.member for a in commentary.ordered_authorships() if a.member_id]
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
        .order_by("member_id", "rank")
    )
    by_member = {}
    for row in rows:
        by_member.setdefault(row.member_id, []).append(row.commentary)
    return [(m, by_member[m.pk]) for m in members if by_member.get(m.pk)]
