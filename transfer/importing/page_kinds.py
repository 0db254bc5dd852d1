"""Pages of the old site that are not summaries of a member's piece.

Statements, policy briefs, newsletters, event notices and press releases
sit in the same archive as the summaries. They say what they are in their
title, their section label or their opening lines; `page_kind` names the
kind with the words that gave it away, so the import can refuse the page
with its reason, or import it as its own kind when the operator asks
(`import_summaries --kind statement`).
"""

import re
from dataclasses import dataclass

from articles.models import Commentary


@dataclass(frozen=True)
class PageKind:
    name: str  # the --kind value
    label: str  # "a statement"
    piece_kind: str  # the Commentary.Kind it becomes with --kind ("" if none)
    title: re.Pattern
    body: re.Pattern | None = None


PAGE_KINDS = [
    PageKind(
        "press-release",
        "a press release",
        Commentary.Kind.STATEMENT,
        re.compile(r"\b(press|media)\s+release\b", re.IGNORECASE),
        re.compile(r"^(for immediate release|embargoed|media contact)\b", re.I),
    ),
    PageKind(
        "policy-brief",
        "a policy brief",
        Commentary.Kind.REPORT,
        re.compile(r"\bpolicy\s+(brief|paper)s?\b|\bworking\s+paper\b", re.IGNORECASE),
        re.compile(
            r"^(this policy brief|in this (policy )?brief|policy brief no)", re.I
        ),
    ),
    PageKind(
        "newsletter",
        "a newsletter",
        "",
        re.compile(r"\bnewsletters?\b|\bbulletin\b|\bmonthly update\b", re.IGNORECASE),
        re.compile(r"^(in this issue|welcome to (the|our) .*newsletter)\b", re.I),
    ),
    PageKind(
        "event",
        "an event notice",
        "",
        re.compile(
            r"\b(webinar|event|register|registration|call for applications|"
            r"save the date|upcoming)\b",
            re.IGNORECASE,
        ),
        re.compile(r"^(date|time|venue|location|register|rsvp|registration)\s*:", re.I),
    ),
    PageKind(
        "statement",
        "a statement",
        Commentary.Kind.STATEMENT,
        re.compile(
            r"^(?:apln\s+|joint\s+|group\s+)?statements?\b|\bstatement\s+(by|from|of|"
            r"on)\s+(the\s+)?(apln|asia-pacific leadership network)\b|^statements$",
            re.IGNORECASE,
        ),
        re.compile(
            r"^(we,? the undersigned|the asia-pacific leadership network \(apln\) "
            r"(calls|condemns|welcomes|expresses|urges|is))",
            re.IGNORECASE,
        ),
    ),
]
BY_NAME = {kind.name: kind for kind in PAGE_KINDS}
# --kind accepts the kinds that have a Commentary kind to become.
IMPORTABLE = [kind.name for kind in PAGE_KINDS if kind.piece_kind]


def page_kind(title, labels, opening):
    """Return (PageKind, reason) of a page that is not a summary, or (None, "").

    title: the page's title; labels: short lines before the lede (section
    labels); opening: the first paragraphs' texts.
    """
    # An event notice needs its word and a practical line ("Venue: ..."),
    # or two practical lines: a summary may carry a "Date:" line.
    practical = [text for text in opening if BY_NAME["event"].body.match(text)]
    for kind in PAGE_KINDS:
        event = kind.name == "event"
        for label in labels:
            if kind.title.search(label) and (not event or practical):
                return kind, f"its section label says “{label}”"
        if kind.title.search(title) and (not event or practical):
            return kind, f"its title says “{title}”"
        if event and len(practical) >= 2:
            return kind, f"it gives “{practical[0][:40]}” and “{practical[1][:40]}”"
        if kind.body is not None and not event:
            for text in opening:
                if kind.body.match(text):
                    return kind, f"it opens “{text[:50]}”"
    return None, ""
