"""articles.metadata.read_page: what a page says about itself, from the
vocabularies sites use, without the network (the page is given as bytes)."""

import datetime
import json

from django.test import SimpleTestCase

from articles.metadata import read_page

URL = "https://news.test/2023/05/12/a-piece/"


def page(head, body=""):
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


class ReadPageTests(SimpleTestCase):
    def test_microdata_gives_headline_authors_and_a_partial_date(self):
        html = page(
            "",
            '<article itemscope itemtype="https://schema.org/NewsArticle">'
            '<h1 itemprop="headline">Microdata headline</h1>'
            '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
            '<span itemprop="name">Kim Won-soo</span></span>'
            '<time itemprop="datePublished" datetime="2019">2019</time></article>',
        )
        found = read_page(html.encode(), URL)
        self.assertEqual(found.title, "Microdata headline")
        self.assertEqual(found.authors, ["Kim Won-soo"])
        self.assertEqual(
            (found.published_on, found.precision), (datetime.date(2019, 1, 1), "year")
        )

    def test_a_page_in_a_korean_encoding_is_read_by_its_own_charset(self):
        html = page(
            '<meta charset="euc-kr"><meta property="og:title" content="한반도 평화">'
        )
        found = read_page(html.encode("euc-kr"), URL)
        self.assertEqual(found.title, "한반도 평화")

    def test_the_server_named_charset_wins_over_the_page(self):
        html = page('<meta charset="euc-kr"><title>Café</title>')
        self.assertEqual(read_page(html.encode("utf-8"), URL, "utf-8").title, "Café")

    def test_htmldate_finds_the_date_when_no_vocabulary_states_one(self):
        """Here from the address (/2023/05/12/), to the day."""
        found = read_page(page("<title>Dated by its address</title>").encode(), URL)
        self.assertEqual(
            (found.published_on, found.precision), (datetime.date(2023, 5, 12), "day")
        )
        self.assertNotIn("published", found.problems)

    def test_a_meta_author_listing_several_people_is_split_in_order(self):
        html = page(
            '<title>T</title><meta name="author" content="By Moon Chung-in, Jane Roe and C. Raja Mohan">'
        )
        self.assertEqual(
            read_page(html.encode(), URL).authors,
            ["Moon Chung-in", "Jane Roe", "C. Raja Mohan"],
        )

    def test_one_name_written_family_first_with_a_comma_stays_one_author(self):
        html = page('<title>T</title><meta name="author" content="Moon, Chung-in">')
        self.assertEqual(read_page(html.encode(), URL).authors, ["Moon, Chung-in"])

    def test_the_site_name_is_cut_from_the_title_and_markup_from_json_ld_text(self):
        html = page(
            '<meta property="og:site_name" content="East Asia Forum">'
            '<meta property="og:title" content="A piece | East Asia Forum">'
            '<script type="application/ld+json">{"@type": "WebPage", '
            '"description": "<p>Some <b>bold</b> words</p>"}</script>'
        )
        found = read_page(html.encode(), URL)
        self.assertEqual(found.title, "A piece")
        self.assertEqual(found.description, "Some bold words")

    def test_only_web_addresses_are_taken_for_the_image(self):
        html = page(
            '<title>T</title><meta property="og:image" content="javascript:alert(1)">'
        )
        found = read_page(html.encode(), URL)
        self.assertEqual(found.image_url, "")
        self.assertIn("image", found.problems)

    def test_an_empty_answer_is_not_a_page(self):
        self.assertIn("not readable HTML", read_page(b"", URL).problems["page"])

    def test_malformed_json_ld_is_passed_over_for_the_other_vocabularies(self):
        html = page(
            '<title>Plain title</title><script type="application/ld+json">'
            '{"headline": "Never read",, </script>'
            '<meta property="og:site_name" content="News">'
        )
        found = read_page(html.encode(), URL)
        self.assertEqual((found.title, found.site_name), ("Plain title", "News"))
        self.assertNotIn("page", found.problems)

    def test_json_ld_values_of_the_wrong_shape_are_passed_over(self):
        html = page(
            '<title>T</title><script type="application/ld+json">[1, "a", null, '
            '{"@type": ["NewsArticle", 3], "author": 5, "headline": {"x": 1}, '
            '"datePublished": "yesterday", "image": [null, 3], "keywords": 7}]'
            "</script>"
        )
        found = read_page(html.encode(), URL)
        self.assertEqual((found.title, found.authors, found.image_url), ("T", [], ""))
        self.assertNotIn("page", found.problems)

    def test_bytes_not_in_the_stated_charset_are_replaced_not_fatal(self):
        html = b"<html><head><meta charset='utf-8'><title>Caf\xe9 \xff</title></head></html>"
        self.assertTrue(read_page(html, URL).title.startswith("Caf"))

    def test_control_characters_and_bidi_overrides_are_taken_out_of_every_value(
        self,
    ):
        """A NUL would crash PostgreSQL and lxml; an escape would drive the
        operator's terminal (draft_from_url prints what it read)."""
        article = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "A\u0000<b>B</b>\u001b[31m red\u202e",
            "author": [{"@type": "Person", "name": "Ann\u0000 \u001b]0;x\u0007Lee"}],
            "publisher": {"name": "P\u0000ress\u2066"},
            "description": "d\u0000e\u001bf\u0085g",
            "keywords": ["k\u0000w"],
            "image": {"url": "/a.png", "caption": "c\u0000a", "creditText": "r\u0000e"},
        }
        html = page(
            f'<script type="application/ld+json">{json.dumps(article)}</script>'
        )
        found = read_page(html.encode(), URL)
        self.assertEqual(
            (found.title, found.authors, found.site_name, found.description),
            ("AB[31m red", ["Ann ]0;xLee"], "Press", "def g"),
        )
        self.assertEqual(
            (found.keywords, found.image_alt, found.image_credit), (["kw"], "ca", "re")
        )
