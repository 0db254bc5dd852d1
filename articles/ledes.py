"""The generated lede: who wrote a piece, with whom, in the site's own wording.

  APLN member X writes a commentary for FULCRUM.
  APLN member X co-writes a commentary with Y.
  APLN members X and Y co-write a commentary.
  APLN members A, B and C co-write a commentary with D, E and F.

Members are introduced as "APLN member(s)"; outside co-authors by name only.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    solo: str  # one author alone: "writes a commentary"
    one_with: str  # one subject with others: "co-writes a commentary"
    many: str  # several subjects: "co-write a commentary"
    preposition: str = "for"  # before the outlet: "for FULCRUM"


WORDINGS = {
    "commentary": Wording("writes a commentary", "co-writes a commentary", "co-write a commentary"),
    "column": Wording("writes a column", "co-writes a column", "co-write a column"),
    "article": Wording("writes an article", "co-writes an article", "co-write an article"),
    "interview": Wording("is interviewed", "is interviewed together", "are interviewed", "by"),
    "podcast": Wording("speaks on a podcast", "speaks on a podcast", "speak on a podcast", "for"),
    "speech": Wording("delivers a speech", "delivers a speech", "deliver a speech", "at"),
    "open_letter": Wording("signs an open letter", "signs an open letter", "sign an open letter", "in"),
    "statement": Wording("endorses a statement", "endorses a statement", "endorse a statement", "by"),
    "book": Wording("writes a book", "co-writes a book", "co-write a book", "published by"),
    "report": Wording("writes a report", "co-writes a report", "co-write a report", "for"),
    "quote": Wording("is quoted", "is quoted", "are quoted", "in"),
}  # fmt: skip


def join_names(names):
    """Return "A", "A and B" or "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def build_lede(authors, kind="commentary", outlet=""):
    """Return the lede for ordered authors, given as (name, is_member) pairs.

    The subject is the members (or, with no member, every author); outside
    co-authors follow "with". The outlet is named when one person writes
    alone, as the site does.
    """
    authors = [(name.strip(), is_member) for name, is_member in authors if name.strip()]
    if not authors:
        return ""
    wording = WORDINGS.get(kind, WORDINGS["commentary"])
    members = [name for name, is_member in authors if is_member]
    others = [name for name, is_member in authors if not is_member]
    if members:
        label = "APLN member" if len(members) == 1 else "APLN members"
        subject = f"{label} {join_names(members)}"
    else:
        members, others = [name for name, _ in authors], []
        subject = join_names(members)
    if len(members) > 1:
        verb = wording.many
    elif others:
        verb = wording.one_with
    else:
        verb = wording.solo
    sentence = f"{subject} {verb}"
    if others:
        sentence += f" with {join_names(others)}"
    elif len(members) == 1 and outlet:
        sentence += f" {wording.preposition} {outlet}"
    return sentence + "."
