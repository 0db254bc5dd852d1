"""Paste a link, get a draft, on "Add commentary" (issue 15, item 1): the add
form filled in from the article's page, the page's image saved with it."""

import datetime
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.test import TestCase, override_settings
from taggit.models import Tag

from articles.models import Commentary
from images.models import Image
from tests.articles.test_admin import ADD, author_rows, commentary_form
from tests.draftpages import DraftSiteMixin
from tests.factories import make_member, make_outlet, make_user
from tests.netguard import fake_dns

KANTEI = "https://www.kantei.go.jp/jp/101_kishida/actions/202211/12asean.html"
ARTICLE = "https://fulcrum.sg/japan-and-southeast-asia/"


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


# The outlet's site is played by a server on the loopback, named fulcrum.sg by
# a fake DNS that only the address guard asks (tests/netguard.py).
@override_settings(FETCH_ALLOWED_HOSTS=["fulcrum.sg", "127.0.0.1"])
class PasteALinkTests(DraftSiteMixin, TestCase):
    site_host = "fulcrum.sg"

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])
        cls.ha = make_member(name="Hoang Thi Ha")
        cls.fulcrum = make_outlet(
            name="Fulcrum", label="FULCRUM", homepage_url="https://fulcrum.sg/"
        )
        Tag.objects.create(name="ASEAN")
        Tag.objects.create(name="Japan")

    def setUp(self):
        self.client.force_login(self.editor)

    def fetch(self, path):
        query = urlencode({"fetch_url": self.site.url(path)})
        with fake_dns({"fulcrum.sg": "127.0.0.1"}):
            return self.client.get(f"{ADD}?{query}")

    def test_the_add_page_offers_to_fill_the_form_from_a_url(self):
        """A plain GET form, first on the page, with no script."""
        response = self.client.get(ADD)
        self.assertContains(
            response, '<form method="get" action="" class="fulcrum-fetch"'
        )
        self.assertContains(response, "Fetch details")
        self.assertContains(response, 'name="fetch_url"')
        self.assertNotContains(response, "Image from the page")

    def test_fetching_the_seed_article_fills_in_the_form_and_saves_nothing(self):
        response = self.fetch("/fulcrum-japan-asean/")
        self.assertEqual(response.status_code, 200)
        form = response.context["adminform"].form
        self.assertEqual(
            form.initial["title"],
            "Japan and Southeast Asia Set to Co-Create an Interwoven Future",
        )
        self.assertEqual(form.initial["outlet"], self.fulcrum.pk)
        self.assertEqual(form.initial["full_article_url"], ARTICLE)
        self.assertEqual(
            form.initial["original_published_on"], datetime.date(2023, 12, 15)
        )
        self.assertEqual(form.initial["tags"], "ASEAN, Japan")
        self.assertTrue(
            form.initial["summary"].startswith("<blockquote><p>Decades of nurturing")
        )
        self.assertNotIn("status", form.initial)
        authors = response.context["inline_admin_formsets"][0].formset
        self.assertEqual(
            [f.initial for f in authors.forms[:2]],
            [{"member": self.ha.pk}, {"name": "Pham Thi Phuong Thao"}],
        )
        self.assertGreaterEqual(len(authors.forms), 3)
        self.assertContains(response, "Image from the page")
        self.assertContains(
            response, 'name="fetched_image_credit" value="内閣官房内閣広報室"'
        )
        level, text = messages_of(response)[0]
        self.assertEqual(level, "success")
        self.assertIn(
            "Filled in from the page: title, outlet, original publication date, authors, image, tags",
            text,
        )
        self.assertIn("nothing is saved or published until you do", text)
        self.assertIn(
            (
                "info",
                "Keywords of the page that are no tag (not added): “Soft Power”.",
            ),
            messages_of(response),
        )
        self.assertFalse(Commentary.objects.exists())
        self.assertFalse(Image.objects.exists())

    def test_a_page_that_cannot_be_read_leaves_the_form_empty_with_the_reason(self):
        for path, reason in (
            ("/nothing/", "states no title, author, date, image or description"),
            ("/missing/", "answered HTTP 404"),
        ):
            with self.subTest(path=path):
                response = self.fetch(path)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("title", response.context["adminform"].form.initial)
                ((level, text),) = messages_of(response)
                self.assertEqual(level, "error")
                self.assertIn(reason, text)
                self.assertIn("Nothing was filled in.", text)
                # The address stays in its box, to correct or try again.
                self.assertContains(response, f'value="{self.site.url(path)}"')

    def test_a_url_that_is_no_web_address_is_refused_by_the_fetch_form(self):
        response = self.client.get(f"{ADD}?fetch_url=ftp://fulcrum.sg/x")
        self.assertContains(response, "Enter a valid URL.")
        self.assertEqual(messages_of(response), [])

    def test_an_outlet_not_on_file_is_proposed_with_its_name_filled_in(self):
        self.fulcrum.delete()
        response = self.fetch("/fulcrum-japan-asean/")
        self.assertNotIn("outlet", response.context["adminform"].form.initial)
        self.assertIn(
            (
                "warning",
                'Outlet: “FULCRUM” is not on file. <a href="/admin/articles/outlet/add/'
                '?name=FULCRUM&amp;homepage_url=https%3A%2F%2Ffulcrum.sg%2F" '
                'target="_blank" rel="noopener">Add it</a> (a new tab), then choose '
                "it under “Outlet”.",
            ),
            messages_of(response),
        )

    def save(self, **image):
        data = commentary_form(
            authors=[{"member": self.ha.pk}, {"name": "Pham Thi Phuong Thao"}],
            title="Japan and Southeast Asia Set to Co-Create an Interwoven Future",
            outlet=self.fulcrum.pk,
            full_article_url=ARTICLE,
            fetched_image_url=self.site.url(
                "/wp-content/uploads/2023/12/asean-japan.png"
            ),
            fetched_image_use="on",
            fetched_image_credit="内閣官房内閣広報室",
            fetched_image_source=KANTEI,
            fetched_image_alt="Leaders of ASEAN and Japan at the commemorative summit",
        )
        data.update(
            author_rows([{"member": self.ha.pk}, {"name": "Pham Thi Phuong Thao"}])
        )
        data.update(image)
        with fake_dns({"fulcrum.sg": "127.0.0.1"}):
            return self.client.post(ADD, data)

    def test_saving_downloads_the_page_image_with_its_credit_and_source(self):
        response = self.save()
        self.assertEqual(response.status_code, 302)
        piece = Commentary.objects.get()
        self.assertEqual(piece.status, Commentary.Status.DRAFT)
        image = piece.image
        self.assertEqual(
            (image.credit, image.source_url), ("内閣官房内閣広報室", KANTEI)
        )
        self.assertEqual(
            image.alt_text, "Leaders of ASEAN and Japan at the commemorative summit"
        )
        self.assertEqual((image.width, image.height), (120, 80))
        self.assertEqual(image.uploaded_by, self.editor)
        self.assertEqual(
            [a.display_name for a in piece.ordered_authorships()],
            ["Hoang Thi Ha", "Pham Thi Phuong Thao"],
        )

    def test_the_page_image_needs_a_credit_and_nothing_is_saved_without(self):
        response = self.save(fetched_image_credit="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "The page does not say who made the image: enter the credit"
        )
        self.assertFalse(Commentary.objects.exists())
        self.assertFalse(Image.objects.exists())

    def test_an_image_that_cannot_be_fetched_is_an_error_beside_it(self):
        response = self.save(fetched_image_url=self.site.url("/pdf/"))
        self.assertContains(response, "Could not fetch the image")
        self.assertFalse(Commentary.objects.exists())

    def test_unticking_the_page_image_saves_the_piece_without_it(self):
        data = {"fetched_image_use": ""}
        response = self.save(**data)
        self.assertEqual(response.status_code, 302)
        self.assertIsNone(Commentary.objects.get().image)
        self.assertFalse(Image.objects.exists())

    def test_a_posted_image_address_that_is_no_web_address_is_neither_linked_nor_fetched(
        self,
    ):
        response = self.save(fetched_image_url="javascript:alert(1)")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'href="javascript:')
        self.assertFalse(Commentary.objects.exists())

    def test_a_contributor_gets_the_same_draft_and_still_cannot_publish(self):
        self.client.force_login(make_user(groups=["Contributors"]))
        response = self.fetch("/fulcrum-japan-asean/")
        self.assertEqual(
            response.context["adminform"].form.initial["outlet"], self.fulcrum.pk
        )
        self.assertNotContains(response, 'name="status"')

    def test_a_staff_member_who_may_not_add_commentaries_makes_the_site_fetch_nothing(
        self,
    ):
        """The fetch is a CSRF-free GET: only who may add a piece may cause one."""
        self.client.force_login(make_user())  # Staff, in no group.
        before = len(self.site.seen)
        response = self.fetch("/fulcrum-japan-asean/")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(len(self.site.seen), before)

    def test_an_article_already_on_file_is_named_with_a_link_to_it(self):
        piece = Commentary.objects.create(
            title="Japan and Southeast Asia",
            outlet=self.fulcrum,
            full_article_url=ARTICLE,
        )
        response = self.fetch("/fulcrum-japan-asean/")
        self.assertIn(
            (
                "warning",
                "This article is already on file: "
                f'<a href="/admin/articles/commentary/{piece.pk}/change/">'
                "Japan and Southeast Asia</a>. Saving this form would add it a "
                "second time.",
            ),
            messages_of(response),
        )

    def test_markup_and_script_in_every_field_of_a_page_are_shown_as_text(self):
        response = self.fetch("/hostile/")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        for raw in (
            "<script>alert",
            "<img src=x",
            "<svg onload",
            "<b>bold",
            "<b>Times",
            'href="javascript:',
        ):
            self.assertNotIn(raw, page)
        self.assertIn("Title alert(1) &lt;script&gt;alert(2)&lt;/script&gt;", page)
        # The quotation is escaped into the summary, not read as markup.
        self.assertEqual(
            response.context["adminform"].form.initial["summary"],
            "<blockquote><p>alert(1)&lt;script&gt;alert(2)&lt;/script&gt;x</p>"
            "</blockquote>",
        )

    def test_a_summary_posted_with_script_is_stored_sanitised(self):
        """Whatever the editor sends back, the summary's sanitiser has the last word."""
        data = commentary_form(
            title="A piece",
            outlet=self.fulcrum.pk,
            full_article_url=ARTICLE,
            summary='<blockquote><p>Quoted<script>alert(1)</script> <a href="javascript:alert(1)">x</a></p></blockquote>',
        )
        data.update(author_rows([{"member": self.ha.pk}]))
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 302)
        summary = Commentary.objects.get().summary
        self.assertIn("<blockquote><p>Quoted", summary)
        self.assertNotIn("<script", summary)
        self.assertNotIn("javascript:", summary)

    def test_values_longer_than_their_fields_are_cut_to_fit_and_the_piece_saves(self):
        response = self.fetch("/long/")
        form = response.context["adminform"].form
        self.assertEqual(form.initial["title"], "T" * 300)
        self.assertEqual(len(form.initial["fetched_image_alt"]), 300)
        self.assertEqual(len(form.initial["fetched_image_credit"]), 500)
        authors = response.context["inline_admin_formsets"][0].formset
        self.assertEqual(len(authors.forms[0].initial["name"]), 200)
        self.assertEqual(len(authors.forms), 31)  # 30 authors at most, one spare.

    def test_authors_are_matched_in_one_query_however_long_the_byline(self):
        from articles.drafting import match_authors

        with self.assertNumQueries(1):
            match_authors(["Hoang Thi Ha"])
        with self.assertNumQueries(1):
            drafted = match_authors(["Hoang Thi Ha", "Someone Else", "A. N. Other"] * 5)
        self.assertEqual(drafted[0].member, self.ha)
        self.assertIsNone(drafted[1].member)

    def test_the_filled_add_page_asks_the_database_a_fixed_number_of_times(self):
        self.fetch("/fulcrum-japan-asean/")  # Warm the caches (content types...).
        with self.assertNumQueries(12):
            self.fetch("/fulcrum-japan-asean/")  # Two authors.
        with self.assertNumQueries(11):  # No outlet or tag on file matches.
            self.fetch("/long/")  # Thirty authors.
