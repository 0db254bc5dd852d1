"""Publishing, in one place: what the admin's buttons and actions and the
importers do to change a piece's status.

The rules for what may be published are workflow's; this module applies
them and writes the result, so every way of publishing behaves the same.
"""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from . import changes
from .models import Commentary
from .workflow import publish_problems


def publish(queryset, by=None, now=None):
    """Publish the pieces of queryset that pass the checks.

    Returns (published, refused), refused being [(piece, [reasons])]. Pieces
    already public are left alone. No time or a future one (scheduled): out
    now. A past time (a piece published before, a backlog import) is kept.
    An unpublish time already passed is cleared: "now" means now.
    """
    now = now or timezone.now()
    candidates = (
        queryset.exclude(pk__in=queryset.published().values("pk"))
        .select_related("image")
        .annotate(author_count=Count("authorships"))
    )
    published, refused = [], []
    for piece in candidates:
        problems = publish_problems(piece, authors=piece.author_count)
        if problems:
            refused.append((piece, problems))
            continue
        if piece.published_at is None or piece.published_at > now:
            piece.published_at = now
        if piece.unpublish_at is not None and piece.unpublish_at <= now:
            piece.unpublish_at = None
        piece.status = Commentary.Status.PUBLISHED
        published.append(piece)
    _write(published, by, now, ["status", "published_at", "unpublish_at"])
    return published, refused


def set_status(pieces, status, by=None, now=None):
    """Give pieces a status (review, draft, withdrawn), as one write."""
    pieces = list(pieces)
    for piece in pieces:
        piece.status = status
    _write(pieces, by, now or timezone.now(), ["status"])
    return pieces


def _write(pieces, by, now, fields):
    for piece in pieces:
        piece.updated_by = by
        piece.updated_at = now
    with transaction.atomic():
        Commentary.objects.bulk_update(pieces, [*fields, "updated_by", "updated_at"])
        changes.pieces_changed([piece.pk for piece in pieces], text=False)
