"""Template tags for the public pages: site name, navigation, list headings,
and the metadata that search engines and social networks read."""

import json
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import languages
from articles.cards import render_cards, render_further_reading
from core import pagecache
from core.reversing import cached_reverse

register = template.Library()


@register.simple_tag
def site_name():
    """Return the site's name, e.g. "Asia-Pacific Leadership Network"."""
    return settings.SITE_NAME


@register.simple_tag
def cached_url(viewname, *args, **kwargs):
    """{% url %} for the public pages, remembered (see core.reversing)."""
    return cached_reverse(viewname, *args, **kwargs)


# The main navigation: (URL name, label).
NAV = (
    ("articles:home", "Home"),
    ("articles:commentary-list", "Commentaries"),
    ("articles:tag-list", "Topics"),
    ("members:member-list", "Members"),
)


def nav_current(url, path):
    """aria-current for a navigation link: "page" on the page itself, "true"
    anywhere below it (a commentary is in Commentaries), else "". Home is
    current only on "/"."""
    if path == url:
        return "page"
    if url != "/" and path.startswith(url):
        return "true"
    return ""


@register.inclusion_tag("includes/header.html", takes_context=True)
def site_header(context):
    """The site's header, with the navigation marked for this page's section."""
    path = getattr(context.get("request"), "path", "")
    nav = []
    for name, label in NAV:
        url = cached_reverse(name)
        nav.append((url, label, nav_current(url, path)))
    return {"nav": nav}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return this page's canonical address: no query string but the page number
    of a list (a detail page's ?page=2 is not part of its address)."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if "page" not in pagecache.parameters_read(request):
        return url
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.simple_tag(takes_context=True)
def og_image(context, image):
    """Return the og:image tags (absolute URL, size, alt text) for an Image."""
    request = context["request"]
    url = request.build_absolute_uri(image.share_url)
    largest = [r for r in image.renditions if r["format"] == image.fallback_format]
    width, height = (
        (largest[-1]["width"], largest[-1]["height"])
        if largest
        else (image.width, image.height)
    )
    alt = "" if image.is_decorative else image.alt_text
    return format_html(
        '<meta property="og:image" content="{}">\n'
        '  <meta property="og:image:width" content="{}">\n'
        '  <meta property="og:image:height" content="{}">\n'
        '  <meta property="og:image:alt" content="{}">\n'
        '  <meta name="twitter:image:alt" content="{}">',
        url,
        width or "",
        height or "",
        alt,
        alt,
    )


def json_ld(data):
    """Return a JSON-LD script element that its text cannot break out of.

    <, > and & are written as JSON escapes (\\u003C, \\u003E, \\u0026), as
    Django's json_script does: the data still read the same, and no "</script>"
    or "<!--" can appear inside the element.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308
    )


def publisher(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static("img/logo.svg")),
        },
    }


@register.simple_tag(takes_context=True)
def commentary_json_ld(context, commentary, lede=None):
    """Return schema.org Article data: ordered authors, publisher, dates, source.

    lede: the piece's lede when the page has it already.
    """
    request = context["request"]
    authors = []
    for authorship in commentary.ordered_authorships():
        person = {"@type": "Person", "name": authorship.display_name}
        if authorship.member_id and authorship.member.is_public:
            person["url"] = request.build_absolute_uri(
                authorship.member.get_absolute_url()
            )
        elif authorship.url:
            person["url"] = authorship.url
        if authorship.affiliation:
            person["affiliation"] = {
                "@type": "Organization",
                "name": authorship.affiliation,
            }
        authors.append(person)
    url = request.build_absolute_uri(commentary.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": commentary.title[:110],
        "description": commentary.lede if lede is None else lede,
        "url": url,
        "mainEntityOfPage": url,
        "author": authors,
        "publisher": publisher(request),
        "datePublished": commentary.published_at,
        "dateModified": commentary.updated_at,
        "keywords": [tag.name for tag in commentary.tag_list()],
    }
    if commentary.image and commentary.image.file:
        data["image"] = request.build_absolute_uri(commentary.image.share_url)
    if commentary.full_article_url:
        original = {"@type": "CreativeWork", "url": commentary.full_article_url}
        if commentary.outlet_id:
            original["publisher"] = {
                "@type": "Organization",
                "name": commentary.outlet.name,
            }
        if commentary.original_published_iso:
            original["datePublished"] = commentary.original_published_iso
        data["isBasedOn"] = original
    return json_ld(data)


@register.simple_tag(takes_context=True)
def member_json_ld(context, member):
    """Return schema.org Person data for a member's profile page."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": member.name,
        "url": request.build_absolute_uri(member.get_absolute_url()),
        "memberOf": publisher(request),
    }
    if member.native_name:
        data["alternateName"] = member.native_name
    if member.honorific:
        data["honorificPrefix"] = member.honorific
    if member.family_name:
        data["familyName"] = member.family_name
    if member.given_name:
        data["givenName"] = member.given_name
    if member.position:
        data["jobTitle"] = member.position
    if member.country:
        data["nationality"] = {"@type": "Country", "name": member.country.name}
    if member.photo and member.photo.file:
        data["image"] = request.build_absolute_uri(member.photo.share_url)
    links = [link.url for link in member.links.all()]
    if links:
        data["sameAs"] = links
    return json_ld(data)


@register.simple_tag(takes_context=True)
def share_links(context, commentary):
    """Return [(network, address)]: plain links that share this page.

    No script and no request to the networks until a reader follows one;
    each address is the network's documented share URL.
    """
    request = context["request"]
    url = request.build_absolute_uri(commentary.get_absolute_url())
    title = commentary.title
    return [
        ("Email", "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]  # fmt: skip


@register.simple_tag(takes_context=True)
def commentary_cards(context, commentaries, heading_level=2, variant=""):
    """The cards of commentaries (articles.cards.render_cards)."""
    return render_cards(context.get("request"), commentaries, heading_level, variant)


@register.simple_tag(takes_context=True)
def further_reading(context, commentary, related, more_by):
    """A summary page's related pieces and more by its members (articles.cards)."""
    return render_further_reading(context.get("request"), commentary, related, more_by)


@register.simple_tag
def lang_attr(commentary):
    """` lang="ja"` on a title or summary not in the page's language, else nothing.

    Screen readers then read a Japanese title with a Japanese voice, and
    browsers choose fonts for the script (dir="rtl" for Arabic and Urdu).
    """
    code = getattr(commentary, "language", "") or languages.DEFAULT
    page = languages.page_language()
    if code.split("-")[0].lower() == page.split("-")[0].lower():
        return ""
    if code in languages.RTL:
        return format_html(' lang="{}" dir="rtl"', code)
    return format_html(' lang="{}"', code)


@register.filter
def language_name(code):
    """The language's own name: "日本語" for "ja"."""
    return languages.name(code)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """The full address of a path on this site (for hreflang alternates)."""
    return context["request"].build_absolute_uri(path)
