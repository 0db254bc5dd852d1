"""HTTP caching: revalidation with ETags, no stale page for anyone."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tests.factories import committed, make_commentary, make_user


class CachingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.commentary = make_commentary(title="Cached piece")
        cls.draft = make_commentary(title="Draft", status="draft")

    def test_public_pages_carry_an_etag_and_answer_304_when_unchanged(self):
        """A reader's browser revalidates cheaply."""
        for url in ("/", "/commentaries/", self.commentary.get_absolute_url()):
            with self.subTest(url):
                first = self.client.get(url)
                self.assertTrue(first.has_header("ETag"))
                again = self.client.get(url, headers={"if-none-match": first["ETag"]})
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")

    def test_a_change_gives_a_new_etag(self):
        """After an edit, the old ETag no longer matches: no stale page."""
        url = self.commentary.get_absolute_url()
        etag = self.client.get(url)["ETag"]
        self.commentary.title = "Edited piece"
        with committed():
            self.commentary.save()
        response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Edited piece")

    def test_public_pages_must_be_revalidated(self):
        """Readers' caches may keep a page but must ask before reusing it."""
        response = self.client.get("/")
        cache_control = response["Cache-Control"]
        for directive in ("public", "max-age=0", "must-revalidate"):
            self.assertIn(directive, cache_control)
        self.assertIn("Cookie", response["Vary"])

    def test_signed_in_users_get_private_pages(self):
        """Pages seen by staff are never stored in shared caches."""
        self.client.force_login(make_user(groups=["Editors"]))
        response = self.client.get("/")
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("public", response["Cache-Control"])

    def test_staff_previews_are_never_cached(self):
        """A draft's preview says no-store."""
        self.client.force_login(make_user(groups=["Editors"]))
        response = self.client.get(self.draft.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])

    def test_a_scheduled_piece_appears_when_its_time_comes(self):
        """No cron job: the page answers 404 before the time, 200 after."""
        piece = make_commentary(
            title="Later", published_at=timezone.now() + datetime.timedelta(hours=1)
        )
        url = reverse("articles:commentary-detail", args=[piece.slug])
        self.assertEqual(self.client.get(url).status_code, 404)
        piece.published_at = timezone.now() - datetime.timedelta(seconds=1)
        piece.save()
        self.assertEqual(self.client.get(url).status_code, 200)
