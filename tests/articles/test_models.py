"""Commentaries, outlets, images and authorships: rules the database keeps."""

import datetime
import struct
import zlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.models import Authorship, Commentary, Outlet
from images.models import Image
from tests.factories import (
    image_upload,
    make_commentary,
    make_image,
    make_member,
    make_outlet,
)

NOW = timezone.now()


def png_declaring(width, height):
    """A tiny PNG whose header claims width × height pixels (no pixel data)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


PAST = NOW - datetime.timedelta(days=1)
FUTURE = NOW + datetime.timedelta(days=1)


class VisibilityTests(TestCase):
    """Only published pieces whose publish time has passed, and whose
    unpublish time (if any) has not, are public."""

    @classmethod
    def setUpTestData(cls):
        cls.matrix = {}
        for status in Commentary.Status:
            for when, published_at in (("past", PAST), ("future", FUTURE)):
                cls.matrix[status, when] = make_commentary(
                    title=f"{status} {when}", status=status, published_at=published_at
                )
        # The unpublish time: ended already, or still to come.
        for when, published_at, ends, unpublish_at in (
            ("past", PAST, "ended", NOW - datetime.timedelta(hours=1)),
            ("past", PAST, "ends later", FUTURE),
            ("future", FUTURE, "ends later", FUTURE + datetime.timedelta(days=1)),
        ):
            cls.matrix["published", when, ends] = make_commentary(
                title=f"published {when}, {ends}",
                published_at=published_at,
                unpublish_at=unpublish_at,
            )

    def titles(self, queryset):
        return sorted(queryset.values_list("title", flat=True))

    def test_published_returns_only_published_pieces_whose_time_has_passed(self):
        """The draft/review/published/withdrawn × past/future × ended matrix."""
        self.assertEqual(
            self.titles(Commentary.objects.published()),
            ["published past", "published past, ends later"],
        )

    def test_live_includes_scheduled_and_ended_pieces(self):
        """live() is published whatever the times; scheduled() and ended() parts."""
        self.assertEqual(
            self.titles(Commentary.objects.live()),
            [
                "published future",
                "published future, ends later",
                "published past",
                "published past, ended",
                "published past, ends later",
            ],
        )
        self.assertEqual(
            self.titles(Commentary.objects.scheduled()),
            ["published future", "published future, ends later"],
        )
        self.assertEqual(
            self.titles(Commentary.objects.ended()), ["published past, ended"]
        )

    def test_is_published_agrees_with_published_for_every_case(self):
        """The single-object rule mirrors the queryset rule."""
        public = set(Commentary.objects.published().values_list("pk", flat=True))
        for key, commentary in self.matrix.items():
            with self.subTest(key=key):
                self.assertEqual(commentary.is_published, commentary.pk in public)

    def test_the_sitemaps_rule_is_the_same_rule(self):
        """published_q(), seen from another model, finds the same pieces."""
        from articles.models import published_q

        self.assertEqual(
            set(Commentary.objects.filter(published_q()).values_list("pk")),
            set(Commentary.objects.published().values_list("pk")),
        )

    def test_each_piece_shows_its_state_to_editors(self):
        """Scheduled, Ended and Ready for review read as such."""
        for key, label in (
            (("published", "future"), "Scheduled"),
            (("published", "past"), "Published"),
            (("published", "past", "ended"), "Ended"),
            (("published", "past", "ends later"), "Published"),
            (("published", "future", "ends later"), "Scheduled"),
            (("review", "past"), "Ready for review"),
            (("draft", "future"), "Draft"),
            (("withdrawn", "past"), "Withdrawn"),
        ):
            with self.subTest(key=key):
                self.assertEqual(self.matrix[key].visibility, label)

    def test_unpublish_time_must_follow_the_publish_time(self):
        """An unpublish time before the publish time is refused twice over."""
        piece = self.matrix["published", "past"]
        piece.unpublish_at = PAST - datetime.timedelta(hours=1)
        with self.assertRaises(ValidationError) as caught:
            piece.full_clean()
        self.assertIn("unpublish_at", caught.exception.message_dict)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Commentary.objects.filter(pk=piece.pk).update(unpublish_at=PAST)


class CommentaryTests(TestCase):
    def test_published_without_time_gets_the_current_time(self):
        """Publishing with no time means 'now'."""
        commentary = make_commentary(status="published", published_at=None)
        self.assertIsNotNone(commentary.published_at)
        self.assertTrue(commentary.is_published)

    def test_database_refuses_published_without_time(self):
        """The constraint holds when save() is bypassed."""
        commentary = make_commentary(status="draft")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Commentary.objects.filter(pk=commentary.pk).update(status="published")

    def test_only_web_links_are_accepted_as_full_article_urls(self):
        """javascript:, data: and ftp: URLs fail validation and the database rule."""
        for url in ("javascript:alert(1)", "data:text/html,x", "ftp://example.org/a"):
            commentary = make_commentary(status="draft")
            commentary.full_article_url = url
            with self.subTest(url=url):
                with self.assertRaises(ValidationError) as caught:
                    commentary.full_clean()
                self.assertIn("full_article_url", caught.exception.message_dict)
                with self.assertRaises(IntegrityError), transaction.atomic():
                    Commentary.objects.filter(pk=commentary.pk).update(
                        full_article_url=url
                    )

    def test_summary_is_sanitised_on_save(self):
        """Scripts and event handlers never reach the database."""
        commentary = make_commentary(
            summary='<p onclick="x()">Hi <script>alert(1)</script><b>there</b></p>'
        )
        commentary.refresh_from_db()
        self.assertNotIn("script", commentary.summary)
        self.assertNotIn("onclick", commentary.summary)
        self.assertIn("<p>Hi", commentary.summary)

    def test_title_slug_handles_vietnamese_and_collisions(self):
        """Slugs come from the title, unique, and right for đ."""
        first = make_commentary(title="Đối thoại an ninh")
        second = make_commentary(title="Đối thoại an ninh")
        self.assertEqual(first.slug, "doi-thoai-an-ninh")
        self.assertEqual(second.slug, "doi-thoai-an-ninh-2")

    def test_partial_original_dates_keep_their_precision(self):
        """A year-only or month-only date shows no invented day."""
        commentary = make_commentary(
            original_published_on=datetime.date(2023, 5, 17),
            original_published_precision="month",
        )
        commentary.refresh_from_db()
        self.assertEqual(commentary.original_published_on, datetime.date(2023, 5, 1))
        self.assertEqual(commentary.original_published_display, "May 2023")
        self.assertEqual(commentary.original_published_iso, "2023-05")
        commentary.original_published_precision = "year"
        self.assertEqual(commentary.original_published_display, "2023")
        self.assertEqual(commentary.original_published_iso, "2023")

    def test_lede_is_generated_from_ordered_authors_unless_overridden(self):
        """Reordering authors changes the lede; an override wins."""
        ha = make_member(name="Hoang Thi Ha")
        outlet = make_outlet(name="Fulcrum", label="FULCRUM")
        commentary = make_commentary(
            authors=[ha, "Pham Thi Phuong Thao"], outlet=outlet
        )
        self.assertEqual(
            commentary.lede,
            "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao.",
        )
        commentary.lede_override = "APLN member Hoang Thi Ha writes with a colleague."
        self.assertEqual(commentary.lede, commentary.lede_override)

    def test_tags_are_case_insensitive(self):
        """'Nuclear' and 'nuclear' are one tag."""
        first = make_commentary(tags=["Nuclear"])
        second = make_commentary(tags=["nuclear"])
        self.assertEqual(
            list(first.tags.values_list("pk", flat=True)),
            list(second.tags.values_list("pk", flat=True)),
        )


class LedeOutletTests(TestCase):
    def test_a_lede_names_the_outlet_by_its_label_unless_the_label_shouts(self):
        """A label in capitals is shown above the lede, not inside it."""
        member = make_member(name="Han Seung-woo")
        cases = [
            (("Fulcrum", "FULCRUM"), "for Fulcrum."),
            (
                ("APLN Column, The Seoul Ledger", "The Seoul Ledger"),
                "for The Seoul Ledger.",
            ),
            (("East Asia Forum", ""), "for East Asia Forum."),
        ]
        for (name, label), ending in cases:
            with self.subTest(name=name):
                outlet = make_outlet(name=name, label=label)
                piece = make_commentary(authors=[member], outlet=outlet)
                self.assertTrue(piece.lede.endswith(ending), piece.lede)


class AuthorshipTests(TestCase):
    def test_database_requires_exactly_one_of_member_or_name(self):
        """Neither, or both, is refused by the database."""
        commentary = make_commentary()
        member = make_member()
        for kwargs in ({}, {"member": member, "name": "Someone"}):
            with self.subTest(kwargs=kwargs):
                with self.assertRaises(IntegrityError), transaction.atomic():
                    Authorship.objects.create(commentary=commentary, **kwargs)

    def test_clean_explains_the_rule_to_editors(self):
        """The form error says what to do."""
        with self.assertRaisesMessage(ValidationError, "Choose a member or type"):
            Authorship(commentary=make_commentary()).full_clean()

    def test_a_member_is_credited_once_per_piece(self):
        """The same member twice on one piece is refused."""
        member = make_member()
        commentary = make_commentary(authors=[member])
        with self.assertRaises(IntegrityError), transaction.atomic():
            Authorship.objects.create(commentary=commentary, member=member, position=1)


class OutletTests(TestCase):
    def test_outlet_names_are_unique_whatever_their_case(self):
        """'KOREA JOONGANG DAILY' is 'Korea JoongAng Daily'."""
        make_outlet(name="Korea JoongAng Daily")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Outlet.objects.create(name="KOREA JOONGANG DAILY")
        with self.assertRaisesMessage(ValidationError, "already exists"):
            Outlet(name="korea joongang daily").full_clean()

    def test_display_label_falls_back_to_the_name(self):
        """An outlet without a label shows its name."""
        self.assertEqual(make_outlet(name="Global Asia").display_label, "Global Asia")
        self.assertEqual(
            make_outlet(name="Fulcrum", label="FULCRUM").display_label, "FULCRUM"
        )


class ImageTests(TestCase):
    def test_image_needs_alt_text_or_the_decorative_choice(self):
        """Both the form rule and the database rule."""
        with self.assertRaisesMessage(ValidationError, "mark it as decorative"):
            Image(file=image_upload(), credit="X", alt_text="").full_clean()
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_image(alt_text="", is_decorative=False)
        self.assertTrue(make_image(alt_text="", is_decorative=True).pk)

    def test_credit_is_required(self):
        """An image without credit cannot be stored."""
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_image(credit="")

    def test_image_dimensions_are_recorded(self):
        """Width and height are read from the file for the page's img tag."""
        image = make_image(file=image_upload(width=30, height=20))
        self.assertEqual((image.width, image.height), (30, 20))

    def test_a_small_png_declaring_90_megapixels_is_refused_at_the_default_cap(self):
        """The header's size is checked before Pillow decodes anything."""
        upload = SimpleUploadedFile("bomb.png", png_declaring(10_000, 9_000))
        self.assertLess(upload.size, 200)
        image = Image(file=upload, credit="X", alt_text="x")
        with self.assertRaisesMessage(ValidationError, "10000×9000 pixels"):
            image.full_clean()

    @override_settings(IMAGE_MAX_PIXELS=1000)
    def test_non_images_and_pixel_bombs_are_refused(self):
        """A text file or a tiny file declaring a huge canvas fails validation."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        cases = {
            "not an image": SimpleUploadedFile("x.png", b"hello"),
            "too many pixels": image_upload(width=50, height=50),
        }
        for label, upload in cases.items():
            with self.subTest(label):
                image = Image(file=upload, credit="X", alt_text="x")
                with self.assertRaises(ValidationError) as caught:
                    image.full_clean()
                self.assertIn("file", caught.exception.message_dict)
