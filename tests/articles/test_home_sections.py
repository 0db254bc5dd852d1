"""The home page: a lead story, then the featured row, the latest pieces and
the topics the pieces on the page share."""

import datetime

from django.test import TestCase
from django.utils import timezone

from tests.factories import make_commentary, make_image

NOW = timezone.now()


def ago(days):
    return NOW - datetime.timedelta(days=days)


class HomeSectionsTests(TestCase):
    def test_the_newest_featured_piece_leads_with_its_image_loaded_first(self):
        make_commentary(title="Older featured", is_featured=True, published_at=ago(5))
        make_commentary(
            title="Lead story",
            is_featured=True,
            published_at=ago(2),
            image=make_image(),
        )
        make_commentary(title="Newest, not featured", published_at=ago(1))
        response = self.client.get("/")
        self.assertEqual(response.context["lead"].title, "Lead story")
        self.assertEqual(
            [c.title for c in response.context["featured"]], ["Older featured"]
        )
        content = response.content.decode()
        lead = content.index('class="card card--lead')
        self.assertIn(
            'fetchpriority="high"', content[lead : content.index("</article>", lead)]
        )
        self.assertLess(lead, content.index("Older featured"))
        self.assertLess(
            content.index("Older featured"), content.index("Newest, not featured")
        )

    def test_without_featured_pieces_the_newest_piece_leads(self):
        make_commentary(title="Second", published_at=ago(2))
        make_commentary(title="First", published_at=ago(1))
        response = self.client.get("/")
        self.assertEqual(response.context["lead"].title, "First")
        self.assertEqual([c.title for c in response.context["latest"]], ["Second"])

    def test_topics_shared_on_the_page_list_their_other_pieces(self):
        """The most shared tag comes first; pieces already on the page are not
        repeated; unpublished pieces never appear."""
        for n in range(13):
            make_commentary(
                title=f"Shown {n}", tags=["Japan"] + (["ASEAN"] if n < 3 else [])
            )
        make_commentary(title="Older Japan piece", tags=["Japan"], published_at=ago(30))
        make_commentary(title="Older ASEAN piece", tags=["ASEAN"], published_at=ago(31))
        make_commentary(title="Draft Japan piece", tags=["Japan"], status="draft")
        response = self.client.get("/")
        topics = [
            (tag.name, [p.title for p in pieces])
            for tag, pieces in response.context["topics"]
        ]
        self.assertEqual(
            topics, [("Japan", ["Older Japan piece"]), ("ASEAN", ["Older ASEAN piece"])]
        )
        self.assertContains(response, '<a href="/tags/japan/">Japan</a>', html=True)

    def test_card_images_show_their_credit_and_load_lazily_below_the_lead(self):
        make_commentary(title="Lead", published_at=ago(1))
        make_commentary(
            title="Pictured", published_at=ago(2), image=make_image(credit="UN Photo")
        )
        response = self.client.get("/")
        self.assertContains(
            response,
            '<figcaption class="card__credit">Image: UN Photo</figcaption>',
            html=True,
        )
        self.assertContains(response, 'loading="lazy"')
