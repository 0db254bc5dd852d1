"""Metadata for search engines and social networks on every public page."""

import json
import re
from html.parser import HTMLParser

from django.test import TestCase

from members.models import MemberLink
from tests.factories import (
    make_commentary,
    make_image,
    make_member,
    make_outlet,
)


class Head(HTMLParser):
    """Collect <meta>, <link rel=canonical> and JSON-LD blocks of a page."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.canonical, self.json_ld, self._in_ld = {}, None, [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_ld = False


class MetadataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(
            name="Moon Chung-in",
            native_name="문정인",
            honorific="Prof.",
            position="Former Special Adviser",
        )
        MemberLink.objects.create(
            member=cls.member, label="Site", url="https://example.org/moon"
        )
        cls.outlet = make_outlet(name="Global Asia")
        cls.image = make_image(alt_text="Delegates at a table", credit="UN Photo")
        cls.piece = make_commentary(
            title="Peace on the <Peninsula>",
            authors=[cls.member, "C. Raja Mohan"],
            outlet=cls.outlet,
            image=cls.image,
            tags=["Korea"],
        )
        cls.tag = cls.piece.tags.get()

    def head(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return Head(response.content.decode())

    def test_a_detail_page_asked_for_with_page_2_keeps_its_own_address(self):
        """?page= means something on a list only; a summary page ignores it."""
        url = self.piece.get_absolute_url()
        head = self.head(f"{url}?page=2&q=x")
        self.assertEqual(head.canonical, f"http://testserver{url}")
        self.assertEqual(head.meta["og:url"], head.canonical)

    def test_every_public_page_has_canonical_open_graph_and_twitter_tags(self):
        """Title, description, canonical URL, og:* and twitter:card everywhere."""
        pages = [
            "/",
            "/commentaries/",
            self.piece.get_absolute_url(),
            "/members/",
            self.member.get_absolute_url(),
            f"/tags/{self.tag.slug}/",
            self.outlet.get_absolute_url(),
        ]
        for url in pages:
            with self.subTest(url):
                head = self.head(url)
                self.assertEqual(head.canonical, f"http://testserver{url}")
                self.assertEqual(head.meta["og:url"], head.canonical)
                for key in ("description", "og:title", "og:description", "og:type"):
                    self.assertTrue(head.meta.get(key), key)
                self.assertIn(
                    head.meta["twitter:card"], {"summary", "summary_large_image"}
                )

    def test_canonical_url_drops_filters_but_keeps_the_page_number(self):
        """?kind=… is not a separate page for search engines; ?page=2 is."""
        head = self.head("/commentaries/?kind=commentary&page=1")
        self.assertEqual(head.canonical, "http://testserver/commentaries/")

    def test_summary_page_describes_an_article_with_ordered_authors(self):
        """JSON-LD Article: authors as Person in order, publisher, dates, source."""
        head = self.head(self.piece.get_absolute_url())
        (article,) = head.json_ld
        self.assertEqual(article["@type"], "Article")
        self.assertEqual(article["headline"], "Peace on the <Peninsula>")
        self.assertEqual(
            [(a["@type"], a["name"]) for a in article["author"]],
            [("Person", "Moon Chung-in"), ("Person", "C. Raja Mohan")],
        )
        self.assertEqual(
            article["author"][0]["url"],
            f"http://testserver{self.member.get_absolute_url()}",
        )
        self.assertEqual(
            article["publisher"]["name"], "Asia-Pacific Leadership Network"
        )
        self.assertTrue(
            article["datePublished"].startswith(str(self.piece.published_at.year))
        )
        self.assertEqual(article["isBasedOn"]["url"], self.piece.full_article_url)
        self.assertEqual(article["isBasedOn"]["publisher"]["name"], "Global Asia")
        self.assertEqual(head.meta["og:type"], "article")
        self.assertEqual(head.meta["og:image:alt"], "Delegates at a table")
        self.assertTrue(head.meta["og:image"].startswith("http://testserver/media/"))
        self.assertEqual(head.meta["twitter:card"], "summary_large_image")

    def test_json_ld_cannot_break_out_of_its_script_element(self):
        """A title with markup is escaped inside the JSON-LD block."""
        response = self.client.get(self.piece.get_absolute_url())
        block = re.search(
            r'<script type="application/ld\+json">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
        self.assertNotIn("<", block)
        self.assertIn("\\u003CPeninsula\\u003E", block)

    def test_member_page_describes_a_person(self):
        """JSON-LD Person: name, native name, position, links."""
        head = self.head(self.member.get_absolute_url())
        (person,) = head.json_ld
        self.assertEqual(person["@type"], "Person")
        self.assertEqual(person["name"], "Moon Chung-in")
        self.assertEqual(person["alternateName"], "문정인")
        self.assertEqual(person["honorificPrefix"], "Prof.")
        self.assertEqual(person["jobTitle"], "Former Special Adviser")
        self.assertEqual(person["sameAs"], ["https://example.org/moon"])
        self.assertEqual(head.meta["og:type"], "profile")
