"""What a summary page offers a reader around the summary: the byline, where
and when the piece first appeared, related pieces, more by each member, and
plain share links."""

import datetime

from django.test import TestCase
from django.utils import timezone

from articles.models import Commentary
from tests.factories import (
    count_queries,
    make_commentary,
    make_image,
    make_member,
    make_outlet,
)

NOW = timezone.now()


def ago(days):
    return NOW - datetime.timedelta(days=days)


class BylineAndDateTests(TestCase):
    def test_byline_shows_member_photo_and_role_and_names_outside_authors_plainly(self):
        """A member's photo, linked name and role; an outsider's name, unlinked."""
        member = make_member(name="Hoang Thi Ha", photo=make_image(credit="APLN"))
        piece = make_commentary(authors=[member, "Pham Thi Phuong Thao"])
        piece.authorships.filter(member=member).update(role="Board member")
        response = self.client.get(piece.get_absolute_url())
        self.assertContains(response, 'class="byline__photo"', count=1)
        self.assertContains(
            response,
            f'<span class="byline__text"><a href="{member.get_absolute_url()}">'
            'Hoang Thi Ha</a> <span class="authors__note">Board member</span></span>',
            html=True,
        )
        self.assertContains(
            response,
            '<span class="byline__text">Pham Thi Phuong Thao</span>',
            html=True,
        )

    def test_original_date_sits_by_the_outlet_and_the_posting_date_is_secondary(self):
        """ "Published in FULCRUM, 12 January 2023"; the day posted here, below."""
        piece = make_commentary(
            outlet=make_outlet(name="Fulcrum", label="FULCRUM"),
            original_published_on=datetime.date(2023, 1, 12),
            published_at=ago(3),
        )
        response = self.client.get(piece.get_absolute_url())
        self.assertContains(
            response,
            f'<p class="outlet-label">Published in <a href="{piece.outlet.get_absolute_url()}">'
            'FULCRUM</a>, <time datetime="2023-01-12">12 January 2023</time></p>',
            html=True,
        )
        posted = timezone.localtime(piece.published_at)
        self.assertContains(response, "<dt>Posted here</dt>", html=True)
        content = response.content.decode()
        self.assertLess(content.index("12 January 2023"), content.index("Posted here"))
        self.assertContains(response, f"{posted.day} {posted:%B %Y}")

    def test_a_year_only_date_is_shown_as_the_year(self):
        piece = make_commentary(
            outlet=make_outlet(name="Global Asia"),
            original_published_on=datetime.date(2021, 6, 1),
            original_published_precision=Commentary.DatePrecision.YEAR,
        )
        response = self.client.get(piece.get_absolute_url())
        self.assertContains(
            response,
            f'<p class="outlet-label">Published in <a href="{piece.outlet.get_absolute_url()}">'
            'Global Asia</a>, <time datetime="2021">2021</time></p>',
            html=True,
        )

    def test_the_lede_names_the_outlet_without_shouting(self):
        """The label (FULCRUM) is the label; the lede says the outlet's name."""
        piece = make_commentary(
            authors=[make_member(name="Moon Chung-in")],
            outlet=make_outlet(name="The Seoul Ledger", label="THE SEOUL LEDGER"),
        )
        self.assertEqual(
            piece.lede,
            "APLN member Moon Chung-in writes a commentary for The Seoul Ledger.",
        )


class RelatedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ha, cls.moon = (
            make_member(name="Hoang Thi Ha"),
            make_member(name="Moon Chung-in"),
        )
        cls.piece = make_commentary(
            title="The piece",
            authors=[cls.ha],
            tags=["Japan", "ASEAN"],
            published_at=ago(1),
        )
        cls.both_tags = make_commentary(
            title="Both tags", tags=["Japan", "ASEAN"], published_at=ago(5)
        )
        cls.one_tag = make_commentary(
            title="One tag", tags=["Japan"], published_at=ago(2)
        )
        cls.same_author = make_commentary(
            title="Same author", authors=[cls.ha], published_at=ago(9)
        )
        cls.unrelated = make_commentary(title="Unrelated", tags=["Korea"])
        cls.draft = make_commentary(
            title="Draft with both", tags=["Japan", "ASEAN"], authors=[cls.ha],
            status=Commentary.Status.DRAFT,
        )  # fmt: skip

    def related_titles(self, response):
        return [piece.title for piece in response.context["related"]]

    def test_related_pieces_are_ranked_by_what_they_share(self):
        """Two things shared outrank one; among equals, the newest first."""
        response = self.client.get(self.piece.get_absolute_url())
        self.assertEqual(
            self.related_titles(response), ["Both tags", "One tag", "Same author"]
        )
        self.assertContains(response, "Related commentaries")

    def test_related_never_lists_the_piece_itself_or_unpublished_pieces(self):
        titles = self.related_titles(self.client.get(self.piece.get_absolute_url()))
        self.assertNotIn("The piece", titles)
        self.assertNotIn("Draft with both", titles)
        self.assertNotIn("Unrelated", titles)

    def test_more_by_each_member_lists_their_other_published_pieces(self):
        """Under "More by <member>", newest first; what is already related is not repeated."""
        extra = [
            make_commentary(
                title=f"Ha {n}", authors=[self.ha], published_at=ago(20 + n)
            )
            for n in range(7)
        ]
        response = self.client.get(self.piece.get_absolute_url())
        ((member, pieces),) = response.context["more_by"]
        self.assertEqual(member, self.ha)
        related = response.context["related"]
        expected = [e.title for e in extra if e not in related][:3]
        self.assertEqual(len(expected), 3)
        self.assertEqual([p.title for p in pieces], expected)
        self.assertContains(
            response,
            f'More by <a href="{self.ha.get_absolute_url()}">Hoang Thi Ha</a>',
            html=False,
        )

    def test_cost_does_not_grow_with_related_pieces_or_members(self):
        """Two members with many pieces cost what one member with none costs."""
        lonely = make_commentary(authors=[make_member()], tags=["Solo"])
        # The first request also asks when the next scheduled piece appears.
        self.client.get(self.unrelated.get_absolute_url())
        busy = make_commentary(authors=[self.ha, self.moon], tags=["Japan", "ASEAN"])
        for n in range(6):
            make_commentary(authors=[self.moon], tags=["Japan"], title=f"Moon {n}")
        self.assertEqual(
            count_queries(self.client, lonely.get_absolute_url()),
            count_queries(self.client, busy.get_absolute_url()),
        )


class ShareTests(TestCase):
    def test_share_links_are_plain_addresses_without_outside_script(self):
        piece = make_commentary(title="Deterrence & dialogue")
        response = self.client.get(piece.get_absolute_url())
        page_url = (
            f"http%3A%2F%2Ftestserver{piece.get_absolute_url().replace('/', '%2F')}"
        )
        self.assertContains(
            response,
            f"https://www.linkedin.com/sharing/share-offsite/?url={page_url}",
        )
        self.assertContains(response, "mailto:?subject=Deterrence%20%26%20dialogue")
        self.assertNotContains(response, "<script src")

    def test_print_stylesheet_is_linked_for_print_only(self):
        response = self.client.get(make_commentary().get_absolute_url())
        self.assertContains(response, 'href="/static/css/print.css" media="print"')
