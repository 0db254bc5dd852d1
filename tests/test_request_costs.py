"""What keeps an uncached page cheap: one database connection per worker,
addresses computed once (core.reversing), and the summary page's own data."""

from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import (
    RequestFactory,
    SimpleTestCase,
    TestCase,
    TransactionTestCase,
)
from django.urls import reverse, set_script_prefix

from core.reversing import cached_reverse
from tests.factories import make_commentary, make_member


class ConnectionReuseTests(TransactionTestCase):
    def get(self, path):
        # The WSGI handler itself: the test client keeps connections open
        # whatever the settings, so it could not show this.
        environ = RequestFactory().get(path).environ
        return b"".join(WSGIHandler()(environ, lambda status, headers: None))

    def test_two_requests_share_one_database_connection(self):
        """The connection opened by the first request serves the next one."""
        self.assertGreaterEqual(connection.settings_dict["CONN_MAX_AGE"], 60)
        self.get("/healthz")
        first = connection.connection
        self.get("/healthz")
        self.assertIsNotNone(first)
        self.assertIs(connection.connection, first)


class CachedReverseTests(SimpleTestCase):
    def tearDown(self):
        set_script_prefix("/")

    def test_cached_addresses_are_the_addresses_reverse_gives(self):
        """Names with and without arguments give what reverse() gives."""
        self.assertEqual(cached_reverse("articles:home"), reverse("articles:home"))
        self.assertEqual(
            cached_reverse("articles:commentary-detail", slug="a-piece"),
            reverse("articles:commentary-detail", kwargs={"slug": "a-piece"}),
        )
        self.assertEqual(
            cached_reverse("articles:tag-detail", "nuclear"),
            reverse("articles:tag-detail", args=["nuclear"]),
        )

    def test_a_site_served_under_a_prefix_links_under_it(self):
        """An address remembered at / is not reused under /apln/."""
        cached_reverse("articles:commentary-list")
        set_script_prefix("/apln/")
        self.assertEqual(
            cached_reverse("articles:commentary-list"), "/apln/commentaries/"
        )


class SummaryPageDataTests(TestCase):
    def test_summary_page_lists_authors_in_order_and_every_tag(self):
        """Authors in their order (not by name or id) and all tags, from two queries."""
        zed, amy = make_member(name="Zed Zulu"), make_member(name="Amy Alpha")
        piece = make_commentary(authors=[zed, "Outside Person", amy], tags=["b", "a"])
        response = self.client.get(piece.get_absolute_url())
        authors = response.context["commentary"].ordered_authorships()
        self.assertEqual(
            [a.display_name for a in authors],
            ["Zed Zulu", "Outside Person", "Amy Alpha"],
        )
        page = response.content.decode()
        self.assertLess(page.index("Zed Zulu"), page.index("Amy Alpha"))
        self.assertEqual({t.name for t in piece.tags.all()}, {"a", "b"})
        self.assertContains(response, 'href="/tags/a/"')
        self.assertContains(response, 'href="/tags/b/"')
        self.assertContains(
            response,
            "APLN members Zed Zulu and Amy Alpha co-write a commentary with Outside Person.",
            count=4,  # description, og:description, JSON-LD and the page itself
        )


class HeaderTests(TestCase):
    def test_each_section_gets_its_own_header(self):
        """Going back and forth between sections never shows another's marks."""
        home = '<a href="/" aria-current="page">Home</a>'
        members = '<a href="/members/" aria-current="page">Members</a>'
        for _ in range(2):
            response = self.client.get("/")
            self.assertContains(response, home, html=True)
            self.assertNotContains(response, members, html=True)
            response = self.client.get("/members/")
            self.assertContains(response, members, html=True)
            self.assertNotContains(response, home, html=True)
            self.assertContains(response, '<a href="/">Home</a>', html=True)
