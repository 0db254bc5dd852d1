"""The generated lede follows the site's own wording."""

import pytest

from articles.ledes import build_lede

M, X = True, False  # member, outside co-author

CASES = [
    # (authors, kind, outlet, expected)
    ([("Hoang Thi Ha", M)], "commentary", "FULCRUM",
     "APLN member Hoang Thi Ha writes a commentary for FULCRUM."),
    ([("Hoang Thi Ha", M)], "commentary", "",
     "APLN member Hoang Thi Ha writes a commentary."),
    ([("Hoang Thi Ha", M), ("Pham Thi Phuong Thao", X)], "commentary", "FULCRUM",
     "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao."),
    ([("Moon Chung-in", M), ("C. Raja Mohan", M)], "commentary", "Global Asia",
     "APLN members Moon Chung-in and C. Raja Mohan co-write a commentary."),
    ([("A", M), ("B", M), ("C", M), ("D", X), ("E", X), ("F", X)], "commentary", "",
     "APLN members A, B and C co-write a commentary with D, E and F."),
    ([("D", X), ("A", M), ("E", X), ("B", M)], "commentary", "",
     "APLN members A and B co-write a commentary with D and E."),
    ([("A", M), ("B", X), ("C", X), ("D", X)], "commentary", "",
     "APLN member A co-writes a commentary with B, C and D."),
    ([("A", M), ("B", M), ("C", M), ("D", M)], "commentary", "",
     "APLN members A, B, C and D co-write a commentary."),
    ([("Outside Writer", X)], "commentary", "East Asia Forum",
     "Outside Writer writes a commentary for East Asia Forum."),
    ([("A", M)], "column", "The Korea Times",
     "APLN member A writes a column for The Korea Times."),
    ([("A", M)], "interview", "Kyodo News",
     "APLN member A is interviewed by Kyodo News."),
    ([("A", M), ("B", M)], "interview", "",
     "APLN members A and B are interviewed."),
    ([("A", M)], "speech", "Asia Society",
     "APLN member A delivers a speech at Asia Society."),
    ([("A", M), ("B", M), ("C", X)], "statement", "",
     "APLN members A and B endorse a statement with C."),
    ([("A", M)], "open_letter", "",
     "APLN member A signs an open letter."),
    ([("A", M)], "podcast", "Global Asia",
     "APLN member A speaks on a podcast for Global Asia."),
    ([("A", M), ("B", X)], "book", "",
     "APLN member A co-writes a book with B."),
    ([("A", M)], "article", "Journal for Peace and Nuclear Disarmament",
     "APLN member A writes an article for Journal for Peace and Nuclear Disarmament."),
    ([("A", M), ("B", M)], "quote", "",
     "APLN members A and B are quoted."),
    ([], "commentary", "FULCRUM", ""),
]  # fmt: skip


@pytest.mark.parametrize(("authors", "kind", "outlet", "expected"), CASES)
def test_lede_reads_like_the_site(authors, kind, outlet, expected):
    """Each combination of authors and kind gives the site's sentence."""
    assert build_lede(authors, kind, outlet) == expected


def test_unknown_kind_falls_back_to_commentary_wording():
    """A kind with no wording of its own reads as a commentary."""
    assert build_lede([("A", M)], "mystery") == "APLN member A writes a commentary."


def test_blank_names_are_ignored():
    """An author row with only spaces does not produce a dangling 'and'."""
    assert build_lede([("A", M), ("  ", X)]) == "APLN member A writes a commentary."
