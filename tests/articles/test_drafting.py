"""Paste a link, get a draft (issue 15, item 1): pages in the shapes news sites
use, served on the loopback (tests/draftpages.py), read into a Draft."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from taggit.models import Tag

from articles.drafting import USER_AGENT, DraftError, draft_from_url, fetch_image
from members.models import MemberAlias
from tests.draftpages import DraftSiteMixin
from tests.factories import make_member, make_outlet
from tests.netguard import fake_dns

TIMEOUT = 0.5


# The site is on the loopback, which the address guard refuses unless listed.
@override_settings(FETCH_ALLOWED_HOSTS=["127.0.0.1"])
class DraftFromPageTests(DraftSiteMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moon = make_member(name="Moon Chung-in")
        cls.ha = make_member(name="Hoang Ha")
        MemberAlias.objects.create(member=cls.ha, name="Hoàng Thị Hà")
        cls.forum = make_outlet(name="East Asia Forum")
        cls.times = make_outlet(name="The Korea Times", label="THE KOREA TIMES")
        Tag.objects.create(name="deterrence")
        Tag.objects.create(name="North Korea")

    def draft(self, path, **kwargs):
        return draft_from_url(self.site.url(path), timeout=TIMEOUT, **kwargs)

    def test_a_json_ld_news_article_gives_every_field_with_authors_in_byline_order(
        self,
    ):
        """Title, outlet, date, three authors (two members), image, tags, quote."""
        draft = self.draft("/newsarticle/")
        self.assertEqual(draft.title, "Nuclear Risks in Northeast Asia")
        self.assertEqual(draft.outlet, self.forum)
        self.assertEqual(draft.url, self.site.url("/2024/03/nuclear-risks/"))
        # The date as the outlet wrote it (its own time zone), to the day.
        self.assertEqual(draft.published_on, datetime.date(2024, 3, 5))
        self.assertEqual(draft.precision, "day")
        self.assertEqual(
            [(a.name, a.member) for a in draft.authors],
            [
                ("Chung-in MOON", self.moon),
                ("Jane Outsider", None),
                ("Hoàng Thị Hà", self.ha),
            ],
        )
        self.assertEqual(draft.image_url, self.site.url("/media/summit.png"))
        self.assertEqual(
            (draft.image_credit, draft.image_alt),
            ("Kyodo News", "Delegates at the summit"),
        )
        self.assertEqual(draft.tags, ["deterrence"])
        self.assertEqual(draft.new_keywords, ["Nuclear weapons", "Korean Peninsula"])
        self.assertEqual(
            draft.summary_html,
            "<blockquote><p>Three authors argue that the risks are rising &amp; "
            "must be managed.</p></blockquote>",
        )
        self.assertEqual(draft.problems, {})
        self.assertIn(("/newsarticle/", USER_AGENT), self.site.seen)

    def test_the_add_form_gets_the_draft_but_never_a_status(self):
        """Initial data: the fields read, and nothing that publishes."""
        draft = self.draft("/newsarticle/")
        initial = draft.initial()
        self.assertEqual(initial["outlet"], self.forum.pk)
        self.assertEqual(initial["original_published_precision"], "day")
        self.assertNotIn("status", initial)
        self.assertEqual(
            draft.author_rows(),
            [
                {"member": self.moon.pk},
                {"name": "Jane Outsider"},
                {"member": self.ha.pk},
            ],
        )

    def test_an_open_graph_page_gives_its_fields_and_asks_for_the_image_credit(self):
        """og: and article: tags; the outlet matched by its label; no credit."""
        draft = self.draft("/opengraph/")
        self.assertEqual(draft.title, "Why Arms Control Still Matters")
        self.assertEqual(draft.outlet, self.times)
        self.assertEqual(draft.published_on, datetime.date(2022, 11, 30))
        self.assertEqual([a.name for a in draft.authors], ["Kim Won-soo"])
        self.assertEqual(draft.image_url, "https://img.koreatimes.test/arms.jpg")
        self.assertEqual(draft.image_alt, "A missile launch")
        self.assertEqual(draft.tags, ["North Korea"])
        self.assertIn("enter the credit", draft.problems["image credit"])

    def test_citation_meta_gives_a_partial_date_and_proposes_the_outlet(self):
        """citation_*: month precision, "Family, Given" turned round, outlet new."""
        draft = self.draft("/citation/")
        self.assertEqual(draft.title, "Extended Deterrence and the Indo-Pacific")
        self.assertEqual(
            (draft.published_on, draft.precision), (datetime.date(2021, 5, 1), "month")
        )
        self.assertEqual(
            [a.name for a in draft.authors], ["Rakesh Sood", "Anna Outside"]
        )
        self.assertIsNone(draft.outlet)
        self.assertEqual(draft.outlet_name, "Global Asia")
        self.assertIn(
            "No outlet on file has the name “Global Asia”", draft.problems["outlet"]
        )
        self.assertIn("names no image", draft.problems["image"])

    def test_a_page_with_no_metadata_at_all_is_refused_with_the_reason(self):
        with self.assertRaisesMessage(
            DraftError, "states no title, author, date, image or description"
        ):
            self.draft("/nothing/")

    def test_a_redirect_is_followed_to_the_article(self):
        draft = self.draft("/redirect/")
        self.assertEqual(draft.title, "Nuclear Risks in Northeast Asia")
        self.assertEqual(
            [path for path, _agent in self.site.seen[-2:]],
            ["/redirect/", "/newsarticle/"],
        )

    def test_a_server_that_does_not_answer_in_time_is_reported(self):
        with self.assertRaisesMessage(DraftError, f"No answer within {TIMEOUT:g} s."):
            self.draft("/slow/")

    def test_a_huge_page_is_refused_past_the_size_cap_announced_or_not(self):
        for path in ("/huge/", "/huge-unannounced/"):
            with (
                self.subTest(path=path),
                self.assertRaisesMessage(DraftError, "It is larger than 100.0\xa0KB"),
            ):
                self.draft(path, max_bytes=100 * 1024)

    def test_what_is_not_a_web_page_is_refused(self):
        for path, message in (
            ("/pdf/", "is application/pdf, not"),
            ("/missing/", "answered HTTP 404"),
        ):
            with self.subTest(path=path), self.assertRaisesMessage(DraftError, message):
                self.draft(path)

    def test_only_web_addresses_are_fetched(self):
        with self.assertRaisesMessage(DraftError, "is not a web address"):
            draft_from_url("file:///etc/passwd")

    def test_the_page_image_is_downloaded_and_checked_as_an_upload(self):
        image = fetch_image(self.site.url("/wp-content/summit.png"), timeout=TIMEOUT)
        self.assertEqual(image.name, "summit.png")
        with self.assertRaisesMessage(ValidationError, "is application/pdf"):
            fetch_image(self.site.url("/pdf/"), timeout=TIMEOUT)


class GuardTests(DraftSiteMixin, TestCase):
    """Named hosts resolved by a fake DNS, every connection kept on the loopback."""

    @override_settings(FETCH_ALLOWED_HOSTS=[])
    def test_a_page_on_a_private_address_is_refused_before_connecting(self):
        with fake_dns({"intranet.test": "10.0.0.5"}):
            with self.assertRaisesMessage(
                DraftError, "Refused: intranet.test (10.0.0.5) is a private address"
            ):
                draft_from_url("http://intranet.test/news/", timeout=TIMEOUT)
            with self.assertRaisesMessage(
                DraftError, "Refused: 127.0.0.1 is a loopback"
            ):
                draft_from_url(self.site.url("/newsarticle/"), timeout=TIMEOUT)

    @override_settings(FETCH_ALLOWED_HOSTS=["127.0.0.1"])
    def test_a_redirect_to_a_private_address_is_refused_at_that_hop(self):
        with (
            fake_dns(),
            self.assertRaisesMessage(
                DraftError, "Refused: 10.0.0.5 is a private address"
            ),
        ):
            draft_from_url(self.site.url("/to-intranet/"), timeout=TIMEOUT)

    @override_settings(FETCH_ALLOWED_HOSTS=["fulcrum.sg"])
    def test_the_outlet_is_matched_by_the_domain_of_its_homepage(self):
        """The seed article's page: outlet by domain, link from its canonical."""
        outlet = make_outlet(
            name="ISEAS Fulcrum", homepage_url="https://www.fulcrum.sg/"
        )
        with fake_dns({"fulcrum.sg": "127.0.0.1"}):
            draft = draft_from_url(
                f"http://fulcrum.sg:{self.site.port}/fulcrum-japan-asean/",
                timeout=TIMEOUT,
            )
        self.assertEqual(draft.outlet, outlet)
        self.assertEqual(draft.url, "https://fulcrum.sg/japan-and-southeast-asia/")
        self.assertEqual(
            [a.name for a in draft.authors], ["Hoang Thi Ha", "Pham Thi Phuong Thao"]
        )
