"""Finding your way: the topics and outlets indexes, and list filters that
take the names readers know, with a date range."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Commentary
from tests.factories import count_queries, make_commentary, make_member, make_outlet

LIST = reverse("articles:commentary-list")


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


class IndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ledger = make_outlet(name="The Seoul Ledger", label="THE SEOUL LEDGER")
        cls.unused = make_outlet(name="Quiet Gazette")
        make_commentary(tags=["Japan", "ASEAN"], outlet=cls.ledger)
        make_commentary(tags=["Japan"], outlet=cls.ledger)
        make_commentary(
            tags=["Secret"], status=Commentary.Status.DRAFT, outlet=cls.unused
        )

    def test_topics_index_lists_each_topic_with_its_published_count(self):
        response = self.client.get(reverse("articles:tag-list"))
        self.assertContains(response, "<h1>Topics</h1>", html=True)
        self.assertContains(
            response,
            '<li><a href="/tags/japan/">Japan</a> <span class="index-list__count">2'
            '<span class="visually-hidden"> commentaries</span></span></li>',
            html=True,
        )
        self.assertContains(response, '<a href="/tags/asean/">ASEAN</a>', html=True)
        self.assertNotContains(response, "Secret")

    def test_outlets_index_lists_outlets_with_published_pieces_by_name(self):
        response = self.client.get(reverse("articles:outlet-list"))
        self.assertContains(response, "<h1>Outlets</h1>", html=True)
        self.assertContains(
            response,
            f'<a href="{self.ledger.get_absolute_url()}">The Seoul Ledger</a>',
            html=True,
        )
        self.assertNotContains(response, "Quiet Gazette")

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_indexes_cost_one_query_whatever_their_size(self):
        urls = (reverse("articles:tag-list"), reverse("articles:outlet-list"))
        self.client.get(urls[0])  # The schedule's next change, then remembered.
        for url in urls:
            with self.assertNumQueries(1):
                self.client.get(url)
        for n in range(5):
            make_commentary(tags=[f"More {n}"], outlet=make_outlet())
        for url in urls:
            with self.assertNumQueries(1):
                self.client.get(url)

    def test_indexes_are_in_the_navigation_and_the_sitemap(self):
        home = self.client.get("/")
        self.assertContains(home, '<a href="/tags/">Topics</a>', html=True)
        self.assertContains(home, '<a href="/outlets/">Outlets</a>', html=True)
        sitemap = self.client.get("/sitemap.xml").content.decode()
        if "<sitemapindex" in sitemap:
            sitemap = self.client.get("/sitemap-pages.xml").content.decode()
        self.assertIn("/tags/</loc>", sitemap)
        self.assertIn("/outlets/</loc>", sitemap)


class NamedFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ha = make_member(name="Hoàng Thị Hà", slug="hoang-thi-ha")
        cls.ledger = make_outlet(name="The Seoul Ledger", label="THE SEOUL LEDGER")
        make_commentary(
            title="Japan piece", tags=["Japan"], authors=[cls.ha],
            outlet=cls.ledger, published_at=at(2023, 1, 12),
        )  # fmt: skip
        make_commentary(
            title="Korea piece", tags=["Korea"], published_at=at(2024, 6, 1)
        )

    def test_tag_filter_takes_the_topic_name_as_typed(self):
        """Tag "Japan" and "japan" both find the piece, under the tag's own name."""
        for value in ("Japan", "japan", "JAPAN"):
            with self.subTest(value=value):
                response = self.client.get(LIST, {"tag": value})
                self.assertContains(response, "Japan piece")
                self.assertNotContains(response, "Korea piece")
                self.assertContains(
                    response, "<h1>Commentaries tagged “Japan”</h1>", html=True
                )

    def test_member_filter_takes_a_name_with_or_without_diacritics(self):
        """ "Hoang Thi Ha", "Hoàng Thị Hà" and the slug find her piece."""
        for value in ("Hoang Thi Ha", "Hoàng Thị Hà", "hoang-thi-ha"):
            with self.subTest(value=value):
                response = self.client.get(LIST, {"member": value})
                self.assertContains(response, "Japan piece")
                self.assertNotContains(response, "Korea piece")
                self.assertContains(
                    response, "<h1>Commentaries by Hoàng Thị Hà</h1>", html=True
                )

    def test_outlet_filter_takes_the_outlet_name(self):
        response = self.client.get(LIST, {"outlet": "the seoul ledger"})
        self.assertContains(response, "Japan piece")
        self.assertNotContains(response, "Korea piece")

    def test_date_range_keeps_pieces_posted_between_the_two_days(self):
        response = self.client.get(LIST, {"since": "2023-01-12", "until": "2023-01-12"})
        self.assertContains(response, "Japan piece")
        self.assertNotContains(response, "Korea piece")
        self.assertContains(
            response,
            "<h1>Commentaries from 12 January 2023 until 12 January 2023</h1>",
            html=True,
        )
        response = self.client.get(LIST, {"since": "2024-01-01"})
        self.assertContains(response, "Korea piece")
        self.assertNotContains(response, "Japan piece")

    def test_a_range_that_ends_before_it_starts_says_so(self):
        response = self.client.get(LIST, {"since": "2024-01-01", "until": "2023-01-01"})
        self.assertContains(
            response, "The end date must not come before the start date."
        )
        self.assertNotContains(response, "Korea piece")

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_filters_by_name_add_no_query(self):
        slug = LIST + "?tag=japan&member=hoang-thi-ha"
        name = LIST + "?tag=Japan&member=Hoang+Thi+Ha"
        # The count and the schedule's next change are remembered after a
        # first request: compare the requests after it.
        self.client.get(slug)
        self.client.get(name)
        by_slug = count_queries(self.client, slug + "&page=1")
        by_name = count_queries(self.client, name + "&page=1")
        self.assertEqual(by_name, by_slug)

    def test_unknown_names_match_nothing_without_error(self):
        response = self.client.get(LIST, {"member": "Nobody Atall", "tag": "Nowhere"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No commentaries match these filters.")
