"""Next and Previous links carry a cursor, so deep pages cost what page 1 costs."""

import datetime
import html
import re

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Commentary
from articles.pagination import make_cursor
from core import pagecache
from tests.factories import committed, make_commentary

LIST = reverse("articles:commentary-list")
TAG = reverse("articles:tag-detail", kwargs={"slug": "seek"})
# Fixed times: the year filter below must find pieces whatever today is.
LATEST = datetime.datetime(2024, 6, 30, 12, 0, tzinfo=datetime.UTC)


def link(response, rel):
    """The href of the page's rel="next" or rel="prev" link, or None."""
    match = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def shown(response):
    """Ids of the pieces a list page shows, in order."""
    return [c.pk for c in response.context["page_obj"].object_list]


def newest_first(pieces):
    return [c.pk for c in sorted(pieces, key=lambda c: (c.published_at, c.pk))][::-1]


@override_settings(PAGE_CACHE_SECONDS=0)
class SeekTestCase(TestCase):
    def walk(self, url, rel="next"):
        """Follow rel links from url to the end; return [(url, ids shown), ...].

        Every page after the first must be read from its cursor: no OFFSET.
        """
        path, pages = url.split("?")[0], []
        while url:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            if pages:
                self.assertIn("after=" if rel == "next" else "before=", url)
                sql = " ".join(q["sql"] for q in queries)
                self.assertNotIn("OFFSET", sql.upper(), url)
            pages.append((url, shown(response)))
            href = link(response, rel)
            url = path + href if href else None
        return pages


class FollowingLinksTests(SeekTestCase):
    """Readers paging through lists see every piece once, in order."""

    @classmethod
    def setUpTestData(cls):
        cls.published = []
        for i in range(45):
            # Pieces 16 to 23 share one publish time, across the end of page 1.
            step = 16 if 16 <= i <= 23 else i
            cls.published.append(
                make_commentary(
                    title=f"Piece {i:02}",
                    published_at=LATEST - datetime.timedelta(days=5 * step),
                    tags=["Seek"] if i % 5 else [],
                )
            )
        middle = LATEST - datetime.timedelta(days=50)
        cls.draft = make_commentary(title="Draft piece", status="draft")
        cls.review = make_commentary(
            title="Piece in review", status="review", published_at=middle
        )
        cls.scheduled = make_commentary(
            title="Scheduled piece",
            published_at=timezone.now() + datetime.timedelta(days=3),
            tags=["Seek"],
        )
        cls.ended = make_commentary(
            title="Ended piece",
            published_at=middle,
            unpublish_at=middle + datetime.timedelta(days=1),
            tags=["Seek"],
        )

    def test_next_links_list_every_published_piece_once_in_order(self):
        """From page 1 to the end: all 45 pieces, newest first, ties by id."""
        pages = self.walk(LIST)
        self.assertEqual([len(ids) for _, ids in pages], [20, 20, 5])
        seen = [pk for _, ids in pages for pk in ids]
        self.assertEqual(seen, newest_first(self.published))

    def test_pieces_published_at_the_same_moment_are_split_by_id(self):
        """Eight pieces with one publish time run over a page end, none lost."""
        same_time = [c.pk for c in self.published[16:24]]
        pages = self.walk(LIST)
        first, second = set(pages[0][1]), set(pages[1][1])
        self.assertTrue(first & set(same_time) and second & set(same_time))
        seen = [pk for _, ids in pages for pk in ids if pk in same_time]
        self.assertEqual(seen, sorted(same_time, reverse=True))

    def test_next_links_on_a_tag_page_and_a_year_filter_list_each_piece_once(self):
        """Filtered lists page through exactly their own pieces."""
        tagged = [c for i, c in enumerate(self.published) if i % 5]
        in_2024 = [
            c for c in self.published if timezone.localtime(c.published_at).year == 2024
        ]
        for url, expected in ((TAG, tagged), (f"{LIST}?year=2024", in_2024)):
            with self.subTest(url=url):
                pages = self.walk(url)
                self.assertGreater(len(pages), 1)
                seen = [pk for _, ids in pages for pk in ids]
                self.assertEqual(seen, newest_first(expected))
                if "year" in url:
                    self.assertTrue(all("year=2024" in u for u, _ in pages))

    def test_previous_links_lead_back_through_the_same_pages(self):
        """From the last page back to page 1, each page holds what it did."""
        for url in (LIST, TAG, f"{LIST}?year=2024"):
            with self.subTest(url=url):
                forward = self.walk(url)
                back = self.walk(forward[-1][0], rel="prev")
                self.assertEqual(
                    [ids for _, ids in back], [ids for _, ids in forward][::-1]
                )

    def test_links_carry_one_cursor(self):
        """Page 2 reached by Previous links on with after= or before=, not both."""
        last = self.walk(LIST)[-1][0]
        response = self.client.get(LIST + link(self.client.get(last), "prev"))
        self.assertContains(response, "Page 2 of 3")
        self.assertRegex(link(response, "next"), r"^\?page=3&after=\d+\.\d+$")
        self.assertRegex(link(response, "prev"), r"^\?page=1&before=\d+\.\d+$")

    def test_hidden_pieces_never_appear_through_a_cursor(self):
        """Draft, review, scheduled and ended pieces: not listed, not a way in."""
        pages = self.walk(LIST) + self.walk(TAG)
        hidden = {self.draft.pk, self.review.pk, self.scheduled.pk, self.ended.pk}
        self.assertFalse(hidden & {pk for _, ids in pages for pk in ids})
        by_number = shown(self.client.get(LIST, {"page": 2}))
        for piece in (self.review, self.scheduled, self.ended):
            cursor = make_cursor(piece)
            for query in ({"after": cursor}, {"before": cursor}):
                with self.subTest(piece=piece.title, query=query):
                    response = self.client.get(LIST, {"page": 2, **query})
                    self.assertEqual(shown(response), by_number)
                    for hidden_piece in (self.draft, self.review, self.scheduled):
                        self.assertNotContains(response, hidden_piece.title)
                    self.assertNotContains(response, self.ended.title)

    def test_a_bad_cursor_gives_the_page_by_its_number(self):
        """Letters, huge numbers, a missing piece: 200 and page 2 as typed."""
        by_number = shown(self.client.get(LIST, {"page": 2}))
        last_of_page_one = shown(self.client.get(LIST))[-1]
        real = make_cursor(Commentary.objects.get(pk=last_of_page_one))
        micros = real.split(".")[0]
        newest = self.published[0]
        newest_micros = make_cursor(newest).split(".")[0]
        bad = [
            "abc",
            "12.ab",
            "1.2.3",
            "-5.3",
            " 1.2",
            "",
            "9" * 40 + ".1",
            f"{micros}.{'9' * 30}",
            "9" * 17 + ".1",
            f"{micros}.999999",  # No such piece.
            f"{int(micros) + 1}.{last_of_page_one}",  # A piece, at another time.
            f"{int(newest_micros) + 1}.{newest.pk}",
        ]
        for value in bad:
            for name in ("after", "before"):
                with self.subTest(**{name: value}):
                    response = self.client.get(LIST, {"page": 2, name: value})
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(shown(response), by_number)
                    self.assertContains(response, "Page 2 of 3")

    def test_a_cursor_whose_piece_was_withdrawn_gives_the_page_by_its_number(self):
        """A Next link followed after its piece left the site still works."""
        next_url = LIST + link(self.client.get(LIST), "next")
        piece = Commentary.objects.get(pk=shown(self.client.get(LIST))[-1])
        piece.status = "draft"
        piece.save()
        response = self.client.get(next_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(shown(response), shown(self.client.get(LIST, {"page": 2})))

    def test_a_cursor_with_a_page_number_out_of_range_shows_the_nearest_page(self):
        """?page=99 or ?page=x with a cursor: the last or first page, not a 404."""
        cursor = link(self.client.get(LIST), "next").split("after=")[1]
        response = self.client.get(LIST, {"page": 99, "after": cursor})
        self.assertContains(response, "Page 3 of 3")
        self.assertEqual(shown(response), shown(self.client.get(LIST, {"page": 3})))
        response = self.client.get(LIST, {"page": "x", "after": cursor})
        self.assertContains(response, "Page 1 of 3")

    def test_a_cursor_page_says_which_page_it_is(self):
        """ "Page N of M" comes from the page number and the count."""
        pages = self.walk(LIST)
        for number, (url, _) in enumerate(pages, start=1):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), f"Page {number} of 3")

    def test_the_canonical_link_of_a_cursor_page_is_its_page_number(self):
        """Search engines see ?page=N, never a cursor."""
        url = self.walk(LIST)[1][0]
        self.assertContains(
            self.client.get(url),
            '<link rel="canonical" href="http://testserver/commentaries/?page=2">',
        )

    def test_a_cursor_is_not_a_filter(self):
        """No "Clear filters" link on a cursor page of the unfiltered list."""
        url = self.walk(LIST)[1][0]
        self.assertNotContains(self.client.get(url), "Clear filters")


class QueryCountTests(SeekTestCase):
    """A cursor page costs what page 1 costs, whatever the size of the table."""

    def build(self, n):
        for _ in range(n):
            make_commentary(authors=["Outside Author"], tags=["Seek", "Other"])

    def test_a_cursor_page_runs_as_many_queries_as_page_one(self):
        """List: 7 (page, its pieces with outlet and image, authors, tags,
        two for the years, outlets); tag page: 5.

        The first view of each list also counts the pieces (remembered
        after). Each page is measured with no card kept (articles.cards), as
        after a change.
        """
        self.build(45)
        for url, queries in ((LIST, 7), (TAG, 5)):
            with self.subTest(url=url):
                self.client.get(url)
                pages = [url]
                for rel in ("next", "next", "prev"):
                    pagecache.reset()
                    with self.assertNumQueries(queries):
                        shown = self.client.get(pages[-1])
                    pages.append(url + link(shown, rel))
                pagecache.reset()
                with self.assertNumQueries(queries):
                    self.client.get(pages[-1])

    def test_cursor_pages_cost_the_same_with_25_and_65_pieces(self):
        """The last page, reached by Next, runs the same queries at both sizes."""
        counts = []
        for n in (25, 40):
            with committed():
                self.build(n)
            url = self.walk(LIST)[-1][0]
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class PageCacheTests(TestCase):
    """Cursor pages are stored like any other page of the list."""

    def test_the_page_cache_stores_a_cursor_page(self):
        """A second visit to a Next link is a hit."""
        cache.clear()
        for _ in range(25):
            make_commentary()
        url = LIST + link(self.client.get(LIST), "next")
        self.assertIn("after=", url)
        self.assertEqual(self.client.get(url)["X-Cache"], "miss")
        self.assertEqual(self.client.get(url)["X-Cache"], "hit")
