"""Parts of public pages that many pages repeat, rendered once a generation.

A piece's card appears on the home page, the list, and the pages of its
tags, its outlet and each of its authors; what a summary page offers after
the piece ("further reading") is the same for every reader. Both are kept
as HTML in each process by core.pagecache.fragments(), so a page costs the
query for its rows, not the rendering of every card on it, and a page of
twenty cards costs little more than a page of two (`make bench-serve`'s
member-page target).
"""

from django.db.models import prefetch_related_objects
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core import pagecache

from .models import Commentary, related_lookups

CARD_TEMPLATE = "articles/includes/_commentary_card.html"
FURTHER_READING_TEMPLATE = "articles/includes/_further_reading.html"


def load_for_cards(commentaries):
    """Load what a card shows for pieces fetched without with_related()."""
    bare = [c for c in commentaries if not hasattr(c, "loaded_authorships")]
    if bare:
        prefetch_related_objects(bare, "outlet", "image", *related_lookups())


def render_cards(request, commentaries, heading_level=2, variant=""):
    """The cards of commentaries, in order, as one piece of HTML.

    Pieces may come from any queryset: those whose card is not kept get
    their authors, tags, outlet and image in four queries for them all.
    A single piece is one card.
    """
    if isinstance(commentaries, Commentary):
        commentaries = [commentaries]
    by_name = {
        f"card|{commentary.pk}|{heading_level}|{variant}": commentary
        for commentary in commentaries
    }

    def render_missing(names):
        pieces = [by_name[name] for name in names]
        load_for_cards(pieces)
        template = get_template(CARD_TEMPLATE).template
        context = Context({"heading_level": heading_level, "variant": variant})
        rendered = {}
        for name, commentary in zip(names, pieces, strict=True):
            with context.push(commentary=commentary):
                rendered[name] = template.render(context)
        return rendered

    found = pagecache.fragments(request, list(by_name), render_missing)
    return mark_safe("".join(found[name] for name in by_name))


def render_further_reading(request, commentary, related, more_by):
    """The summary page's related pieces and more by each member, as HTML."""
    name = f"further-reading|{commentary.pk}"

    def render_missing(names):
        template = get_template(FURTHER_READING_TEMPLATE)
        return {name: template.render({"related": related, "more_by": more_by})}

    return mark_safe(pagecache.fragments(request, [name], render_missing)[name])
