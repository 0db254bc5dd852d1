"""The corpus: real-world inputs kept outside the repository.

Exports of other WordPress importers' test suites, the Big List of Naughty
Strings, a CSV of Japanese councillors, the old site's seed page. They live in
the folder named by FULCRUM_CORPUS, by default `shared` beside the repository
(CI checks it out there). Tests that read it are marked `corpus`; without the
folder they are deselected, with one line saying so (tests/conftest.py), and
FULCRUM_REQUIRE_CORPUS=1 makes its absence an error instead. Every behaviour
those tests check is covered in the default lane by small files in tests/data.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CORPUS = Path(os.environ.get("FULCRUM_CORPUS") or ROOT.parent / "shared").absolute()


def corpus_present():
    return CORPUS.is_dir()


def corpus_required():
    return os.environ.get("FULCRUM_REQUIRE_CORPUS", "") not in {"", "0"}
