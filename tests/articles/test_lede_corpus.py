"""The lede corpus (tests/data/summaries/ledes.cases): authors exactly right.

Each sentence is written in the old site's manner (any verb or none, role
words, honorifics, post-nominals, date and context clauses, appositives,
"with" that is not a co-author) with the ordered authors it must give:
name, member or outside, role on the piece, affiliation.
"""

import datetime
from pathlib import Path

import pytest

from transfer.importing.ledes import parse_lede

CORPUS = Path(__file__).resolve().parent.parent / "data" / "summaries" / "ledes.cases"


def read_corpus(path=CORPUS):
    """Return [(sentence, expected)] from the corpus file."""
    entries, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.rstrip()
        if not line or line.startswith("#"):
            current = None if not line else current
            continue
        if current is None:
            current = {"sentence": line, "authors": []}
            entries.append(current)
        elif line.startswith("- "):
            name, mode, role, affiliation = (p.strip() for p in line[2:].split("|"))
            current["authors"].append((name, mode, role, affiliation))
        else:
            key, value = (p.strip() for p in line.split(":", 1))
            current[key] = value
    return [(entry["sentence"], entry) for entry in entries]


ENTRIES = read_corpus()


def test_the_corpus_holds_at_least_forty_ledes():
    """The issue asks for forty sentences at least, each with its authors."""
    assert len(ENTRIES) >= 40
    assert all(expected["authors"] for _, expected in ENTRIES)


@pytest.mark.parametrize(
    ("sentence", "expected"), ENTRIES, ids=[s[:60] for s, _ in ENTRIES]
)
def test_each_lede_gives_exactly_its_authors(sentence, expected):
    """Names, member or outside, roles and affiliations, in order."""
    lede = parse_lede(sentence, year=2023)
    found = [(a.name, a.mode, a.role, a.affiliation) for a in lede.authors]
    assert found == expected["authors"]
    if "kind" in expected:
        assert lede.kind == expected["kind"]
    if "outlet" in expected:
        assert lede.outlet == ("" if expected["outlet"] == "-" else expected["outlet"])
    if "date" in expected:
        written = expected["date"]
        precision = {4: "year", 7: "month"}.get(len(written), "day")
        padded = (written + "-01-01")[:10] if len(written) < 10 else written
        assert (lede.date, lede.precision) == (
            datetime.date.fromisoformat(padded),
            precision,
        )
