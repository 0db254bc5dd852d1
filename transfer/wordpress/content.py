"""A WordPress post's text as a summary: paragraphs, shortcodes, link, credit.

WordPress stores classic posts without <p>: blank lines separate paragraphs
and `wpautop` adds the tags when a page is shown. `autop` here is a port of
it; block-editor posts (<!-- wp:... --> comments) already carry their tags
and are left as they are, as WordPress does.

Shortcodes are expanded by plugins that Fulcrum does not have. [caption]
keeps its text for the image it captions; media shortcodes ([gallery],
[embed], [video]...) are dropped with what they enclose; any other shortcode
loses its brackets but keeps the text it wraps. Each removal is reported.

Summaries hold no images, so <img> and image figures are left out (counted).
The post's last paragraphs may be the summary page's link line ("The full
article can be accessed here.", the link on "here") and its credit line
("Image: credit, URL" or "Photo: ..."): these become the full-article URL and
the image credit, as for the old site's summary pages (importing.summaries).
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from ..importing.commentaries import sanitize
from ..importing.credits import CREDIT_LINE, credit_text, parse_credit
from ..importing.link_lines import LINK_LINE, link_line_choice, link_url
from ..importing.page_html import Block, PageParser
from ..importing.sources import InputError

# --- Shortcodes ---------------------------------------------------------------

# WordPress's get_shortcode_regex(), for any name: 1 "[" of [[escaped]],
# 2 name, 3 attributes, 4 "/" of a self-closing tag, 5 enclosed content,
# 6 "]" of [[escaped]].
SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)"
)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""", re.IGNORECASE
)
CAPTIONS = {"caption", "wp_caption"}
# Media that a summary cannot show: dropped with what they enclose.
MEDIA = {
    "gallery", "embed", "video", "audio", "playlist", "wpvideo", "youtube",
    "vimeo", "soundcloud", "instagram", "tweet", "googlemaps", "video_player",
}  # fmt: skip
TAGS = re.compile(r"<[^>]*>")
WORDPRESS_IMAGE = re.compile(r"\bwp-image-(\d+)\b")
IMAGE_TAG = re.compile(r"<img\b", re.IGNORECASE)


@dataclass
class Caption:
    """The text of a [caption] or <figcaption>, and the attachment it is for."""

    attachment_id: int | None
    text: str
    has_image: bool = False


def plain_text(markup):
    """Return the text of some HTML: tags dropped, entities decoded, one line."""
    return " ".join(html.unescape(TAGS.sub(" ", markup or "")).split())


def attributes(text):
    found = {}
    for match in ATTRIBUTE.finditer(text or ""):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        found[match[1].lower()] = value
    return found


def attachment_number(value):
    match = re.search(r"(\d+)$", value or "")
    return int(match[1]) if match else None


def strip_shortcodes(text, captions, removed):
    """Return text without shortcodes; note captions and what was removed."""

    def replace(match):
        if match[1] == "[" and match[6] == "]":
            return match[0][1:-1]  # [[gallery]] is how WordPress writes "[gallery]"
        name = match[2].lower()
        attrs, closing, inner = match[3], match[4], match[5]
        if name in CAPTIONS:
            given = attributes(attrs)
            words = plain_text(given.get("caption", "") + " " + (inner or ""))
            number = attachment_number(given.get("id"))
            shows = bool(IMAGE_TAG.search(inner or ""))
            captions.append(Caption(number, words, shows))
            return ""
        if name in MEDIA:
            removed[name] += 1
            return ""
        if inner is None and not closing and "=" not in attrs:
            # "[sic]" or "[citation needed]": brackets in the text, not a shortcode.
            return match[0]
        removed[name] += 1
        return strip_shortcodes(inner or "", captions, removed)

    return SHORTCODE.sub(replace, text)


# --- wpautop ------------------------------------------------------------------

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|"
    r"li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|"
    r"section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|"
    r"menu|summary)"
)
PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
NEWLINE_HOLD = " <!-- wpnl --> "


def autop(text, br=True):
    """Return text with paragraphs and line breaks as WordPress's wpautop makes."""
    if not text.strip():
        return ""
    text += "\n"
    kept = []

    def hold_pre(match):
        kept.append(match[0])
        return f"<pre wp-pre-tag-{len(kept) - 1}></pre>"

    text = PRE.sub(hold_pre, text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{ALL_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{ALL_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<[^<>]*>", lambda m: m[0].replace("\n", NEWLINE_HOLD), text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>",
            lambda m: m[0].replace("\n", "<WPPreserveNewline />"),
            text,
            flags=re.DOTALL,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(rf"(</?{ALL_BLOCKS}[^/]*>)\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for index, original in enumerate(kept):
        text = text.replace(f"<pre wp-pre-tag-{index}></pre>", original)
    return text.replace(NEWLINE_HOLD, "\n").replace(NEWLINE_HOLD.strip(), "\n")


# --- HTML to summary blocks ------------------------------------------------------

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
# An innermost figure (galleries nest them): removed from the inside out.
FIGURE = re.compile(
    r"<figure\b[^>]*>((?:(?!<figure\b).)*?)</figure>", re.IGNORECASE | re.DOTALL
)
FIGCAPTION = re.compile(
    r"<figcaption\b[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL
)
MEDIA_TAG = re.compile(r"<(?:img|video|audio|iframe|embed|object)\b", re.IGNORECASE)
# Containers the summary does not keep: their text becomes paragraphs.
CONTAINERS = re.compile(
    r"<(/?)(?:div|section|article|header|footer|aside|main|td|th|dt|dd|figcaption|"
    r"figure|address|center|pre|caption|summary|details|table|form|fieldset)\b[^>]*>",
    re.IGNORECASE,
)
TOP_BLOCK = re.compile(r"<(/?)(p|ul|ol|blockquote|h2|h3)\b[^>]*>")
EMPTY_LINK = re.compile(r"<a\b[^>]*>(\s|<br>)*</a>")
EMPTY_ITEM = re.compile(r"<li>(\s|<br>)*</li>")
EMPTY_LIST = re.compile(r"<(ul|ol)>\s*</\1>")
EMPTY_BLOCK = re.compile(r"^<(p|h2|h3)>(\s|<br>|&nbsp;|\xa0)*</\1>$")


def has_blocks(text):
    return "<!-- wp:" in text


def drop_figures(text, captions):
    """Remove figures that show media, keeping their captions; count images."""
    images = 0

    def replace(match):
        nonlocal images
        inner = match[1]
        if not MEDIA_TAG.search(inner) or re.search(
            r"<(blockquote|table)\b", inner, re.IGNORECASE
        ):
            return f"<div>{inner}</div>"  # a pull quote or a table: its text stays
        images += len(IMAGE_TAG.findall(inner))
        caption = FIGCAPTION.search(inner)
        if caption:
            number = WORDPRESS_IMAGE.search(inner)
            captions.append(
                Caption(int(number[1]) if number else None, plain_text(caption[1]))
            )  # its image is counted above
        return "\n"

    while True:
        changed = FIGURE.sub(replace, text)
        if changed == text:
            return text, images
        text = changed


def to_allowed_html(text):
    """Map headings and containers to what a summary keeps, then sanitise."""
    text = re.sub(r"<(/?)h1\b[^>]*>", r"<\1h2>", text, flags=re.IGNORECASE)
    text = re.sub(r"<(/?)h[4-6]\b[^>]*>", r"<\1h3>", text, flags=re.IGNORECASE)
    text = re.sub(r"<(/?)b\b[^>]*>", r"<\1strong>", text, flags=re.IGNORECASE)
    text = re.sub(r"<(/?)i\b[^>]*>", r"<\1em>", text, flags=re.IGNORECASE)
    text = CONTAINERS.sub(lambda m: "</p>" if m[1] else "<p>", text)
    return stable_sanitize(text)


def stable_sanitize(text):
    """Sanitise until nothing changes, dropping empty links and list items.

    Stray tags can need two passes; the result must be what the model's own
    sanitising keeps, or every re-import would count as a change.
    """
    for _ in range(5):
        cleaned = EMPTY_LINK.sub("", sanitize(text))
        cleaned = EMPTY_ITEM.sub("", cleaned)
        cleaned = EMPTY_LIST.sub("", cleaned)
        if cleaned == text:
            break
        text = cleaned
    return text


def top_blocks(markup):
    """Split sanitised HTML into its top-level blocks; wrap loose text in <p>."""
    blocks, depth, start, loose = [], 0, 0, []

    def flush_loose():
        piece = "".join(loose).strip()
        loose.clear()
        if piece:
            blocks.append(f"<p>{piece}</p>")

    position = 0
    for match in TOP_BLOCK.finditer(markup):
        closing = bool(match[1])
        if depth == 0 and not closing:
            loose.append(markup[position : match.start()])
            flush_loose()
            start = match.start()
        depth += -1 if closing else 1
        if depth <= 0:
            depth = 0
            if closing:
                blocks.append(markup[start : match.end()])
        position = match.end()
    loose.append(markup[position:])
    flush_loose()
    return [b for b in blocks if not EMPTY_BLOCK.match(b)]


def block_text(markup):
    """Return the Block (text and links) of one top-level block's HTML."""
    parser = PageParser()
    parser.feed(markup)
    parser.close()
    parser.flush()
    text = " ".join(b.text for b in parser.blocks)
    links = [link for b in parser.blocks for link in b.links]
    return Block(text, 0, html=markup, links=links)


@dataclass
class Summary:
    """What a post's text gives: the summary and what was taken out of it."""

    html: str = ""
    full_article_url: str = ""
    link_line: str = ""
    credit: dict | None = None
    captions: list = field(default_factory=list)
    images_left_out: int = 0
    shortcodes: Counter = field(default_factory=Counter)
    notes: list = field(default_factory=list)


def summarise(content, location):
    """Return the Summary of a post's content (raw WordPress post_content)."""
    result = Summary()
    text = strip_shortcodes(content or "", result.captions, result.shortcodes)
    if has_blocks(text):
        text = BLOCK_COMMENT.sub("\n", text)
    else:
        text = autop(text)
    text, figures = drop_figures(text, result.captions)
    captioned = sum(1 for c in result.captions if c.has_image)
    result.images_left_out = captioned + figures + len(IMAGE_TAG.findall(text))
    blocks = top_blocks(to_allowed_html(text))
    take_trailing_lines(result, blocks, location)
    result.html = stable_sanitize("".join(blocks))
    return result


def take_trailing_lines(result, blocks, location):
    """Take the link line and credit line off the end of the blocks.

    Only the last paragraphs count, so a "read more" in the middle of a
    post's own text stays where it is.
    """
    while blocks:
        block = block_text(blocks[-1])
        if not block.html.startswith("<p>") or len(block.text) > 500:
            return
        credit = CREDIT_LINE.match(block.text)
        link = LINK_LINE.match(block.text) if len(block.text) <= 160 else None
        if credit and result.credit is None:
            try:
                result.credit = parse_credit(credit_text(credit), block, location)
            except InputError as err:
                result.notes.append(f"image credit line: {err.message}")
                return
        elif link and not result.link_line:
            try:
                url = link_url(block, location, "full-article link")
            except InputError as err:
                result.notes.append(f"full-article link: {err.message}")
                return
            if not url:
                return
            result.link_line = link_line_choice(link)
            result.full_article_url = url
        else:
            return
        blocks.pop()
