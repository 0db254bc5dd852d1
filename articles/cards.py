"""Parts of public pages that many pages repeat, rendered once a generation.

A piece's card appears on the home page, the list, and the pages of its
tags, its outlet and each of its authors; what a summary page offers after
the piece ("further reading") is the same for every reader. Both are kept
as HTML in each process by core.pagecache.fragments(), so a page costs the
query for its rows, not the rendering of every card on it, and a page of
twenty cards costs little more than a page of two (`make bench-serve`'s
member-page target).
"""

from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core import pagecache

from .models import Commentary

CARD_TEMPLATE = "articles/includes/_commentary_card.html"
FURTHER_READING_TEMPLATE = "articles/includes/_further_reading.html"


def load_for_cards(commentaries):
    """Return commentaries with what a card shows, in the same order.

    Pieces from with_related() are ready. The others (card_rows(), or any
    plain row) are fetched again whole with their outlet, image, authors and
    tags: three queries for them all. A piece gone in between is left out.
    """
    wanted = [c.pk for c in commentaries if not hasattr(c, "loaded_authorships")]
    if not wanted:
        return list(commentaries)
    fetched = Commentary.objects.filter(pk__in=wanted).with_related().in_bulk()
    return [
        c if hasattr(c, "loaded_authorships") else fetched[c.pk]
        for c in commentaries
        if hasattr(c, "loaded_authorships") or c.pk in fetched
    ]


def render_cards(request, commentaries, heading_level=2, variant=""):
    """The cards of commentaries, in order, as one piece of HTML.

    Pieces may come from any queryset: those whose card is not kept are
    loaded by load_for_cards(). A single piece is one card.
    """
    if isinstance(commentaries, Commentary):
        commentaries = [commentaries]

    def card_name(commentary):
        return f"card|{commentary.pk}|{heading_level}|{variant}"

    by_name = {card_name(commentary): commentary for commentary in commentaries}

    def render_missing(names):
        template = get_template(CARD_TEMPLATE).template
        context = Context({"heading_level": heading_level, "variant": variant})
        rendered = dict.fromkeys(names, "")
        for commentary in load_for_cards([by_name[name] for name in names]):
            with context.push(commentary=commentary):
                rendered[card_name(commentary)] = template.render(context)
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
