"""Feeds, sitemap and robots.txt: what subscribers and search engines get."""

import datetime
from xml.etree import ElementTree

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_commentary, make_member, make_outlet

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(name="Hoang Thi Ha")
        cls.outlet = make_outlet(name="Fulcrum", label="FULCRUM")
        cls.live = make_commentary(
            title="Live piece",
            authors=[cls.member, "Pham Thi Phuong Thao"],
            outlet=cls.outlet,
            tags=["ASEAN"],
            full_article_url="https://example.org/full",
        )
        cls.draft = make_commentary(
            title="Draft piece", status="draft", authors=[cls.member], outlet=cls.outlet,
            tags=["ASEAN"],
        )  # fmt: skip
        cls.scheduled = make_commentary(
            title="Scheduled piece",
            published_at=timezone.now() + datetime.timedelta(days=2),
            authors=[cls.member],
            outlet=cls.outlet,
            tags=["ASEAN"],
        )
        cls.other = make_commentary(title="Someone else's piece", authors=["Nobody"])
        cls.tag_slug = cls.live.tags.get().slug

    def rss_titles(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        root = ElementTree.fromstring(response.content)
        return [item.findtext("title") for item in root.iter("item")]

    def atom_titles(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"], "application/atom+xml; charset=utf-8"
        )
        root = ElementTree.fromstring(response.content)
        return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]

    def test_site_feed_lists_published_pieces_only(self):
        """Drafts and scheduled pieces stay out of the RSS and Atom feeds."""
        for titles in (
            self.rss_titles(reverse("articles:feed")),
            self.atom_titles(reverse("articles:feed-atom")),
        ):
            self.assertIn("Live piece", titles)
            self.assertNotIn("Draft piece", titles)
            self.assertNotIn("Scheduled piece", titles)

    def test_feed_item_carries_summary_authors_in_order_and_full_article_link(self):
        """A subscriber gets what the summary page shows."""
        response = self.client.get(reverse("articles:feed"))
        item = next(
            i
            for i in ElementTree.fromstring(response.content).iter("item")
            if i.findtext("title") == "Live piece"
        )
        description = item.findtext("description")
        self.assertIn("They argue that dialogue matters.", description)
        self.assertIn(
            "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao.",
            description,
        )
        self.assertIn(
            '<a href="https://example.org/full">The full article can be accessed here.</a>',
            description,
        )
        self.assertIn("Hoang Thi Ha, Pham Thi Phuong Thao", response.content.decode())
        self.assertEqual(item.findtext("category"), "ASEAN")

    def test_member_tag_and_outlet_feeds_are_narrowed(self):
        """Each scoped feed lists only its own published pieces."""
        scoped = {
            "member": reverse("members:member-feed", args=[self.member.slug]),
            "tag": reverse("articles:tag-feed", args=[self.tag_slug]),
            "outlet": reverse("articles:outlet-feed", args=[self.outlet.slug]),
        }
        for name, url in scoped.items():
            with self.subTest(name):
                self.assertEqual(self.rss_titles(url), ["Live piece"])
                self.assertEqual(
                    self.atom_titles(url.replace("/feed/", "/feed/atom/")),
                    ["Live piece"],
                )

    def test_unknown_scopes_answer_404(self):
        """A feed for a member who does not exist is not found."""
        response = self.client.get(reverse("members:member-feed", args=["nobody"]))
        self.assertEqual(response.status_code, 404)

    # The view's own cost; the page cache's is pinned in tests/test_page_cache.py.
    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_feed_cost_does_not_grow_with_authors_or_tags(self):
        """The site feed runs a fixed number of queries."""
        with self.assertNumQueries(3):
            self.client.get(reverse("articles:feed"))
        for n in range(10):
            make_commentary(authors=[make_member(), "A", "B"], tags=[f"t{n}", "u"])
        with self.assertNumQueries(3):
            self.client.get(reverse("articles:feed"))


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(name="Moon Chung-in")
        cls.outlet = make_outlet(name="Global Asia")
        cls.live = make_commentary(
            title="Live", authors=[cls.member], outlet=cls.outlet, tags=["Nuclear"]
        )
        cls.draft = make_commentary(title="Draft", status="draft", tags=["Secret tag"])

    def locations(self, section):
        response = self.client.get(f"/sitemap-{section}.xml")
        self.assertEqual(response.status_code, 200)
        root = ElementTree.fromstring(response.content)
        ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
        return {
            url.findtext(f"{ns}loc"): url.findtext(f"{ns}lastmod")
            for url in root.iter(f"{ns}url")
        }

    def test_sitemap_index_lists_every_section(self):
        """/sitemap.xml points to each section's sitemap."""
        response = self.client.get("/sitemap.xml")
        for section in ("commentaries", "members", "tags", "outlets", "pages"):
            self.assertContains(response, f"/sitemap-{section}.xml")

    def test_sitemap_lists_live_pieces_with_lastmod_and_not_drafts(self):
        """Published pieces appear with their last change; drafts do not."""
        urls = self.locations("commentaries")
        live = f"http://testserver{self.live.get_absolute_url()}"
        self.assertEqual(
            urls[live], timezone.localdate(self.live.updated_at).isoformat()
        )
        self.assertNotIn(f"http://testserver{self.draft.get_absolute_url()}", urls)

    def test_sitemap_lists_members_tags_and_outlets_with_lastmod(self):
        """Tags and outlets with public pieces appear; a draft's tag does not."""
        self.assertIn(
            f"http://testserver{self.member.get_absolute_url()}",
            self.locations("members"),
        )
        tags = self.locations("tags")
        self.assertIn("http://testserver/tags/nuclear/", tags)
        self.assertNotIn("http://testserver/tags/secret-tag/", tags)
        self.assertTrue(all(tags.values()))
        outlets = self.locations("outlets")
        self.assertIn(f"http://testserver{self.outlet.get_absolute_url()}", outlets)

    def test_robots_txt_points_to_the_sitemap(self):
        """Crawlers find the sitemap and stay out of the admin."""
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain")
        self.assertContains(response, "Sitemap: http://testserver/sitemap.xml")
        self.assertContains(response, "Disallow: /admin/")
