"""The summary pages of the old site, as plain text (.txt) or saved HTML (.html).

A page reads, one paragraph after another (see ../shared/DOMAIN.md):

    Title
    OUTLET LABEL                    (may be missing; section labels are not one)
    Lede. Summary begins...         (the lede is the first sentence)
    More summary paragraphs
    The full article can be accessed here.      (or any other wording)
    Image: credit, https://source               (or "Photo:", a caption, none)

Both formats become a list of `Block`s (page_html); this module reads the
parts from those. The lede is read by `ledes`, the credit line by
`credits`, the link line by `link_lines`; `page_kinds` tells a statement,
a policy brief, a newsletter, an event notice or a press release from a
summary. What a page leaves unread is listed on the Page (`unread`), so the
report can name it and --strict can refuse it.
"""

import datetime
import re
from dataclasses import dataclass, field
from html import escape

from django.utils import timezone

from articles.models import Authorship, Commentary
from members.models import Member

from .commentaries import AuthorIn, Incoming, sanitize
from .credits import CREDIT_LINE, credit_text, parse_credit
from .ledes import MONTHS, SECTION_LABELS, parse_lede
from .link_lines import (
    URL_TOKEN,
    WEB_URL,
    WWW_TOKEN,
    checked_url,
    is_link_line,
    link_line_choice,
    link_url,
    written_url,
)
from .page_html import Block, html_page, without_related
from .page_kinds import BY_NAME, page_kind
from .records import max_length
from .sources import InputError, Location, display_path, read_page

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}


@dataclass
class Page:
    """What a summary page says, before anything is matched in the database."""

    location: Location
    title: str
    outlet: str = ""
    posted_on: datetime.date | None = None
    lede: str = ""
    authors: list = field(default_factory=list)
    kind: str = ""
    lede_outlet: str = ""
    summary: list = field(default_factory=list)  # [(html, is_quote)]
    link_line: str = ""
    link_text: str = ""  # the page's own wording of the link line
    url: str = ""
    image: dict | None = None
    notes: list = field(default_factory=list)
    # What the parser could not read, each (location, why): --strict refuses.
    unread: list = field(default_factory=list)
    link_location: Location | None = None
    lede_location: Location | None = None
    image_location: Location | None = None
    original_on: datetime.date | None = None
    original_precision: str = ""
    address: str = ""  # the old page's own address (saved HTML)
    # A page that is not a summary: its PageKind and why it was told apart.
    not_summary: object = None
    not_summary_reason: str = ""
    # Words the lede gives where a person should be: never credited.
    not_people: list = field(default_factory=list)

    def summary_html(self):
        """Return the summary paragraphs; quoted ones in one blockquote per run."""
        parts, quoting = [], False
        for html, quote in self.summary:
            if quote != quoting:
                parts.append("<blockquote>" if quote else "</blockquote>")
                quoting = quote
            parts.append(f"<p>{html}</p>")
        if quoting:
            parts.append("</blockquote>")
        return "".join(parts)

    def cannot_read(self, where, why):
        """Note a part the page left unread (listed per file in the report)."""
        self.unread.append((where, why))

    def refusal(self):
        """Return why the page is not imported as a summary, or ""."""
        if self.not_summary is None:
            return ""
        kind = self.not_summary
        how = (
            f"import it as such with --kind {kind.name}"
            if kind.piece_kind
            else "Fulcrum keeps no such pages as pieces"
        )
        return (
            f"not a summary but {kind.label} ({self.not_summary_reason}): not "
            f"imported; {how}"
        )

    def incoming(self, publish=False):
        """Return the page as an Incoming piece for CommentaryWriter."""
        fields = {"title": self.title, "summary": sanitize(self.summary_html())}
        if self.url:
            fields["full_article_url"] = self.url
        if self.link_line:
            fields["link_line"] = self.link_line
            standard = Commentary.LinkLine(self.link_line).label
            own = "" if same_words(self.link_text, standard) else self.link_text
            fields["link_text"] = own[: max_length(Commentary, "link_text")]
        if self.summary and all(quote for _, quote in self.summary):
            fields["summary_is_excerpt"] = True
        if self.original_on:
            fields["original_published_on"] = self.original_on
            fields["original_published_precision"] = self.original_precision
        incoming = Incoming(self.location, fields, from_page=True, publish=publish)
        label = self.outlet or self.lede_outlet
        if label:
            capitals = label.isupper()
            incoming.outlet = {"name": label, "label": label if capitals else ""}
        if self.kind:
            fields["kind"] = self.kind
        if self.lede:
            incoming.lede = self.lede
        if self.lede or self.authors:
            incoming.authors = self.authors
        if self.image is not None:
            incoming.image = self.image
        if self.posted_on:
            incoming.posted_at = timezone.make_aware(
                datetime.datetime.combine(self.posted_on, datetime.time())
            )
        incoming.notes = list(self.notes)
        incoming.link_location = self.link_location
        incoming.image_location = self.image_location
        incoming.old_address = self.address
        return incoming


@dataclass
class Options:
    """How the operator asked pages to be read (import_summaries' flags)."""

    year: int | None = None  # the year of ledes dated "On 8 March"
    kinds: tuple = ()  # page kinds to import as their own kind (--kind)


def parse_file(path, options=None):
    """Return the Page in a .txt or .html file, or raise InputError."""
    options = options or Options()
    text = read_page(path)
    location = Location(display_path(path))
    kind = SUFFIXES.get(path.suffix.lower())
    saved = None
    if kind == "html":
        saved = html_page(text, parse_iso_date)
        title, blocks, posted = saved.title, saved.blocks, saved.posted
    else:
        title, blocks, posted = text_blocks(text)
    page = parse_blocks(location, title, blocks, options, posted)
    if saved is not None:
        read_saved_page(page, saved, location)
    return page


def read_saved_page(page, saved, location):
    """Take the old address and the image's address and alt text of a saved page."""
    if saved.address:
        try:
            page.address = checked_url(saved.address, location, "canonical address")
        except InputError:
            page.notes.append(
                f"the page's own address “{saved.address[:60]}” is unusable"
            )
    if page.image is not None and saved.image_alt and not page.image["alt_text"]:
        page.image["alt_text"] = saved.image_alt[: max_length_alt()]
    if saved.image_url:
        if page.image is None:
            page.cannot_read(
                location,
                f"the page shows an image ({saved.image_url[:60]}) but gives no "
                "credit line: add the image and its credit",
            )
        else:
            page.notes.append(
                (
                    page.image_location or location,
                    f"the image file is at {saved.image_url[:120]}: upload it",
                )
            )


def max_length_alt():
    from images.models import Image

    return max_length(Image, "alt_text")


# --- Text to blocks -----------------------------------------------------------


def text_blocks(text):
    """Each non-empty line of a text page is a paragraph; the first, the title.

    A page copied whole from the browser starts with the site's menu and
    breadcrumbs and ends with related links and the footer: those lines go.
    """
    blocks = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = " ".join(line.split())
        if line:
            blocks.append(Block(line, number))
    while blocks and (is_chrome(blocks[0], "") or SITE_MENU.fullmatch(blocks[0].text)):
        blocks = blocks[1:]
    blocks = without_related(blocks)
    if not blocks:
        return None, [], None
    return blocks[0], blocks[1:], None


def parse_iso_date(value):
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# --- Blocks to a page ---------------------------------------------------------

# Navigation words that saved pages repeat around the content.
CHROME_TEXT = SECTION_LABELS | {
    "home", "publications", "share", "share this", "print", "back",
    "back to list", "list", "previous", "next", "top", "menu", "search",
    "related", "related articles", "asia-pacific leadership network",
    "share on twitter", "share on facebook", "share on linkedin", "tweet",
    "email", "facebook", "twitter", "linkedin", "x", "copy link",
}  # fmt: skip
FOOTER = re.compile(r"^(©|copyright\b|all rights reserved)", re.IGNORECASE)
# Menu lines a copied page starts with ("Skip to content", "About Us").
SITE_MENU = re.compile(
    r"(skip to (main )?content|about( us)?|members|our members|publications|"
    r"projects|events|contact( us)?|donate|subscribe|login|log in|english|한국어|"
    r"menu|close|search( for)?:?)",
    re.IGNORECASE,
)
# "THE KOREA TIMES – APLN member ...": the outlet before the lede.
OUTLET_PREFIX = re.compile(
    r"^(?P<outlet>[^–—:.]{2,60}?)\s+[–—-]{1,2}\s+(?P<rest>\S.*)$"
)
APLN_WORD = re.compile(r"\bAPLN\b")
# Capitalised words (no comma, no sentence) right before "APLN member...".
LABEL_BEFORE_LEDE = re.compile(
    r"^(?P<label>(?:[A-Z0-9][\w’'&.-]*\s+){1,6}?)(?=(?:The\s+)?APLN\b)"
)
BYLINE = re.compile(
    r"^(?:by|written by|authors?\s*:|byline\s*:)\s+(?P<names>.+)$", re.I
)


def fold(text):
    return " ".join(text.casefold().split())


def same_words(a, b):
    """Return True if two wordings differ only in case, spaces and full stops."""
    return fold(a).rstrip(".:") == fold(b).rstrip(".:")


def is_chrome(block, title):
    text = fold(block.text)
    if text == fold(title) or text in CHROME_TEXT or FOOTER.match(block.text):
        return True
    # Breadcrumbs: "Home > News > Member Activities".
    parts = [p.strip() for p in re.split(r"[>›»/|]", text)]
    return len(parts) > 1 and all(p in CHROME_TEXT or p == fold(title) for p in parts)


def parse_blocks(location, title_block, blocks, options=None, posted=None):
    """Return the Page that a title and the blocks after it make up."""
    options = options or Options()
    if title_block is None:
        raise InputError(location, "the page has no title; expected a summary page.")
    title = title_block.text
    limit = max_length(Commentary, "title")
    if len(title) > limit:
        raise InputError(
            Location(location.path, title_block.line),
            f"expected a title of at most {limit} characters on the first line; "
            f"found {len(title)} characters.",
            "title",
        )
    page = Page(Location(location.path, title_block.line), title, posted_on=posted)
    labels = [b.text for b in blocks if fold(b.text) in SECTION_LABELS]
    labels += [b.text for b in blocks[:3] if is_label_of_kind(b.text)]
    blocks = [b for b in blocks if not is_chrome(b, title)]
    opening = [b.text for b in blocks[:6]]  # what a page that is no summary says first
    byline = []
    blocks = take_header(page, blocks, byline)
    if not blocks:
        raise InputError(
            Location(location.path, title_block.line),
            "only a title was found; expected a lede and a summary after it.",
        )
    take_lede(page, location, blocks[0], options)
    if page.lede:
        blocks = blocks[1:]
    elif len(blocks) > 1 and APLN_WORD.search(blocks[1].text):
        # A standfirst or an unrecognised label before the lede: the lede is
        # the paragraph that introduces APLN's people.
        take_lede(page, location, blocks[1], options)
        if page.lede:
            first = blocks[0]
            if not page.outlet and looks_like_outlet(first.text):
                page.outlet = first.text
            else:
                page.summary.insert(0, (first.as_html(), first.quote))
            blocks = blocks[2:]
    if byline and not page.authors:
        page.authors = byline
    take_body(page, location, blocks)
    if not page.lede and not page.summary:
        raise InputError(
            Location(location.path, title_block.line),
            "no lede or summary was found after the title.",
        )
    check_authors(page.authors, Location(location.path, title_block.line))
    kind, reason = page_kind(title, labels, opening)
    # A summary of a statement its authors endorse may be titled "Statement
    # on ...": a lede naming them and a link line make it a summary still.
    endorsed = (
        kind is not None
        and kind.name == "statement"
        and page.lede
        and page.authors
        and page.link_line
    )
    if kind is not None and not endorsed:
        page.not_summary, page.not_summary_reason = kind, reason
        if kind.name in options.kinds:
            page.kind = kind.piece_kind
            page.notes.append(f"{kind.label}, imported as such (--kind {kind.name})")
            page.not_summary = None
    if page.not_summary is None and not page.authors:
        where = page.lede_location or page.location
        if page.not_people:
            pass  # said below, with the words that are no person
        elif page.lede:
            page.cannot_read(where, "the lede names no author: add them")
        elif kind is None:
            page.cannot_read(where, "no lede naming the authors was found: add them")
    for name in page.not_people:
        page.cannot_read(
            page.lede_location or page.location,
            f"“{name}” stands where the lede names an author but is not a "
            "person's name: not credited",
        )
    return page


def is_label_of_kind(text):
    """Short lines like "Statements" or "Policy Brief No. 12" are labels too."""
    return len(text) <= 40 and any(
        kind.title.search(text) for kind in BY_NAME.values() if kind.name != "event"
    )


def take_lede(page, location, block, options):
    """Read the lede from the first paragraph (after an "OUTLET – " prefix)."""
    text = block.text
    prefix = OUTLET_PREFIX.match(text)
    dated = prefix and parse_display_date(prefix["outlet"])
    if dated and "APLN" in prefix["rest"]:
        # "12 May 2023 – APLN member ...": the date the piece appeared.
        page.original_on, page.original_precision = dated, "day"
        text = prefix["rest"]
    elif prefix and looks_like_outlet(prefix["outlet"]) and "APLN" in prefix["rest"]:
        if not page.outlet and fold(prefix["outlet"]) not in SECTION_LABELS:
            page.outlet = prefix["outlet"].strip()
        text = prefix["rest"]
    else:
        # "FULCRUM APLN member ..." (a label and the lede in one paragraph,
        # split only by a line break in the saved page).
        label = LABEL_BEFORE_LEDE.match(text)
        if label and looks_like_outlet(label["label"]):
            outlet = label["label"].strip()
            if not page.outlet and fold(outlet) not in SECTION_LABELS:
                page.outlet = outlet
            text = text[label.end() :]
    sentence, rest = first_sentence(text)
    reading = parse_lede(sentence, posted=page.posted_on, year=options.year)
    page.lede_location = Location(location.path, block.line)
    if not (reading.authors or reading.introduced or reading.not_people):
        return
    page.lede = sentence
    page.authors = reading.authors
    page.kind = reading.kind
    page.lede_outlet = reading.outlet
    page.not_people = reading.not_people
    if reading.date:
        page.original_on, page.original_precision = reading.date, reading.precision
    for note in reading.notes:
        page.cannot_read(page.lede_location, note)
    if rest:
        page.summary.append((escape(rest, quote=False), block.quote))
        # A link sentence may close the lede's paragraph.
        take_closing_link(page, location, block, rest)


def check_authors(authors, where):
    """Refuse names the lede cannot have meant (longer than a name may be)."""
    for author in authors:
        for name in ("name", "role", "affiliation", "honorific"):
            model = Member if name == "honorific" else Authorship
            limit = max_length(model, name)
            if len(getattr(author, name)) > limit:
                raise InputError(
                    where,
                    f"an author's {name} read from the lede is longer than {limit} "
                    f"characters: “{getattr(author, name)[:40]}...”; is the lede "
                    "one sentence?",
                    "lede",
                )
    if len(authors) > 50:
        raise InputError(where, "the lede names more than 50 authors.", "lede")


def take_header(page, blocks, byline):
    """Read the optional outlet label, posted date and byline after the title."""
    for _ in range(3):
        if not blocks:
            break
        text = blocks[0].text
        date = parse_display_date(text)
        by = BYLINE.match(text)
        if date:
            page.posted_on = page.posted_on or date  # the page's meta date wins
            blocks = blocks[1:]
        elif by and not byline and len(text) <= 200:
            byline += [
                AuthorIn(name=name.strip())
                for name in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", by["names"])
                if name.strip()
            ]
            blocks = blocks[1:]
        elif not page.outlet and looks_like_outlet(text):
            page.outlet = text
            blocks = blocks[1:]
    return blocks


def looks_like_outlet(text):
    return (
        len(text) <= 80
        and len(text.split()) <= 8
        and not text.endswith((".", "!", "?", ":"))
        and "APLN" not in text.split()
        and fold(text) not in SECTION_LABELS
        and not is_link_line(text)
        and not CREDIT_LINE.match(text)
        and not WEB_URL.match(text)
        and not parse_display_date(text)
    )


def take_body(page, location, blocks):
    """Split the blocks into summary, link line and credit line.

    Text after the link line is kept (quoted if it quotes the article) and
    reported, never dropped.
    """
    after_link = False
    for block in blocks:
        where = Location(location.path, block.line)
        credit = CREDIT_LINE.match(block.text)
        if credit and page.image is None:
            page.image = parse_credit(credit_text(credit), block, where, page.unread)
            page.image_location = where
            continue
        link = is_link_line(block.text)
        if link and not page.link_line:
            set_link_line(page, link, block, where)
            after_link = True
            continue
        if (
            after_link
            and not page.url
            and (URL_TOKEN.fullmatch(block.text) or WWW_TOKEN.fullmatch(block.text))
        ):
            page.url = checked_url(block.text, where, "full-article link")
            continue
        if after_link:
            quoted = block.quote or block.text.startswith(("“", '"', "‘"))
            page.summary.append((block.as_html(), quoted))
            how = "as a quotation" if quoted else "at the end of the summary"
            page.notes.append(
                (
                    where,
                    f"text after the link line kept {how}: “{block.text[:50]}”; "
                    "check it belongs to the summary",
                )
            )
            continue
        if not take_closing_link(page, location, block, block.text, append=True):
            page.summary.append((block.as_html(), block.quote))


def set_link_line(page, match, block, where, sentence=""):
    page.link_line = link_line_choice(match)
    # The wording as the page wrote it, up to an address written after it.
    wording = sentence or block.text
    url = written_url(wording)
    if url:
        wording = wording[: wording.find(url)].rstrip(" :")
    page.link_text = wording.strip()
    url = link_url(block, where, "full-article link")
    page.url = page.url or url
    page.link_location = where


def take_closing_link(page, location, block, text, append=False):
    """Take a link sentence that closes a paragraph; return True if found.

    With append, the paragraph (without its link sentence) joins the summary.
    """
    if page.link_line:
        return False
    sentences = split_sentences(text)
    last = sentences[-1] if sentences else ""
    match = is_link_line(last)
    if not match or len(sentences) < 2:
        return False
    where = Location(location.path, block.line)
    set_link_line(page, match, block, where, last)
    kept = escape(" ".join(sentences[:-1]), quote=False)
    if append:
        page.summary.append((kept, block.quote))
    elif page.summary:
        page.summary[-1] = (kept, page.summary[-1][1])
    return True


def split_sentences(text):
    sentences, rest = [], text
    while rest:
        sentence, rest = first_sentence(rest)
        sentences.append(sentence)
    return sentences


DATE_LINE = re.compile(
    r"^(?:(?:posted|published|date)(?:\s+on)?\s*:?\s*)?(?:"
    r"(?P<d1>\d{1,2})\s+(?P<m1>[a-z]+)\.?,?\s+(?P<y1>\d{4})|"
    r"(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})|"
    r"(?P<y3>\d{4})[-./](?P<m3>\d{1,2})[-./](?P<d3>\d{1,2}))$",
    re.IGNORECASE,
)


def parse_display_date(text):
    """Return the date of a line that is only a date ("12 May 2023"...)."""
    match = DATE_LINE.match(text.strip())
    if not match:
        return None
    groups = match.groupdict()
    try:
        if groups["y3"]:
            return datetime.date(
                int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
            )
        day, month, year = (
            (groups["d1"], groups["m1"], groups["y1"])
            if groups["y1"]
            else (groups["d2"], groups["m2"], groups["y2"])
        )
        return datetime.date(int(year), MONTHS[month.lower()], int(day))
    except (KeyError, ValueError):
        return None


# Words after which a full stop does not end the sentence.
ABBREVIATIONS = {
    "dr", "prof", "mr", "mrs", "ms", "amb", "gen", "lt", "col", "adm", "rev",
    "st", "jr", "sr", "no", "vs", "etc", "hon", "maj", "capt", "sen", "rep",
    "(ret", "ret", "(retd", "brig", "rt",
}  # fmt: skip
SENTENCE_END = re.compile(r"[.!?][”\"’)]*(?P<space>\s+)(?=[^\s a-z])")


def first_sentence(text):
    """Return (first sentence, the rest), not stopping at "C." or "Dr."."""
    for match in SENTENCE_END.finditer(text):
        before = text[: match.start()]
        word = (before.split() or [""])[-1].casefold().lstrip('(“"‘')
        if text[match.start()] == "." and (
            len(word) == 1
            or word in ABBREVIATIONS
            or re.fullmatch(r"(?:\w\.)+\w", word)
        ):
            continue
        end = match.start("space")
        return text[:end].strip(), text[match.end() :].strip()
    return text.strip(), ""
