"""Imports never override an editor and never end in a traceback (issue 14).

Item 8: a re-import keeps the status of an existing piece. Item 18: bad
input gets a located message and exit status 1. Item 19: one element of a
WordPress export is capped. Item 20: a failed import leaves no media file,
and find_orphan_media finds those a killed one left.
"""

import io
import os
import shutil
import signal
import tempfile
import time
import tracemalloc
from pathlib import Path
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from articles.models import Commentary
from images import renditions
from images.models import Image
from tests.articles.test_import_summaries import DATA as SUMMARIES
from tests.articles.test_import_wordpress import APLN, AplnSiteMixin, media_files
from tests.factories import make_image, png_bytes
from transfer.wordpress import parser
from transfer.wordpress.importer import WordPressImport


def run(command, *args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


class FolderMixin:
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="fulcrum-import-safety-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def write(self, name, content):
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path


# --- Item 8: an editor's decision about status stands ------------------------------


class SummaryStatusTests(FolderMixin, TestCase):
    def page(self):
        """A saved summary page with a link and no photo: ready to publish."""
        html = (SUMMARIES / "html" / "saved_page.html").read_text(encoding="utf-8")
        lines = [line for line in html.splitlines() if "Photo:" not in line]
        return self.write("page.html", "\n".join(lines))

    def test_reimport_with_publish_keeps_a_piece_an_editor_took_back(self):
        """Published by an import, taken back to draft or withdrawn by an
        editor: the same import again with --publish changes nothing."""
        page = self.page()
        run("import_summaries", page, publish=True)
        piece = Commentary.objects.get()
        self.assertEqual(piece.status, Commentary.Status.PUBLISHED)
        for status, label in (
            (Commentary.Status.DRAFT, "draft"),
            (Commentary.Status.WITHDRAWN, "withdrawn"),
        ):
            with self.subTest(status):
                Commentary.objects.filter(pk=piece.pk).update(status=status)
                out, _ = run("import_summaries", page, publish=True)
                piece.refresh_from_db()
                self.assertEqual(piece.status, status)
                self.assertFalse(piece.is_published)
                self.assertIn(f"kept as {label}: the piece exists already", out)


class WordPressStatusTests(AplnSiteMixin, TestCase):
    def test_reimport_with_publish_keeps_a_piece_an_editor_took_back(self):
        self.run_import("--publish")
        slug = "japan-southeast-asia"
        self.assertEqual(self.piece(slug).status, Commentary.Status.PUBLISHED)
        for status, label in (
            (Commentary.Status.DRAFT, "draft"),
            (Commentary.Status.WITHDRAWN, "withdrawn"),
        ):
            with self.subTest(status):
                Commentary.objects.filter(slug=slug).update(status=status)
                out, _ = self.run_import("--publish")
                self.assertEqual(self.piece(slug).status, status)
                self.assertIn(f"kept as {label}: the piece exists already", out)


# --- Item 18: bad input ends in a located message, never a traceback -------------


DEEP = "[" * 3000 + "]" * 3000


def commentaries_file(*records):
    body = ",\n".join(records)
    return (
        '{"format": "fulcrum-commentaries", "version": 1, "commentaries": [\n'
        f"{body}\n]}}\n"
    )


class BadInputTests(FolderMixin, TestCase):
    def setUp(self):
        super().setUp()
        media = override_settings(MEDIA_ROOT=str(self.folder / "media"))
        media.enable()
        self.addCleanup(media.disable)

    def assert_refused(self, command, path, *messages):
        with self.assertRaises(CommandError) as caught:
            run(command, path)
        self.assertEqual(caught.exception.returncode, 1)
        for message in messages:
            self.assertIn(message, str(caught.exception))
        self.assertFalse(Commentary.objects.exists())
        self.assertFalse(Image.objects.exists())
        return str(caught.exception)

    def test_deeply_nested_json_is_refused_where_it_starts(self):
        """3,000 nested “[” as a record, or as a field's value."""
        cases = {
            "record": commentaries_file('{"title": "Fine"}', DEEP),
            "field": commentaries_file('{"title": "Fine"}', f'{{"title": {DEEP}}}'),
            "image": commentaries_file(f'{{"title": "A", "image": {DEEP}}}'),
        }
        for label, text in cases.items():
            with self.subTest(label):
                path = self.write(f"{label}.json", text)
                record = "record 1" if label == "image" else "record 2"
                self.assert_refused(
                    "import_commentaries",
                    path,
                    f"{path.name} {record}",
                    "nested more than 32 levels deep",
                )

    def test_deeply_nested_members_file_is_refused(self):
        path = self.write(
            "members.json",
            '{"format": "fulcrum-members", "version": 1, "members": '
            f'[{{"name": "A", "links": {DEEP}}}]}}',
        )
        self.assert_refused(
            "import_members", path, "record 1", "nested more than 32 levels deep"
        )

    def test_deeply_nested_json_in_a_csv_cell_is_refused(self):
        path = self.write("pieces.csv", f'title,tags\nA piece,"{DEEP}"\n')
        self.assert_refused(
            "import_commentaries",
            path,
            "pieces.csv",
            "field “tags”",
            "nested more than 32 levels deep",
        )

    def image_record(self, file):
        return commentaries_file(
            '{"title": "A piece", "image": {"credit": "Photographer", '
            f'"alt_text": "Leaders meet", "file": "{file}"}}}}'
        )

    def test_image_file_naming_a_folder_is_refused(self):
        (self.folder / "media" / "images" / "2024").mkdir(parents=True)
        path = self.write("folder.json", self.image_record("images/2024"))
        self.assert_refused(
            "import_commentaries",
            path,
            "record 1",
            "field “image.file”",
            "“images/2024” is a folder",
        )

    def test_image_file_that_is_not_a_stored_image_is_refused(self):
        """A file in the media folder that no image uses is checked first."""
        media = self.folder / "media" / "images"
        media.mkdir(parents=True)
        (media / "page.png").write_bytes(b"<html><script>alert(1)</script></html>")
        (media / "photo.png").write_bytes(png_bytes(fmt="JPEG"))
        for name in ("page.png", "photo.png"):
            with self.subTest(name):
                path = self.write("file.json", self.image_record(f"images/{name}"))
                self.assert_refused(
                    "import_commentaries",
                    path,
                    "record 1",
                    "field “image.file”",
                    f"“images/{name}” is not an image Fulcrum can store",
                )

    def test_image_file_that_is_a_stored_image_is_accepted(self):
        media = self.folder / "media" / "images"
        media.mkdir(parents=True)
        (media / "photo.png").write_bytes(png_bytes())
        run(
            "import_commentaries",
            self.write("ok.json", self.image_record("images/photo.png")),
        )
        self.assertEqual(Commentary.objects.get().image.file.name, "images/photo.png")


# --- Item 19: one element of a WordPress export is capped --------------------------


class ElementSizeTests(FolderMixin, TestCase):
    """A huge post body is refused at its line, before it is held whole."""

    def export_with_body(self, size):
        """The APLN export with the first post's body grown to size characters."""
        text = APLN.read_text(encoding="utf-8")
        marker = "<content:encoded><![CDATA["
        self.assertIn(marker, text)
        line = text[: text.index(marker)].count("\n") + 1
        grown = text.replace(marker, marker + "x" * size, 1)
        return self.write("big.WordPress.xml", grown), line

    def test_post_body_over_the_cap_is_refused_with_its_line(self):
        path, line = self.export_with_body(300 * 1024)
        with (
            mock.patch.object(parser, "MAX_ELEMENT_CHARS", 256 * 1024),
            self.assertRaises(CommandError) as caught,
        ):
            run("import_wordpress", path)
        self.assertEqual(caught.exception.returncode, 1)
        message = str(caught.exception)
        self.assertIn(f"{path.name}:{line}", message)
        self.assertIn("<content:encoded> holds more than 256 KB of text", message)
        self.assertFalse(Commentary.objects.exists())

    def test_memory_stays_near_the_cap(self):
        """With a 1 MB cap, a 6 MB body is refused holding little more than 1 MB."""
        path, _ = self.export_with_body(6 * 1024 * 1024)
        tracemalloc.start()
        try:
            with (
                mock.patch.object(parser, "MAX_ELEMENT_CHARS", 1024 * 1024),
                self.assertRaisesMessage(CommandError, "holds more than 1 MB"),
            ):
                run("import_wordpress", path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertLess(peak, 5 * 1024 * 1024)

    def test_item_over_its_cap_is_refused(self):
        path, line = self.export_with_body(300 * 1024)
        with (
            mock.patch.object(parser, "MAX_ITEM_CHARS", 256 * 1024),
            self.assertRaisesMessage(CommandError, "in all its elements"),
        ):
            run("import_wordpress", path)

    def test_bodies_under_the_cap_import(self):
        path, _ = self.export_with_body(100 * 1024)
        with mock.patch.object(parser, "MAX_ELEMENT_CHARS", 256 * 1024):
            out, _ = run("import_wordpress", path)
        self.assertIn("Imported 5 posts", out)


# --- Item 20: no orphan media files ---------------------------------------------------


class OwnMediaFolder:
    """An empty media folder for the test: these tests look at every file in
    the storage, and other tests of the process may have left theirs."""

    def setUp(self):
        folder = tempfile.mkdtemp(prefix="fulcrum-media-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=folder)
        media.enable()
        self.addCleanup(media.disable)
        super().setUp()


class FailedWordPressImportTests(OwnMediaFolder, AplnSiteMixin, TestCase):
    def test_failure_while_storing_an_image_leaves_no_file(self):
        """The second attachment's renditions fail after its file was stored,
        and the first's are complete: neither leaves a file."""
        real = renditions.make_renditions
        calls = []

        def failing(image):
            calls.append(image)
            if len(calls) == 2:
                real(image)  # some renditions written, then the disk fills
                raise OSError("No space left on device")
            return real(image)

        with (
            mock.patch.object(renditions, "make_renditions", failing),
            self.assertRaisesMessage(OSError, "No space left on device"),
        ):
            self.run_import("--publish")
        self.assertEqual(len(calls), 2)
        self.assertEqual(media_files(), [])
        self.assertFalse(Image.objects.exists())

    def test_sigterm_mid_import_rolls_back_and_leaves_no_file(self):
        """`kill` (SIGTERM) after the first post: no row, no file."""
        real = WordPressImport.import_post
        posts = []

        def import_post(importer, item):
            real(importer, item)
            posts.append(item)
            if len(posts) == 1:
                self.assertTrue(media_files())
                handler = signal.getsignal(signal.SIGTERM)
                self.assertTrue(callable(handler), "SIGTERM would kill the import")
                handler(signal.SIGTERM, None)

        with (
            mock.patch.object(WordPressImport, "import_post", import_post),
            self.assertRaises(SystemExit) as caught,
        ):
            self.run_import("--publish")
        self.assertEqual(caught.exception.code, 128 + signal.SIGTERM)
        self.assertEqual(media_files(), [])
        self.assertFalse(Commentary.objects.exists())
        self.assertIs(signal.getsignal(signal.SIGTERM), signal.SIG_DFL)


class FindOrphanMediaTests(OwnMediaFolder, TestCase):
    def setUp(self):
        self.addCleanup(self.delete_media)

    def delete_media(self):
        for name in media_files():
            default_storage.delete(name)

    def plant(self, name, age_minutes=120):
        name = default_storage.save(name, ContentFile(png_bytes()))
        old = time.time() - age_minutes * 60
        os.utime(default_storage.path(name), (old, old))
        return name

    def test_lists_then_deletes_only_files_no_image_references(self):
        image = make_image()
        used = {image.file.name} | {r["name"] for r in image.renditions}
        self.assertGreater(len(used), 1)
        orphan = self.plant("images/2020/01/left-by-a-killed-import.png")
        rendition = self.plant("renditions/9999/left-800.webp")
        recent = self.plant("images/2020/01/upload-in-progress.png", age_minutes=1)

        out, _ = run("find_orphan_media")
        self.assertIn(orphan, out)
        self.assertIn(rendition, out)
        self.assertNotIn(recent, out)
        for name in used:
            self.assertNotIn(name, out)
        self.assertIn("2 files no image references", out)
        self.assertIn("--delete", out)
        self.assertTrue(default_storage.exists(orphan))  # a dry run by default

        out, _ = run("find_orphan_media", "--delete")
        self.assertIn("Deleted 2 files", out)
        self.assertFalse(default_storage.exists(orphan))
        self.assertFalse(default_storage.exists(rendition))
        self.assertTrue(default_storage.exists(recent))
        for name in used:
            self.assertTrue(default_storage.exists(name), name)

        out, _ = run("find_orphan_media", "--older-than", "0")
        self.assertIn(recent, out)
