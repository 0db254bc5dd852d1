"""import_summaries on a page written for every shape of issue 13.

tests/data/summaries/shapes/ holds one page per shape the old site's pages
take (any verb, role words, a date clause, appositives, "with", outlets,
link lines, text after the link line, credits, whole-page extracts, pages
that are not summaries, saved HTML). Next to each page, NAME.expected.json
holds what the page must give:

- "record": its export (export_commentaries' record), compared field by field;
- "report": fragments the import's report must show for that file;
- "not_imported": for a page refused, a fragment of the reason.

The roster holds three members (ROSTER); everyone else a page calls an APLN
member is created to review.
"""

import io
import json
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from articles.models import Commentary
from core.models import Redirect
from members.models import Member
from tests.factories import make_member
from transfer.importing.commentaries import to_record

SHAPES = Path(__file__).resolve().parent.parent / "data" / "summaries" / "shapes"
ROSTER = ["Graham Whitfield", "Aiko Sato", "Moon Hye-jin"]
# Fields that depend on the run, not the page.
RUN_FIELDS = {"slug"}


def pages():
    return sorted(p for p in SHAPES.iterdir() if p.suffix in (".txt", ".html"))


def expected_for(page):
    return json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))


def import_shapes(**options):
    out = io.StringIO()
    call_command(
        "import_summaries", str(SHAPES), stdout=out, stderr=io.StringIO(), **options
    )
    return out.getvalue()


def report_lines_of(report, page):
    return [line for line in report.splitlines() if page.name in line]


class ShapePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for name in ROSTER:
            make_member(name=name)
        cls.report = import_shapes(year=2023)

    def test_every_page_has_its_expected_export(self):
        """Each page written for a shape comes with what it must give."""
        self.assertGreaterEqual(len(pages()), 12)
        for page in pages():
            with self.subTest(page=page.name):
                self.assertTrue(page.with_suffix(".expected.json").is_file())

    def test_each_page_gives_its_expected_record_field_by_field(self):
        """Title, kind, outlet, lede, summary, link, dates, authors, image..."""
        for page in pages():
            expected = expected_for(page)
            if "record" not in expected:
                continue
            title = expected["record"]["title"]
            record = to_record(Commentary.objects.get(title=title))
            for name, value in expected["record"].items():
                if name in RUN_FIELDS:
                    continue
                with self.subTest(page=page.name, field=name):
                    self.assertEqual(record[name], value)

    def test_the_report_names_what_each_page_left_unread(self):
        """Per file: what could not be read, kept after the link, refused..."""
        for page in pages():
            lines = "\n".join(report_lines_of(self.report, page))
            for fragment in expected_for(page).get("report", []):
                with self.subTest(page=page.name, fragment=fragment):
                    self.assertIn(fragment, lines)

    def test_pages_that_are_not_summaries_are_not_imported(self):
        """A statement and a policy brief: refused with their reason."""
        refused = [p for p in pages() if "not_imported" in expected_for(p)]
        self.assertEqual(len(refused), 2)
        for page in refused:
            with self.subTest(page=page.name):
                lines = "\n".join(report_lines_of(self.report, page))
                self.assertIn(expected_for(page)["not_imported"], lines)
        self.assertFalse(Commentary.objects.filter(title__icontains="Statement"))

    def test_the_report_ends_with_counts(self):
        """The closing line counts files read, imported, refused, to review."""
        last = self.report.strip().splitlines()[-1]
        imported = len(pages()) - 2
        self.assertEqual(
            last,
            f"Counts: {len(pages())} files read, {imported} imported, 2 not "
            f"imported, {self.unread_files()} with parts not read, "
            f"{Member.objects.to_review().count()} members to review.",
        )

    def unread_files(self):
        section = self.report.split("Could not read:\n", 1)[1].split("\n")
        files = set()
        for line in section:
            if not line.startswith("  "):
                break
            files.add(line.split()[0].split(":")[0])
        return len(files)

    def test_an_organisation_never_becomes_a_member(self):
        """“APLN member Center for ... at Nagasaki University” credits no one."""
        self.assertFalse(Member.objects.filter(name__icontains="Center"))
        self.assertFalse(Member.objects.filter(name__icontains="Nagasaki"))

    def test_members_not_on_the_roster_are_to_review_and_named_in_the_report(self):
        """Nobody is invented: new names wait for an editor, the roster stays."""
        self.assertEqual(
            set(Member.objects.public().values_list("name", flat=True)), set(ROSTER)
        )
        self.assertIn(
            "Kim Ji-ho", Member.objects.to_review().values_list("name", flat=True)
        )
        self.assertIn(
            "  Kim Ji-ho: called an APLN member on 2 pages, not on the roster "
            "(tests/data/summaries/shapes/01_any_verb_past_tense.txt:1, "
            "tests/data/summaries/shapes/10_whole_page_extract_text.txt:5)",
            self.report,
        )

    def test_the_old_address_answers_301_to_the_new_page(self):
        """The saved page's canonical address redirects to the imported piece."""
        piece = Commentary.objects.get(
            title="Extended Deterrence After the Washington Declaration"
        )
        old = "/news/member_activities/extended-deterrence-after-the-washington-declaration"
        self.assertEqual(
            Redirect.objects.get(old_path=old).new_path, piece.get_absolute_url()
        )
        response = self.client.get(old)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], piece.get_absolute_url())

    def test_a_second_run_changes_nothing(self):
        """Idempotent: the same folder again, every piece unchanged."""
        before = (
            Commentary.objects.count(),
            Member.objects.count(),
            Redirect.objects.count(),
        )
        report = import_shapes(year=2023)
        imported = len(pages()) - 2
        self.assertIn(f"0 created, 0 updated, {imported} unchanged", report)
        self.assertEqual(
            (
                Commentary.objects.count(),
                Member.objects.count(),
                Redirect.objects.count(),
            ),
            before,
        )
