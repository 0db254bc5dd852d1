"""import_commentaries and export_commentaries: the versioned JSON and CSV."""

import csv
import datetime
import io
import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from articles.models import Authorship, Commentary, Outlet
from images.models import Image
from members.models import Member
from tests.corpus import CORPUS, DATA
from tests.factories import make_commentary, make_image, make_member, make_outlet
from transfer.importing import records, sources

BLNS = CORPUS / "fixtures" / "members" / "big-list-of-naughty-strings" / "blns.json"
RECORD_KEYS = [
    "title", "slug", "kind", "status", "outlet", "lede", "lede_is_custom", "summary",
    "full_article_url", "original_published", "published_at", "authors", "image",
    "tags", "link_line", "summary_is_excerpt", "is_featured", "language",
    "translation_of",
]  # fmt: skip


def export(fmt="json"):
    out = io.StringIO()
    call_command("export_commentaries", format=fmt, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts():
    return (
        Commentary.objects.count(),
        Member.objects.count(),
        Outlet.objects.count(),
        Image.objects.count(),
        Authorship.objects.count(),
        Tag.objects.count(),
    )


def empty_database():
    """Delete every piece, member, outlet, image and tag (media files stay)."""
    Commentary.objects.all().delete()
    Member.objects.all().delete()
    Image.objects.all().delete()
    Outlet.objects.all().delete()
    Tag.objects.all().delete()


def document(*commentaries, format="fulcrum-commentaries", version=1):
    """Return a commentaries file as export writes it: a record per line."""
    out = io.StringIO()
    records.write_json(out, format, "commentaries", commentaries)
    return out.getvalue().replace('"version": 1', f'"version": {version}')


def build_library():
    """A few pieces using every field of the format."""
    moon = make_member(name="Moon Chung-in", slug="moon-chung-in")
    ha = make_member(name="Hoàng Thị Hà")
    joongang = make_outlet(name="Korea JoongAng Daily", slug="joongang", label="")
    fulcrum = make_outlet(name="FULCRUM", label="FULCRUM")
    photo = make_image(
        caption="Leaders meet in Seoul.",
        credit="内閣官房内閣広報室",
        source_url="https://www.kantei.go.jp/jp/actions/",
        licence=Image.Licence.GOVERNMENT,
    )
    first = make_commentary(
        title="Peace on the Peninsula",
        outlet=joongang,
        authors=[moon, "Pham Thi Phuong Thao"],
        tags=["Korea", "nuclear weapons"],
        original_published_on=datetime.date(2023, 5, 1),
        original_published_precision=Commentary.DatePrecision.MONTH,
        image=photo,
        full_article_url="https://koreajoongangdaily.joins.com/2023/05/01/peace/",
        summary="<p>They argue that <em>dialogue</em> &amp; deterrence matter.</p>",
    )
    Authorship.objects.create(
        commentary=first,
        name="Ian Storey",
        role="senior fellow",
        affiliation="ISEAS",
        url="https://www.iseas.edu.sg/",
        position=2,
    )
    make_commentary(
        title="A Draft With a Lede of Its Own",
        status=Commentary.Status.DRAFT,
        lede_override="An editor wrote this lede.",
        authors=[ha],
        outlet=fulcrum,
        kind=Commentary.Kind.INTERVIEW,
        link_line=Commentary.LinkLine.READ_MORE,
        summary_is_excerpt=True,
        full_article_url="",
        image=Image.objects.create(credit="UN Photo by Eskinder Debebe"),
    )
    make_commentary(
        title="<b>Scheduled</b> & “quoted”",
        is_featured=True,
        language="ja",
        translation_of=Commentary.objects.get(title="Peace on the Peninsula"),
        published_at=timezone.now() + datetime.timedelta(days=3),
        original_published_on=datetime.date(2021, 1, 1),
        original_published_precision=Commentary.DatePrecision.YEAR,
        authors=[moon, ha],
        tags=["=SUM(A1:A2)"],
    )
    return moon, ha


class TemporaryFolderMixin:
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="fulcrum-import-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def write(self, name, content):
        path = self.folder / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    def run_import(self, name, content, **options):
        out = io.StringIO()
        call_command(
            "import_commentaries",
            str(self.write(name, content)),
            stdout=out,
            stderr=io.StringIO(),
            **options,
        )
        return out.getvalue()


class ExportTests(TemporaryFolderMixin, TestCase):
    def test_json_export_has_the_documented_shape(self):
        """{"format", "version", "commentaries"}: each record with its fields."""
        build_library()
        data = json.loads(export())
        self.assertEqual(list(data), ["format", "version", "commentaries"])
        self.assertEqual((data["format"], data["version"]), ("fulcrum-commentaries", 1))
        first = data["commentaries"][0]
        self.assertEqual(list(first), RECORD_KEYS)
        self.assertEqual(
            first["outlet"], {"name": "Korea JoongAng Daily", "slug": "joongang"}
        )
        self.assertEqual(first["original_published"], "2023-05")
        self.assertEqual(
            first["lede"],
            "APLN member Moon Chung-in co-writes a commentary with Pham Thi Phuong "
            "Thao and Ian Storey.",
        )
        self.assertFalse(first["lede_is_custom"])
        self.assertEqual(
            first["authors"],
            [
                {"name": "Moon Chung-in", "member": "moon-chung-in", "role": "",
                 "affiliation": "", "url": None},
                {"name": "Pham Thi Phuong Thao", "member": None, "role": "",
                 "affiliation": "", "url": None},
                {"name": "Ian Storey", "member": None, "role": "senior fellow",
                 "affiliation": "ISEAS", "url": "https://www.iseas.edu.sg/"},
            ],
        )  # fmt: skip
        self.assertEqual(
            list(first["image"]),
            ["credit", "source_url", "caption", "licence", "alt_text",
             "is_decorative", "file"],
        )  # fmt: skip
        self.assertTrue(first["image"]["file"].startswith("images/"))
        self.assertEqual(first["tags"], ["Korea", "nuclear weapons"])
        moment = datetime.datetime.fromisoformat(first["published_at"])
        self.assertIsNotNone(moment.tzinfo)
        second = data["commentaries"][1]
        self.assertEqual(second["lede"], "An editor wrote this lede.")
        self.assertTrue(second["lede_is_custom"])
        self.assertIsNone(second["full_article_url"])
        self.assertIsNone(second["published_at"])
        self.assertIsNone(second["image"]["file"])
        self.assertIsNone(data["commentaries"][2]["outlet"])

    def test_export_to_a_file_replaces_it_whole_and_says_so(self):
        """--output FILE writes the file; the message goes to stdout."""
        build_library()
        path = self.folder / "out.json"
        path.write_text("old content")
        out = io.StringIO()
        call_command("export_commentaries", output=str(path), stdout=out)
        self.assertEqual(len(json.loads(path.read_text())["commentaries"]), 3)
        self.assertIn("Exported 3 commentaries to", out.getvalue())
        self.assertEqual(sorted(p.name for p in self.folder.iterdir()), ["out.json"])

    def test_export_queries_do_not_grow_with_the_number_of_pieces(self):
        """Authors, members and tags are prefetched, a chunk at a time."""
        build_library()
        with CaptureQueriesContext(connection) as three:
            export()
        for _ in range(5):
            make_commentary(authors=[make_member(), "Someone"], tags=["x", "y"])
        with CaptureQueriesContext(connection) as eight:
            export()
        self.assertEqual(len(eight), len(three))

    def test_csv_export_neutralises_formula_cells(self):
        """A cell starting with = + - @ is prefixed with an apostrophe."""
        build_library()
        rows = list(csv.DictReader(io.StringIO(export("csv"))))
        self.assertEqual(rows[2]["tags"], '["=SUM(A1:A2)"]')
        make_commentary(title='=HYPERLINK("http://evil.example")')
        rows = list(csv.DictReader(io.StringIO(export("csv"))))
        self.assertEqual(rows[3]["title"], '\'=HYPERLINK("http://evil.example")')


class RoundTripTests(TemporaryFolderMixin, TestCase):
    """Export, import into an empty database, export again: the same bytes."""

    def round_trip(self, fmt):
        build_library()
        first = export(fmt)
        empty_database()
        self.assertEqual(counts(), (0, 0, 0, 0, 0, 0))
        self.run_import(f"export.{fmt}", first)
        self.assertEqual(export(fmt), first)
        return first

    def test_json_round_trip_into_an_empty_database_is_identical(self):
        """Every field survives JSON, members and outlets by their slugs."""
        self.round_trip("json")
        self.assertEqual(Member.objects.get(slug="moon-chung-in").name, "Moon Chung-in")
        self.assertEqual(
            Outlet.objects.get(slug="joongang").name, "Korea JoongAng Daily"
        )

    def test_csv_round_trip_into_an_empty_database_is_identical(self):
        """Every field survives CSV too, formula cells included."""
        self.round_trip("csv")
        self.assertTrue(Tag.objects.filter(name="=SUM(A1:A2)").exists())

    def test_a_translation_may_name_a_piece_later_in_the_file(self):
        """translation_of is a slug, linked once every record is in."""
        translation = {
            "title": "半島の平和", "slug": "heiwa", "language": "ja",
            "translation_of": "peace",
        }  # fmt: skip
        original = {"title": "Peace", "slug": "peace"}
        self.run_import("pieces.json", document(translation, original))
        piece = Commentary.objects.get(slug="heiwa")
        self.assertEqual(piece.translation_of, Commentary.objects.get(slug="peace"))
        self.assertEqual(piece.language, "ja")

    def test_a_translation_of_an_unknown_slug_is_refused_naming_the_record(self):
        translation = {"title": "半島の平和", "translation_of": "nowhere"}
        with self.assertRaises(CommandError) as caught:
            self.run_import("pieces.json", document(translation))
        self.assertIn("translation_of", str(caught.exception))
        self.assertIn("nowhere", str(caught.exception))
        self.assertFalse(Commentary.objects.exists())

    def test_an_unknown_language_is_refused(self):
        with self.assertRaises(CommandError) as caught:
            self.run_import("pieces.json", document({"title": "X", "language": "xx"}))
        self.assertIn("language", str(caught.exception))

    def test_importing_an_export_again_changes_nothing(self):
        """Idempotent: the second import reports every piece unchanged."""
        build_library()
        before = counts()
        out = self.run_import("export.json", export())
        self.assertIn("0 created, 0 updated, 3 unchanged", out)
        self.assertEqual(counts(), before)


class MatchingTests(TemporaryFolderMixin, TestCase):
    """A changed record updates its piece in place; a new one is created."""

    def test_record_matches_by_normalised_full_article_url(self):
        """http/https, www., a trailing slash and utm_ parameters are ignored."""
        piece = make_commentary(
            title="Old Title", full_article_url="https://www.example.org/a/b/"
        )
        out = self.run_import(
            "r.json",
            document(
                {
                    "title": "New Title",
                    "full_article_url": "http://example.org/a/b?utm_source=x",
                }
            ),
        )
        self.assertIn("1 updated", out)
        piece.refresh_from_db()
        self.assertEqual(piece.title, "New Title")
        self.assertEqual(Commentary.objects.count(), 1)

    def test_record_matches_by_slug_when_it_has_no_url(self):
        """With no URL, the slug finds the piece."""
        piece = make_commentary(title="Old", slug="the-piece", full_article_url="")
        self.run_import("r.json", document({"title": "New", "slug": "the-piece"}))
        piece.refresh_from_db()
        self.assertEqual(piece.title, "New")

    def test_record_without_slug_or_url_matches_by_title_and_outlet(self):
        """A hand-made row with a known title and outlet updates that piece."""
        outlet = make_outlet(name="Global Asia")
        piece = make_commentary(title="Same Title", outlet=outlet, full_article_url="")
        other = make_commentary(title="Same Title", full_article_url="")
        self.run_import(
            "r.csv", "title,outlet,summary\nsame title,GLOBAL ASIA,<p>New</p>\n"
        )
        piece.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((piece.title, piece.summary), ("Same Title", "<p>New</p>"))
        self.assertNotEqual(other.summary, "<p>New</p>")

    def test_record_with_a_new_slug_is_a_new_piece(self):
        """A slug names one piece: an unknown slug creates it, whatever the title."""
        make_commentary(title="Same Title", full_article_url="")
        self.run_import("r.json", document({"title": "Same Title", "slug": "another"}))
        self.assertEqual(Commentary.objects.filter(title="Same Title").count(), 2)

    def test_minimal_record_creates_a_draft(self):
        """Only a title is required; the rest takes its defaults."""
        out = self.run_import("r.json", document({"title": "Only a Title"}))
        self.assertIn("1 created", out)
        piece = Commentary.objects.get()
        self.assertEqual((piece.status, piece.kind), ("draft", "commentary"))

    def test_a_partial_record_leaves_other_fields_alone(self):
        """Fields a record leaves out keep their stored values."""
        piece = make_commentary(title="Kept", slug="kept", tags=["asia"])
        self.run_import(
            "r.json", document({"title": "Kept", "slug": "kept", "kind": "column"})
        )
        piece.refresh_from_db()
        self.assertEqual(piece.kind, "column")
        self.assertEqual([t.name for t in piece.tags.all()], ["asia"])
        self.assertEqual(piece.status, Commentary.Status.PUBLISHED)

    def test_hand_written_csv_lists_authors_and_tags_with_semicolons(self):
        """“Moon Chung-in; Pham Thi Phuong Thao”: a member, then an outside author."""
        moon = make_member(name="Chung-in Moon")
        self.run_import(
            "sheet.csv",
            "title,authors,tags,full_article_url\n"
            "A Piece,Moon Chung-in; Pham Thi Phuong Thao,Korea; nuclear,"
            "https://example.org/x\n",
        )
        piece = Commentary.objects.get()
        self.assertEqual(
            [(a.member, a.name) for a in piece.ordered_authorships()],
            [(moon, ""), (None, "Pham Thi Phuong Thao")],
        )
        self.assertEqual(sorted(t.name for t in piece.tags.all()), ["Korea", "nuclear"])

    def test_custom_lede_is_kept_and_generated_lede_is_not(self):
        """lede_is_custom decides whether the lede is stored."""
        self.run_import(
            "r.json",
            document(
                {"title": "A", "slug": "a", "lede": "Mine.", "lede_is_custom": True},
                {"title": "B", "slug": "b", "lede": "Stale.", "lede_is_custom": False},
            ),
        )
        ledes = dict(Commentary.objects.values_list("slug", "lede_override"))
        self.assertEqual(ledes, {"a": "Mine.", "b": ""})

    def test_summary_is_sanitised_on_import(self):
        """Scripts and javascript: links in a summary never reach the database."""
        self.run_import(
            "r.json",
            document(
                {
                    "title": "A",
                    "summary": '<p>Hi<script>alert(1)</script><a href="javascript:x">'
                    "link</a></p>",
                }
            ),
        )
        summary = Commentary.objects.get().summary
        self.assertNotIn("script", summary)
        self.assertNotIn("javascript", summary)

    def test_top_level_keys_may_come_in_any_order(self):
        """A tool that sorts keys ("commentaries" first) writes a valid file."""
        text = json.dumps(
            {
                "version": 1,
                "format": "fulcrum-commentaries",
                "commentaries": [{"title": "A"}],
            },
            sort_keys=True,
        )
        self.assertIn("1 created", self.run_import("sorted.json", text))

    def test_records_read_the_same_in_tiny_chunks(self):
        """Chunk boundaries inside strings, escapes and UTF-8 change nothing."""
        build_library()
        text = export()
        empty_database()
        with mock.patch.object(sources, "CHUNK_CHARS", 7):
            self.run_import("export.json", text)
        self.assertEqual(export(), text)

    def test_dry_run_reports_and_writes_nothing(self):
        """--dry-run lists what would be created and rolls it all back."""
        author = {"name": "New Person", "member": "new"}
        out = self.run_import(
            "r.json", document({"title": "A", "authors": [author]}), dry_run=True
        )
        self.assertIn("Would import 1 commentary: 1 created", out)
        self.assertIn("Dry run: nothing was written.", out)
        self.assertEqual(counts(), (0, 0, 0, 0, 0, 0))

    def test_queries_per_record_do_not_grow_with_the_file(self):
        """Members, outlets and tags are looked up once, not per record."""
        make_member(name="Moon Chung-in", slug="moon")
        make_outlet(name="Global Asia", slug="global-asia")
        Tag.objects.create(name="Korea")

        def queries(start, count):
            pieces = [
                {
                    "title": f"Piece {n}",
                    "slug": f"piece-{n}",
                    "outlet": {"name": "Global Asia", "slug": "global-asia"},
                    "authors": [
                        {"name": "Moon Chung-in", "member": "moon", "role": ""},
                        {"name": "Outside Person", "member": None, "role": ""},
                    ],
                    "tags": ["Korea"],
                }
                for n in range(start, start + count)
            ]
            with CaptureQueriesContext(connection) as captured:
                self.run_import(f"r{start}.json", document(*pieces))
            return len(captured)

        five, ten, fifteen = queries(0, 5), queries(100, 10), queries(200, 15)
        self.assertEqual(ten - five, fifteen - ten)
        self.assertLessEqual((ten - five) / 5, 6)


class BadInputTests(TemporaryFolderMixin, TestCase):
    """Each bad file: a clear error naming where, exit status 1, nothing written."""

    def assertRefused(self, name, content, *fragments, returncode=1):
        before = counts()
        with self.assertRaises(CommandError) as caught:
            self.run_import(name, content)
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertIn("nothing was imported", message)
        self.assertEqual(caught.exception.returncode, returncode)
        self.assertEqual(counts(), before)
        return message

    def test_empty_file_is_refused(self):
        """An empty JSON file and an empty CSV file."""
        self.assertRefused("empty.json", "", "empty.json", "empty")
        self.assertRefused("empty.csv", "", "empty.csv", "empty")

    def test_binary_file_is_refused(self):
        """Binary bytes, whatever the extension."""
        self.assertRefused(
            "data.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"
        )

    def test_latin_1_csv_is_refused_naming_the_line_and_byte(self):
        """The first byte that is not UTF-8 is named with its line and offset."""
        content = "title,summary\nFine,ok\nCaf\u00e9,x\n".encode("latin-1")
        self.assertRefused(
            "sheet.csv", content, "sheet.csv:3", "0xE9", "byte offset 25", "not UTF-8"
        )

    def test_utf_16_json_with_a_byte_order_mark_is_refused(self):
        """UTF-16 is named, with what to do about it."""
        content = document({"title": "A"}).encode("utf-16")
        self.assertRefused("data.json", content, "UTF-16", "save it as UTF-8")

    def test_javascript_url_is_refused_naming_record_and_field(self):
        """full_article_url must start with http:// or https://."""
        self.assertRefused(
            "r.json",
            document(
                {"title": "A"},
                {"title": "B", "full_article_url": "javascript:alert(1)"},
            ),
            "r.json record 2",
            "full_article_url",
            "http:// or https://",
            "javascript:alert(1)",
        )  # fmt: skip

    def test_javascript_url_of_an_author_or_image_is_refused(self):
        """Every URL field is checked, nested ones included."""
        self.assertRefused(
            "r.json",
            document(
                {"title": "A", "authors": [{"name": "X", "url": "javascript:x"}]},
                {
                    "title": "B",
                    "image": {"credit": "C", "source_url": "data:text/html,x"},
                },
            ),
            "record 1 (line 2), field “authors[0].url”",
            "record 2 (line 3), field “image.source_url”",
        )

    def test_duplicate_records_are_refused_naming_both(self):
        """The same piece twice (same URL, spelled differently) is an error."""
        self.assertRefused(
            "r.json",
            document(
                {"title": "A", "full_article_url": "https://example.org/a"},
                {"title": "B", "full_article_url": "http://www.example.org/a/"},
            ),
            "r.json record 2 (line 3): this duplicates record 1 (line 2)",
            "full_article_url",
        )

    def test_malformed_csv_rows_are_refused_naming_the_line(self):
        """Too many cells, or a quote left open."""
        self.assertRefused(
            "extra.csv",
            "title,summary\nA,x\nB,y,z\n",
            "extra.csv record 2 (line 3)",
            "3 cells",
        )
        self.assertRefused(
            "quote.csv",
            'title,summary\nA,"never closed\n',
            "quote.csv",
            "malformed CSV",
        )

    def test_unknown_csv_column_is_refused(self):
        """A misspelt column is named, with the columns there are."""
        self.assertRefused("r.csv", "titel\nA\n", "r.csv:1", "unknown column “titel”")

    def test_invalid_json_is_refused_with_its_line(self):
        """A syntax error is located."""
        self.assertRefused(
            "r.json",
            '{"format": "fulcrum-commentaries", "version": 1, "commentaries": [\n'
            '{"title": "A"},\n{"title": "B",}\n]}',
            "r.json record 2 (line 3)",
            "invalid JSON",
        )

    def test_other_formats_and_versions_are_refused(self):
        """A members file, or a version this code does not read."""
        self.assertRefused(
            "m.json", document(format="fulcrum-members"), "not a fulcrum-commentaries"
        )
        self.assertRefused("v.json", document(version=2), "version 2 is not supported")
        self.assertRefused("f.json", "[]", "expected a JSON object")

    def test_unknown_and_invalid_fields_are_refused(self):
        """A misspelt field, a bad kind, a bad date: each named."""
        message = self.assertRefused(
            "r.json",
            document(
                {"titel": "A"},
                {"title": "B", "kind": "poem"},
                {"title": "C", "original_published": "May 2023"},
                {"title": "D", "published_at": "yesterday"},
                {"title": ""},
            ),
            "5 errors",
            "record 1 (line 2), field “titel”: unknown field",
            "field “kind”: expected one of commentary, column",
            "field “original_published”: expected YYYY, YYYY-MM or YYYY-MM-DD",
            "field “published_at”: expected an ISO 8601",
            "record 5 (line 6), field “title”: expected a non-empty value",
        )
        self.assertTrue(message.startswith("5 errors; nothing was imported."))

    def test_lengths_are_the_models(self):
        """A value longer than its model field holds is refused, with that limit."""
        title = Commentary._meta.get_field("title").max_length
        url = Authorship._meta.get_field("url").max_length
        long_url = "https://example.org/" + "a" * url
        self.assertRefused(
            "r.json",
            document(
                {"title": "T" * (title + 1)},
                {"title": "B", "authors": [{"name": "X", "url": long_url}]},
            ),
            f"record 1 (line 2), field “title”: expected at most {title} characters",
            f"record 2 (line 3), field “authors[0].url”: expected at most {url} ",
        )

    def test_bad_record_after_good_ones_writes_nothing(self):
        """Atomic: the good records before an error are not kept."""
        self.assertRefused(
            "r.json",
            document({"title": "A"}, {"title": "B"}, {"title": "C", "status": "gone"}),
            "record 3",
        )
        self.assertEqual(Commentary.objects.count(), 0)

    def test_fifty_megabyte_record_is_refused_without_reading_it_all(self):
        """One record may be at most 5 MB: a 50 MB summary is refused."""
        path = self.folder / "huge.json"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write('{"format": "fulcrum-commentaries", "version": 1, ')
            handle.write('"commentaries": [{"title": "Huge", "summary": "')
            handle.write("x" * (50 * 1024 * 1024))
            handle.write('"}]}')
        before = counts()
        with self.assertRaises(CommandError) as caught:
            call_command("import_commentaries", str(path), stdout=io.StringIO())
        self.assertIn("huge.json record 1", str(caught.exception))
        self.assertIn("larger than 5 MB", str(caught.exception))
        self.assertEqual(counts(), before)

    def test_missing_file_and_unknown_extension_are_wrong_usage(self):
        """Exit status 2 when the command is called wrongly."""
        with self.assertRaises(CommandError) as caught:
            call_command("import_commentaries", str(self.folder / "none.json"))
        self.assertEqual(caught.exception.returncode, 2)
        with self.assertRaises(CommandError) as caught:
            call_command("import_commentaries", str(self.write("data.txt", "x")))
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("--format", str(caught.exception))


class NaughtyTitleTests(TemporaryFolderMixin, TestCase):
    """Hostile strings as titles: stored as given, shown escaped."""

    naughty = DATA / "naughty-strings.json"

    def test_naughty_strings_are_stored_verbatim_and_rendered_escaped(self):
        """Every string of the list is a title; pages escape the HTML ones."""
        strings = json.loads(self.naughty.read_text(encoding="utf-8"))
        titles = {
            f"naughty-{n}": text for n, text in enumerate(strings) if text.strip()
        }
        self.run_import(
            "naughty.json",
            document(
                *[
                    {
                        "title": text,
                        "slug": slug,
                        "status": "published",
                        "published_at": "2024-01-01T00:00:00+00:00",
                    }
                    for slug, text in titles.items()
                ]
            ),
        )
        stored = dict(Commentary.objects.values_list("slug", "title"))
        self.assertEqual(stored, {s: t.strip() for s, t in titles.items()})
        html_titles = {s: t.strip() for s, t in titles.items() if "<" in t}
        self.assertGreater(len(html_titles), 10)
        for slug, title in html_titles.items():
            with self.subTest(title=title):
                response = self.client.get(f"/commentaries/{slug}/")
                self.assertEqual(response.status_code, 200)
                content = response.content.decode()
                self.assertIn(escape(title), content)
                self.assertNotIn(title, content)


@pytest.mark.corpus
class CorpusNaughtyTitleTests(NaughtyTitleTests):
    """The same with the whole Big List of Naughty Strings."""

    naughty = BLNS
