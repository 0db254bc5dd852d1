"""manage.py draft_from_url (issue 15, item 1): a page read into a draft, with
--dry-run and honest exit codes."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from taggit.models import Tag

from articles.models import Commentary
from images.models import Image
from tests.draftpages import DraftSiteMixin
from tests.factories import make_member, make_outlet
from tests.netguard import fake_dns

KANTEI = "https://www.kantei.go.jp/jp/101_kishida/actions/202211/12asean.html"


@override_settings(FETCH_ALLOWED_HOSTS=["fulcrum.sg"])
class DraftFromUrlCommandTests(DraftSiteMixin, TestCase):
    site_host = "fulcrum.sg"

    @classmethod
    def setUpTestData(cls):
        cls.ha = make_member(name="Hoang Thi Ha")
        cls.fulcrum = make_outlet(
            name="Fulcrum", label="FULCRUM", homepage_url="https://fulcrum.sg/"
        )
        Tag.objects.create(name="Japan")

    def run_command(self, path, *args):
        out, err = StringIO(), StringIO()
        with fake_dns({"fulcrum.sg": "127.0.0.1"}):
            call_command(
                "draft_from_url",
                self.site.url(path),
                *args,
                "--timeout",
                "1",
                stdout=out,
                stderr=err,
            )
        return out.getvalue(), err.getvalue()

    def test_the_seed_article_is_saved_as_a_draft_with_its_image(self):
        out, err = self.run_command("/fulcrum-japan-asean/")
        piece = Commentary.objects.get()
        self.assertEqual(piece.status, Commentary.Status.DRAFT)
        self.assertEqual(
            piece.title,
            "Japan and Southeast Asia Set to Co-Create an Interwoven Future",
        )
        self.assertEqual(piece.outlet, self.fulcrum)
        self.assertEqual(
            piece.full_article_url, "https://fulcrum.sg/japan-and-southeast-asia/"
        )
        self.assertEqual(piece.original_published_iso, "2023-12-15")
        self.assertEqual(
            [(a.member, a.name) for a in piece.ordered_authorships()],
            [(self.ha, ""), (None, "Pham Thi Phuong Thao")],
        )
        self.assertEqual(list(piece.tags.names()), ["Japan"])
        self.assertTrue(piece.summary.startswith("<blockquote><p>Decades of nurturing"))
        self.assertEqual(
            (piece.image.credit, piece.image.source_url), ("内閣官房内閣広報室", KANTEI)
        )
        self.assertIn(
            "  authors: 1. Hoang Thi Ha (member); 2. Pham Thi Phuong Thao (outside author)",
            out,
        )
        self.assertIn(
            "  tags:    Japan (keywords that are no tag: ASEAN, Soft Power)", out
        )
        self.assertIn(f"Saved the draft “{piece}”", out)
        self.assertEqual(err, "")

    def test_a_dry_run_prints_what_was_read_and_saves_nothing(self):
        out, _err = self.run_command("/fulcrum-japan-asean/", "--dry-run")
        self.assertIn("  outlet:  Fulcrum (on file)", out)
        self.assertIn("  date:    2023-12-15 (day)", out)
        self.assertIn("Dry run: nothing was saved.", out)
        self.assertFalse(Commentary.objects.exists())
        self.assertFalse(Image.objects.exists())

    def test_running_twice_saves_one_draft(self):
        self.run_command("/fulcrum-japan-asean/")
        out, _err = self.run_command("/fulcrum-japan-asean/")
        self.assertIn("Already on file", out)
        self.assertEqual(Commentary.objects.count(), 1)

    def test_a_page_without_an_image_credit_is_saved_without_the_image_saying_why(self):
        self.fulcrum.delete()  # The page's domain and name then match no outlet.
        out, err = self.run_command("/opengraph/")
        piece = Commentary.objects.get()
        self.assertIsNone(piece.image)
        self.assertIn("Image not attached: the page states no credit", err)
        self.assertIn(
            "  outlet:  left blank: No outlet on file has the name “THE KOREA TIMES”",
            out,
        )

    def test_a_page_that_cannot_be_read_exits_with_an_error_and_saves_nothing(self):
        for path, message in (
            ("/nothing/", "states no title, author"),
            ("/missing/", "answered HTTP 404"),
        ):
            with (
                self.subTest(path=path),
                self.assertRaisesMessage(CommandError, message),
            ):
                self.run_command(path)
        self.assertFalse(Commentary.objects.exists())
