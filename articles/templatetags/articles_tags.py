"""Template tags for the public pages: site name, navigation, list headings."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Commentary

register = template.Library()


@register.simple_tag
def site_name():
    """Return the site's name, e.g. "Asia-Pacific Leadership Network"."""
    return settings.SITE_NAME


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """Return a navigation link, marked as current on its page or section.

    aria-current="page" on the page itself, "true" anywhere below it (a
    commentary is in the Commentaries section). Home is current only on "/".
    """
    url = reverse(url_name)
    request = context.get("request")
    path = getattr(request, "path", "")
    if path == url:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    if url != "/" and path.startswith(url):
        return format_html('<a href="{}" aria-current="true">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag
def filter_heading(filters, page_obj=None, outlets=()):
    """Return the heading of the commentaries list, saying what is filtered.

    Names are read from objects already loaded (the outlets of the outlet
    select, the tags and authors prefetched on the page's first piece), so the
    heading costs no query; a filter nothing matches is shown by its slug.
    """
    if not filters.is_bound or not filters.is_valid():
        return "Commentaries"
    data = filters.cleaned_data
    first = page_obj.object_list[0] if page_obj and page_obj.object_list else None
    parts = ["Commentaries"]
    if data["tag"]:
        tags = first.tags.all() if first else ()
        name = next((t.name for t in tags if t.slug == data["tag"]), data["tag"])
        parts.append(f"tagged “{name}”")
    if data["outlet"]:
        label = next(
            (o.display_label for o in outlets if o.slug == data["outlet"]),
            data["outlet"],
        )
        parts.append(f"from {label}")
    if data["member"]:
        authors = first.ordered_authorships() if first else ()
        name = next(
            (
                a.member.name
                for a in authors
                if a.member and a.member.slug == data["member"]
            ),
            data["member"],
        )
        parts.append(f"by {name}")
    if data["kind"]:
        parts.append(f"of the kind “{Commentary.Kind(data['kind']).label}”")
    if data["year"]:
        parts.append(f"published in {data['year']}")
    return " ".join(parts)
