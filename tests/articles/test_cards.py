"""Cards, a piece's authors and tags, and further reading are rendered or
remembered once a generation, never stale."""

import datetime
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import pagecache
from tests.factories import committed, make_commentary, make_member, make_outlet

LIST = reverse("articles:commentary-list")


def card_queries(client, url):
    """The queries a page ran to load what its cards show."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "articles_authorship"' in q["sql"]
    ]


# Whole pages uncached: each request reaches the view.
@override_settings(PAGE_CACHE_SECONDS=0)
class CardTests(TestCase):
    def setUp(self):
        self.member = make_member(name="Moon Chung-in")
        self.outlet = make_outlet(name="The Seoul Ledger")
        self.piece = make_commentary(
            title="Deterrence after the summit",
            authors=[self.member],
            tags=["Korea"],
            outlet=self.outlet,
        )

    def test_a_card_rendered_for_one_page_serves_every_page_listing_the_piece(self):
        """The list renders the card; the tag and outlet pages reuse it. The
        home page renders it with a smaller heading (under the newest piece,
        the lead); the member page reuses that one."""
        make_commentary(title="The lead story")
        tag = reverse("articles:tag-detail", kwargs={"slug": "korea"})
        home = reverse("articles:home")
        for first, then in (
            (LIST, [tag, self.outlet.get_absolute_url()]),
            (home, [self.member.get_absolute_url()]),
        ):
            self.assertTrue(card_queries(self.client, first))
            for url in then:
                with self.subTest(url=url):
                    self.assertEqual(card_queries(self.client, url), [])
                    self.assertContains(
                        self.client.get(url), "Deterrence after the summit"
                    )

    def test_an_edited_title_shows_on_every_list_at_once(self):
        self.assertContains(self.client.get(LIST), "Deterrence after the summit")
        self.piece.title = "Deterrence, a year on"
        with committed():
            self.piece.save()
        for url in (LIST, self.member.get_absolute_url()):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "Deterrence, a year on")
                self.assertNotContains(response, "Deterrence after the summit")

    def test_a_renamed_member_is_named_in_the_cards_lede_at_once(self):
        """The lede comes from another table: any change renders cards again."""
        self.assertContains(self.client.get(LIST), "Moon Chung-in")
        self.member.name = "Chung-in Moon"
        with committed():
            self.member.save()
        response = self.client.get(LIST)
        self.assertContains(response, "APLN member Chung-in Moon")
        self.assertNotContains(response, "Moon Chung-in")

    def test_a_new_tag_and_coauthor_show_on_the_summary_page_at_once(self):
        """The piece's authors and tags are remembered only until a change."""
        url = self.piece.get_absolute_url()
        self.assertNotContains(self.client.get(url), "Nuclear Energy")
        with committed():
            self.piece.tags.add("Nuclear Energy")
            self.piece.authorships.create(position=2, name="Jane Outsider")
        response = self.client.get(url)
        self.assertContains(response, "Nuclear Energy")
        self.assertContains(response, "Jane Outsider")

    def test_a_piece_is_not_related_any_more_once_its_time_is_up(self):
        """Further reading kept from before a scheduled unpublication is not
        shown after it."""
        ends = timezone.now() + datetime.timedelta(hours=1)
        make_commentary(title="Ends soon", tags=["Korea"], unpublish_at=ends)
        url = self.piece.get_absolute_url()
        self.assertContains(self.client.get(url), "Ends soon")
        self.assertContains(self.client.get(url), "Ends soon")
        after = ends + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=after):
            self.assertNotContains(self.client.get(url), "Ends soon")

    def test_with_the_cache_down_cards_are_rendered_every_time(self):
        with mock.patch.object(cache, "get", side_effect=ConnectionError("down")):
            self.assertContains(self.client.get(LIST), "Deterrence after the summit")
            self.assertTrue(card_queries(self.client, LIST))


class FragmentStoreTests(TestCase):
    def request(self, path="/", generation="g1"):
        request = RequestFactory().get(path)
        request.content_generation = generation
        return request

    def render(self, calls):
        def render_missing(names):
            calls.extend(names)
            return {name: f"<p>{name}</p>" for name in names}

        return render_missing

    def test_a_fragment_is_rendered_once_per_generation(self):
        calls = []
        first = pagecache.fragments(self.request(), ["a", "b"], self.render(calls))
        again = pagecache.fragments(self.request(), ["b", "a"], self.render(calls))
        self.assertEqual(first, again)
        self.assertEqual(calls, ["a", "b"])
        pagecache.fragments(self.request(generation="g2"), ["a"], self.render(calls))
        self.assertEqual(calls, ["a", "b", "a"])

    def test_a_request_the_middleware_did_not_see_keeps_nothing(self):
        """The admin's preview renders inside a transaction rolled back."""
        calls = []
        request = RequestFactory().get("/admin/articles/commentary/1/preview/")
        for _ in range(2):
            pagecache.fragments(request, ["a"], self.render(calls))
        self.assertEqual(calls, ["a", "a"])

    def test_admin_pages_get_no_generation(self):
        request = RequestFactory().get("/admin/")
        self.assertIsNone(pagecache.note_generation(request))
        self.assertIsNotNone(pagecache.note_generation(RequestFactory().get("/")))

    def test_the_least_recently_used_fragments_go_first(self):
        calls = []
        with mock.patch.object(pagecache, "FRAGMENTS_KEPT", 2):
            pagecache.fragments(self.request(), ["a", "b"], self.render(calls))
            pagecache.fragments(self.request(), ["a"], self.render(calls))  # a used
            pagecache.fragments(self.request(), ["c"], self.render(calls))  # b goes
            pagecache.fragments(self.request(), ["a", "b"], self.render(calls))
        self.assertEqual(calls, ["a", "b", "c", "b"])
