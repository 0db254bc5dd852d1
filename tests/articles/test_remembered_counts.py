"""The number of pieces a list shows is remembered, never stale."""

import datetime
from unittest import mock

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Commentary
from tests.factories import committed, make_commentary

LIST = reverse("articles:commentary-list")


# Whole pages uncached, so each request shows what the view counts.
@override_settings(PAGE_CACHE_SECONDS=0)
class RememberedCountTests(TestCase):
    def setUp(self):
        for _ in range(3):
            make_commentary(tags=["arms control"])

    def test_a_new_piece_is_counted_at_once(self):
        """The count kept from the last view gives way to the new piece."""
        self.assertContains(self.client.get(LIST), "3 commentaries")
        with committed():
            make_commentary()
        self.assertContains(self.client.get(LIST), "4 commentaries")

    def test_a_withdrawn_piece_leaves_the_count_at_once(self):
        """Withdrawing one piece is seen on the next view."""
        self.assertContains(self.client.get(LIST), "3 commentaries")
        piece = Commentary.objects.first()
        piece.status = Commentary.Status.WITHDRAWN
        with committed():
            piece.save()
        self.assertContains(self.client.get(LIST), "2 commentaries")

    def test_a_scheduled_piece_is_counted_when_its_time_comes(self):
        """The remembered count lasts only until the next scheduled publication."""
        later = timezone.now() + datetime.timedelta(hours=1)
        make_commentary(published_at=later)
        self.assertContains(self.client.get(LIST), "3 commentaries")
        self.assertContains(self.client.get(LIST), "3 commentaries")
        after = later + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=after):
            self.assertContains(self.client.get(LIST), "4 commentaries")

    def test_each_filter_has_its_own_count(self):
        """A filtered list and the whole list are counted apart."""
        make_commentary(tags=["deterrence"])
        self.assertContains(self.client.get(LIST), "4 commentaries")
        response = self.client.get(LIST, {"tag": "deterrence"})
        self.assertContains(response, "1 commentary")
        self.assertContains(
            self.client.get(LIST, {"tag": "arms-control"}), "3 commentaries"
        )

    def test_the_count_is_read_once_then_remembered(self):
        """A second view of the same list does not count again (first and
        last year, outlets and the page; the cards are kept too)."""
        self.client.get(LIST)
        with self.assertNumQueries(4):
            response = self.client.get(LIST, {"page": "1"})
        self.assertContains(response, "3 commentaries")

    def test_a_failing_cache_still_shows_the_right_count(self):
        """With the cache down the pieces are counted on every view."""
        with mock.patch.object(cache, "get", side_effect=ConnectionError("down")):
            self.assertContains(self.client.get(LIST), "3 commentaries")
            make_commentary()
            self.assertContains(self.client.get(LIST), "4 commentaries")

    def test_a_change_the_cache_missed_is_counted_when_it_is_back(self):
        """A new piece whose announcement failed is still counted, not the old figure."""
        self.assertContains(self.client.get(LIST), "3 commentaries")
        with (
            mock.patch.object(cache, "set", side_effect=ConnectionError("down")),
            committed(),
        ):
            make_commentary()
        self.assertContains(self.client.get(LIST), "4 commentaries")
