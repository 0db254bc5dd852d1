"""import_members and export_members: the fulcrum-members JSON and CSV."""

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.utils.html import escape

from images.models import Image
from members.models import Member, MemberAlias, MemberLink, MembershipCategory
from tests.corpus import CORPUS, DATA
from tests.factories import make_image, make_member
from transfer.importing import records

FIXTURES = CORPUS / "fixtures" / "members"
RECORD_KEYS = [
    "name", "slug", "honorific", "family_name", "given_name", "native_name",
    "native_name_language", "position", "country", "category", "bio", "is_active",
    "aliases", "links", "photo",
]  # fmt: skip


def export(fmt="json"):
    out = io.StringIO()
    call_command("export_members", format=fmt, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts():
    return (
        Member.objects.count(),
        MemberAlias.objects.count(),
        MemberLink.objects.count(),
        MembershipCategory.objects.count(),
        Image.objects.count(),
    )


def csv_text(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def build_members():
    board = MembershipCategory.objects.get(slug="board")
    moon = make_member(
        name="Moon Chung-in",
        slug="moon-chung-in",
        honorific="Prof.",
        family_name="Moon",
        given_name="Chung-in",
        native_name="문정인",
        native_name_language="ko",
        position="Vice Chair",
        country="KR",
        category=board,
        bio="Scholar.\n\nFormer special adviser.",
        photo=make_image(credit="APLN", alt_text="Moon Chung-in speaking"),
    )
    MemberAlias.objects.create(member=moon, name="Chung-in Moon")
    MemberLink.objects.create(
        member=moon, label="Yonsei University", url="https://www.yonsei.ac.kr/"
    )
    make_member(name="青木　愛", family_name="青木", given_name="愛", country="JP")
    make_member(name="-1 + @SUM", position="=cmd|' /C calc'!A0", is_active=False)


class TemporaryFolderMixin:
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="fulcrum-members-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def run_import(self, name, content, **options):
        path = self.folder / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        out = io.StringIO()
        call_command(
            "import_members", str(path), stdout=out, stderr=io.StringIO(), **options
        )
        return out.getvalue()


class ExportImportTests(TemporaryFolderMixin, TestCase):
    def test_json_export_has_the_documented_shape(self):
        """{"format": "fulcrum-members", "version": 1, "members": [...]}."""
        build_members()
        data = json.loads(export())
        self.assertEqual((data["format"], data["version"]), ("fulcrum-members", 1))
        moon = data["members"][0]
        self.assertEqual(list(moon), RECORD_KEYS)
        self.assertEqual(moon["category"], {"name": "Board member", "slug": "board"})
        self.assertEqual(moon["aliases"], ["Chung-in Moon"])
        self.assertEqual(
            moon["links"],
            [{"label": "Yonsei University", "url": "https://www.yonsei.ac.kr/"}],
        )
        self.assertEqual(moon["photo"]["alt_text"], "Moon Chung-in speaking")

    def test_round_trips_into_an_empty_database_are_identical(self):
        """JSON and CSV: export, import into an empty database, export again."""
        build_members()
        for fmt in ("json", "csv"):
            with self.subTest(fmt=fmt):
                first = export(fmt)
                Member.objects.all().delete()
                Image.objects.all().delete()
                self.run_import(f"members.{fmt}", first)
                self.assertEqual(export(fmt), first)

    def test_importing_again_changes_nothing(self):
        """The second run reports every member unchanged."""
        build_members()
        before = counts()
        out = self.run_import("members.csv", export("csv"))
        self.assertIn("0 created, 0 updated, 3 unchanged", out)
        self.assertEqual(counts(), before)

    def test_csv_export_neutralises_formula_cells(self):
        """Cells starting with = + - @ get an apostrophe; import takes it off."""
        build_members()
        rows = list(csv.DictReader(io.StringIO(export("csv"))))
        self.assertEqual(rows[2]["name"], "'-1 + @SUM")
        self.assertEqual(rows[2]["position"], "'=cmd|' /C calc'!A0")

    def test_partial_csv_updates_only_its_columns(self):
        """A sheet with name and position leaves the rest of a profile alone."""
        build_members()
        out = self.run_import(
            "positions.csv", "name,position\nChung-in Moon,Chair\n青木　愛,Senator\n"
        )
        self.assertIn("0 created, 2 updated", out)
        moon = Member.objects.get(slug="moon-chung-in")
        self.assertEqual((moon.position, moon.native_name), ("Chair", "문정인"))
        self.assertEqual(moon.aliases.count(), 1)

    def test_name_written_another_way_updates_the_member(self):
        """Matched by name or alias whatever the order, case or diacritics."""
        hoang = make_member(name="Hoàng Thị Hà")
        self.run_import("m.csv", "name,country\nHOANG Thi Ha,VN\n")
        hoang.refresh_from_db()
        self.assertEqual((hoang.country.code, hoang.name), ("VN", "Hoàng Thị Hà"))
        self.assertEqual(Member.objects.count(), 1)

    def test_dry_run_writes_nothing(self):
        """--dry-run reports what would be created."""
        out = self.run_import("m.csv", "name\nNew Person\n", dry_run=True)
        self.assertIn("Would import 1 member: 1 created", out)
        self.assertEqual(Member.objects.count(), 0)


class FixtureNameTests(TemporaryFolderMixin, TestCase):
    """Hard names (tests/data/members): stored verbatim, rendered escaped."""

    councillors = DATA / "members" / "councillors.csv"
    naughty = DATA / "naughty-strings.json"
    # The first row's name, family and given names; a name with no space.
    split = ("山田　花子", "山田", "花子")
    mononym = "翠"
    minimum_rows = 5

    def test_japanese_names_split_by_an_ideographic_space(self):
        """Councillors' CSV: every name kept as written; family and given names split."""
        with open(self.councillors, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        self.assertGreater(len(rows), self.minimum_rows)
        names = [row["議員氏名"] for row in rows]
        content = csv_text(
            ["name", "position", "country", "bio"],
            [[row["議員氏名"], row["役職等"][:255], "JP", row["経歴"]] for row in rows],
        )
        out = self.run_import("giin.csv", content)
        self.assertIn(f"{len(rows)} created", out)
        self.assertEqual(
            sorted(Member.objects.values_list("name", flat=True)), sorted(names)
        )
        name, family, given = self.split
        first = Member.objects.get(name=name)
        self.assertEqual((first.family_name, first.given_name), (family, given))
        self.assertEqual(first.bio, rows[0]["経歴"])
        mononym = Member.objects.get(name=self.mononym)
        self.assertEqual((mononym.family_name, mononym.given_name), ("", ""))
        response = self.client.get(first.get_absolute_url())
        self.assertContains(response, name)

    def test_naughty_strings_as_names_are_stored_verbatim_and_rendered_escaped(self):
        """Every string of the list is a name and a bio; pages escape them."""
        strings = json.loads(self.naughty.read_text(encoding="utf-8"))
        people = {
            f"naughty-{n}": text
            for n, text in enumerate(strings)
            if text.strip() and len(text.strip()) <= 200
        }
        content = csv_text(
            ["name", "slug", "position", "bio"],
            [[text, slug, text[:255], text] for slug, text in people.items()],
        )
        self.run_import("naughty.csv", content)
        stored = {m.slug: m for m in Member.objects.all()}
        self.assertEqual(set(stored), set(people))
        for slug, text in people.items():
            self.assertEqual(stored[slug].name, text.strip())
            self.assertEqual(stored[slug].bio, text)
        html_names = {s: t.strip() for s, t in people.items() if "<" in t}
        self.assertGreater(len(html_names), 10)
        for slug, name in html_names.items():
            with self.subTest(name=name):
                response = self.client.get(f"/members/{slug}/")
                self.assertEqual(response.status_code, 200)
                content = response.content.decode()
                self.assertIn(escape(name), content)
                self.assertNotIn(name, content)

    def test_naughty_strings_survive_a_csv_round_trip(self):
        """Export and import of the hostile names gives back the same file."""
        strings = json.loads(self.naughty.read_text(encoding="utf-8"))
        for n, text in enumerate(strings):
            if text.strip() and len(text.strip()) <= 200:
                Member.objects.create(name=text, slug=f"n-{n}", bio=text)
        first = export("csv")
        Member.objects.all().delete()
        self.run_import("again.csv", first)
        self.assertEqual(export("csv"), first)


@pytest.mark.corpus
class CorpusNameTests(FixtureNameTests):
    """The same with the corpus: all of giin.csv (House of Councillors of Japan,
    SOURCES.md) and the Big List of Naughty Strings."""

    councillors = FIXTURES / "smartnews-smri-house-of-councillors" / "giin.csv"
    naughty = FIXTURES / "big-list-of-naughty-strings" / "blns.json"
    split = ("青木　愛", "青木", "愛")
    mononym = "蓮舫"
    minimum_rows = 200


class BadInputTests(TemporaryFolderMixin, TestCase):
    """Each bad file: a clear error, exit status 1, nothing written."""

    def assertRefused(self, name, content, *fragments):
        before = counts()
        with self.assertRaises(CommandError) as caught:
            self.run_import(name, content)
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))
        self.assertEqual(caught.exception.returncode, 1)
        self.assertEqual(counts(), before)

    def test_name_longer_than_the_limit_is_refused(self):
        """A 269-character name is refused, naming the record and field."""
        self.assertRefused(
            "m.csv", csv_text(["name"], [["x" * 269]]), "record 1", "“name”", "200"
        )

    def test_unknown_country_and_javascript_link_are_refused(self):
        """A country must be a code; a link must be a web address."""
        self.assertRefused(
            "m.json",
            json.dumps(
                {
                    "format": "fulcrum-members",
                    "version": 1,
                    "members": [
                        {"name": "A", "country": "Narnia"},
                        {"name": "B", "links": [{"label": "x", "url": "javascript:x"}]},
                    ],
                }
            ),
            "field “country”: expected a two-letter country code",
            "field “links[0].url”: expected a web address starting with http://",
        )

    def test_duplicate_rows_are_refused(self):
        """The same person twice, spelled two ways."""
        self.assertRefused(
            "m.csv",
            "name\nMoon Chung-in\nChung-in MOON\n",
            "record 2 (line 3): this duplicates record 1 (line 2)",
        )

    def test_malformed_row_latin_1_and_empty_files_are_refused(self):
        """A row with too many cells, a Latin-1 file, an empty file."""
        self.assertRefused("a.csv", "name,position\nA,b,c\n", "3 cells")
        self.assertRefused("b.csv", "name\nJos\u00e9\n".encode("latin-1"), "not UTF-8")
        self.assertRefused("c.json", "", "empty")

    def test_image_path_outside_the_media_folder_is_refused(self):
        """A photo file may not climb out of the media folder."""
        records_out = io.StringIO()
        photo = {"credit": "x", "alt_text": "y", "file": "../../etc/passwd"}
        records.write_json(
            records_out, "fulcrum-members", "members", [{"name": "A", "photo": photo}]
        )
        self.assertRefused("m.json", records_out.getvalue(), "photo.file")
