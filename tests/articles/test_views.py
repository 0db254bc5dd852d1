"""The public commentary pages: summary page, lists, filters, previews, cost."""

import datetime

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Authorship, Commentary
from tests.factories import (
    committed,
    count_queries,
    make_commentaries,
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
)

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=1)
FUTURE = NOW + datetime.timedelta(days=1)

SEED_TITLE = "Japan and Southeast Asia Set to Co-Create an Interwoven Future"
SEED_LEDE = "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao."
SEED_ARGUMENT = (
    "They argue that Japan’s decades of cultivating relations with Southeast Asia "
    "have not only strengthened their diplomatic and economic ties but also "
    "deepened interpersonal and societal interactions, ultimately shifting "
    "postwar animosity towards Japan into a prevailing positive sentiment today."
)
SEED_EXCERPT = (
    "Decades of nurturing connections between Japan and Southeast Asia have "
    "deepened their cultural and social bonds, laying the foundation for a more "
    "balanced and mutually beneficial relationship. Now more than ever, these "
    "people-to-people connections also provide the ballast for Japan’s soft "
    "power, given that its economic influence has relatively declined with the "
    "rise of other competitors, especially China and South Korea. Recognising "
    "this, the ASEAN-Japan commemorative summit in 2023 agreed to further the "
    "“Heart-to-Heart Partners” and “Partners for Co-creation of Economy and "
    "Society of the Future” initiatives, alongside “Partners for Peace and "
    "Stability”."
)
SEED_URL = "https://fulcrum.sg/japan-and-southeast-asia-set-to-co-create/"
SEED_CREDIT = "内閣官房内閣広報室"
SEED_SOURCE = "https://www.kantei.go.jp/jp/101_kishida/actions/202211/12asean.html"


def make_seed_commentary(**kwargs):
    """Build the commentary of the seed page (tests/data/seeds/)."""
    kwargs.setdefault("title", SEED_TITLE)
    kwargs.setdefault("outlet", make_outlet(name="Fulcrum", label="FULCRUM"))
    kwargs.setdefault("summary", f"<p>{SEED_ARGUMENT}</p><p>{SEED_EXCERPT}</p>")
    kwargs.setdefault("full_article_url", SEED_URL)
    kwargs.setdefault(
        "image",
        make_image(
            credit=SEED_CREDIT,
            source_url=SEED_SOURCE,
            alt_text="Leaders at the ASEAN-Japan summit",
        ),
    )
    member = make_member(name="Hoang Thi Ha", slug="hoang-thi-ha")
    return make_commentary(
        authors=[member, "Pham Thi Phuong Thao"], tags=["Japan", "ASEAN"], **kwargs
    )


def detail_url(commentary):
    return reverse("articles:commentary-detail", kwargs={"slug": commentary.slug})


class SummaryPageTests(TestCase):
    """The summary page shows the seed page's elements, in the seed's order."""

    @classmethod
    def setUpTestData(cls):
        cls.commentary = make_seed_commentary(
            original_published_on=datetime.date(2023, 12, 15)
        )

    def setUp(self):
        self.response = self.client.get(detail_url(self.commentary))

    def test_summary_page_uses_the_commentary_template(self):
        """The page renders articles/commentary_detail.html in base.html."""
        self.assertEqual(self.response.status_code, 200)
        self.assertTemplateUsed(self.response, "articles/commentary_detail.html")
        self.assertTemplateUsed(self.response, "base.html")

    def test_summary_page_shows_every_element_of_the_seed_page(self):
        """Title, outlet label, lede, summary, link line and credit line."""
        response = self.response
        self.assertContains(response, f"<h1>{SEED_TITLE}</h1>", html=True)
        self.assertContains(
            response,
            '<p class="outlet-label">Published in <a href="/outlets/fulcrum/">'
            'FULCRUM</a>, <time datetime="2023-12-15">15 December 2023</time></p>',
            html=True,
        )
        self.assertContains(response, f'<p class="lede">{SEED_LEDE}</p>', html=True)
        self.assertContains(response, f"<p>{SEED_ARGUMENT}</p>", html=True)
        self.assertContains(response, f"<p>{SEED_EXCERPT}</p>", html=True)
        self.assertContains(
            response,
            f'<p class="link-line"><a href="{SEED_URL}" rel="noopener">The full '
            "article can be accessed here.</a> "
            '<span class="link-line__domain">fulcrum.sg'
            '<span aria-hidden="true"> ↗</span></span></p>',
            html=True,
        )
        self.assertContains(
            response,
            f'<span class="credit">Image: {SEED_CREDIT}, '
            f'<a href="{SEED_SOURCE}" rel="noopener">{SEED_SOURCE}</a></span>',
            html=True,
        )

    def test_summary_page_keeps_the_seed_pages_order(self):
        """Title, outlet, lede, summary, link line, credit: top to bottom."""
        content = self.response.content.decode()
        positions = [
            content.index(f"<h1>{SEED_TITLE}</h1>"),
            content.index(">FULCRUM</a>"),
            content.index(SEED_LEDE, content.index("<h1>")),
            content.index(SEED_ARGUMENT),
            content.index("The full article can be accessed"),
            content.index(f"Image: {SEED_CREDIT},"),
        ]
        self.assertEqual(positions, sorted(positions))

    def test_image_has_its_size_alt_text_and_renditions(self):
        """The main image: WebP and fallback srcsets, size, alt, eager loading."""
        image = self.commentary.image
        sizes = "(min-width: 42rem) 42rem, 100vw"
        self.assertTrue(image.webp_srcset and image.fallback_srcset)
        self.assertContains(
            self.response,
            "<picture>"
            f'<source type="image/webp" srcset="{image.webp_srcset}" sizes="{sizes}">'
            f'<img src="{image.file.url}" srcset="{image.fallback_srcset}" '
            f'sizes="{sizes}" width="{image.width}" height="{image.height}" '
            'alt="Leaders at the ASEAN-Japan summit">'
            "</picture>",
            html=True,
        )

    def test_authors_are_listed_in_order_with_members_linked(self):
        """The member links to their page; the outside author is plain text."""
        content = self.response.content.decode()
        self.assertContains(
            self.response,
            '<a href="/members/hoang-thi-ha/">Hoang Thi Ha</a>',
            html=True,
        )
        self.assertNotContains(self.response, ">Pham Thi Phuong Thao</a>")
        self.assertLess(
            content.index('<a href="/members/hoang-thi-ha/">', content.index("byline")),
            content.index("Pham Thi Phuong Thao", content.index("byline")),
        )

    def test_tags_link_to_their_pages(self):
        """Each tag links to /tags/<slug>/."""
        self.assertContains(
            self.response, '<a href="/tags/japan/">Japan</a>', html=True
        )
        self.assertContains(
            self.response, '<a href="/tags/asean/">ASEAN</a>', html=True
        )

    def test_dates_show_publication_and_original_publication(self):
        """Posting date and original date are both shown, in <time> elements."""
        published = timezone.localtime(self.commentary.published_at)
        self.assertContains(
            self.response,
            f'<time datetime="{published:%Y-%m-%d}">'
            f"{published.day} {published:%B %Y}</time>",
            html=True,
        )
        self.assertContains(
            self.response,
            '<time datetime="2023-12-15">15 December 2023</time>',
            html=True,
        )

    def test_public_page_has_no_preview_banner_and_may_be_cached(self):
        """A published piece shows no banner and no never-cache header."""
        self.assertNotContains(self.response, "Preview:")
        self.assertNotIn("no-store", self.response.get("Cache-Control", ""))

    def test_page_has_a_preview_card_for_sharing(self):
        """Open Graph title and absolute image URL are in the head."""
        self.assertContains(
            self.response, f'<meta property="og:title" content="{SEED_TITLE}">'
        )
        self.assertContains(
            self.response,
            '<meta property="og:image" content="http://testserver'
            f'{self.commentary.image.share_url}">',
        )


class SummaryVariantTests(TestCase):
    """The parts of a summary page that vary from piece to piece."""

    def test_excerpt_is_a_quotation_credited_to_the_outlet(self):
        """summary_is_excerpt renders a blockquote citing the full article."""
        commentary = make_seed_commentary(summary_is_excerpt=True)
        response = self.client.get(detail_url(commentary))
        self.assertContains(response, f'<blockquote class="summary" cite="{SEED_URL}">')
        self.assertContains(
            response,
            "<figcaption>Excerpt from <cite>FULCRUM</cite></figcaption>",
            html=True,
        )

    def test_own_summary_is_not_a_quotation(self):
        """Without summary_is_excerpt there is no blockquote."""
        response = self.client.get(detail_url(make_seed_commentary()))
        self.assertNotContains(response, "<blockquote")
        self.assertNotContains(response, "Excerpt from")

    def test_link_line_follows_the_chosen_wording(self):
        """The chosen sentence is the link, whole, with the site's domain after it."""
        cases = [
            (
                Commentary.LinkLine.READ_MORE,
                '<p class="link-line"><a href="https://example.org/a" '
                'rel="noopener">Read more</a> <span class="link-line__domain">'
                'example.org<span aria-hidden="true"> ↗</span></span></p>',
            ),
            (
                Commentary.LinkLine.ORIGINAL,
                '<p class="link-line"><a href="https://example.org/a" '
                'rel="noopener">The original article can be accessed here.</a> '
                '<span class="link-line__domain">example.org'
                '<span aria-hidden="true"> ↗</span></span></p>',
            ),
        ]
        for link_line, expected in cases:
            with self.subTest(link_line=link_line):
                commentary = make_commentary(
                    link_line=link_line, full_article_url="https://example.org/a"
                )
                response = self.client.get(detail_url(commentary))
                self.assertContains(response, expected, html=True)

    def test_no_link_line_without_a_full_article_url(self):
        """A piece with no URL has no dangling "here"."""
        commentary = make_commentary(full_article_url="")
        response = self.client.get(detail_url(commentary))
        self.assertNotContains(response, "can be accessed")
        self.assertNotContains(response, 'class="link-line"')

    def test_decorative_image_has_empty_alt_and_caption_is_shown(self):
        """A decorative image gets alt=""; its caption sits above the credit."""
        image = make_image(
            is_decorative=True,
            alt_text="",
            caption="Leaders gather in Phnom Penh.",
            credit="UN photo by Jane Doe",
        )
        response = self.client.get(detail_url(make_commentary(image=image)))
        self.assertContains(response, 'height="6" alt="">')
        self.assertContains(response, "Leaders gather in Phnom Penh.")
        self.assertContains(
            response,
            '<span class="credit">Image: UN photo by Jane Doe</span>',
            html=True,
        )

    def test_image_waiting_for_its_file_still_shows_its_credit(self):
        """An imported credit line without a file renders the credit, no <img>."""
        image = make_image(file="", alt_text="", credit="Kyodo News")
        response = self.client.get(detail_url(make_commentary(image=image)))
        self.assertContains(
            response, '<span class="credit">Image: Kyodo News</span>', html=True
        )
        self.assertNotContains(response, "<picture>")
        self.assertNotContains(response, 'property="og:image"')

    def test_piece_without_outlet_or_image_still_renders(self):
        """Outlet and image are optional."""
        response = self.client.get(detail_url(make_commentary(title="Alone")))
        self.assertContains(response, "<h1>Alone</h1>", html=True)
        self.assertNotContains(response, 'class="outlet-label"')
        self.assertNotContains(response, 'class="figure"')

    def test_original_date_is_shown_at_its_precision(self):
        """A month-precision date reads "May 2023" with datetime="2023-05"."""
        commentary = make_commentary(
            original_published_on=datetime.date(2023, 5, 17),
            original_published_precision=Commentary.DatePrecision.MONTH,
        )
        response = self.client.get(detail_url(commentary))
        self.assertContains(
            response, '<time datetime="2023-05">May 2023</time>', html=True
        )

    def test_outside_author_shows_affiliation_and_role_is_the_one_held(self):
        """Outside authors show their affiliation; members their role then."""
        member = make_member(name="Moon Chung-in", position="Chair")
        commentary = make_commentary(authors=[member])
        Authorship.objects.filter(commentary=commentary).update(role="Board member")
        Authorship.objects.create(
            commentary=commentary, name="Jane Roe", affiliation="ISEAS", position=1
        )
        response = self.client.get(detail_url(commentary))
        self.assertContains(
            response, '<span class="authors__note">Board member</span>', html=True
        )
        self.assertContains(
            response, '<span class="authors__note">ISEAS</span>', html=True
        )

    def test_lede_override_replaces_the_generated_lede(self):
        """An editor's lede is shown instead of the generated one."""
        commentary = make_commentary(
            authors=[make_member(name="Hoang Thi Ha")],
            lede_override="APLN member Hoang Thi Ha speaks at Shangri-La.",
        )
        response = self.client.get(detail_url(commentary))
        self.assertContains(
            response,
            '<p class="lede">APLN member Hoang Thi Ha speaks at Shangri-La.</p>',
            html=True,
        )


class PreviewTests(TestCase):
    """Unpublished pieces are hidden from the public; editors may preview them."""

    @classmethod
    def setUpTestData(cls):
        cls.hidden = {
            "Draft": make_commentary(status=Commentary.Status.DRAFT),
            "Withdrawn": make_commentary(
                status=Commentary.Status.WITHDRAWN, published_at=PAST
            ),
            "Scheduled": make_commentary(published_at=FUTURE),
        }
        cls.editor = make_user(groups=["Editors"])
        cls.contributor = make_user(groups=["Contributors"])
        cls.staff_without_permission = make_user()

    def test_unpublished_pieces_are_not_found_by_anonymous_readers(self):
        """Draft, withdrawn and scheduled pieces answer 404."""
        for state, commentary in self.hidden.items():
            with self.subTest(state=state):
                response = self.client.get(detail_url(commentary))
                self.assertEqual(response.status_code, 404)
                self.assertTemplateUsed(response, "404.html")

    def test_staff_with_change_permission_see_a_preview_that_is_never_cached(self):
        """Editors and contributors see a banner naming the state; no caching."""
        for user in (self.editor, self.contributor):
            self.client.force_login(user)
            for state, commentary in self.hidden.items():
                with self.subTest(user=user.username, state=state):
                    response = self.client.get(detail_url(commentary))
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(
                        response,
                        f"<strong>Preview: this piece is not public ({state})</strong>",
                        html=True,
                    )
                    self.assertContains(
                        response, '<meta name="robots" content="noindex, nofollow">'
                    )
                    cache_control = response["Cache-Control"]
                    for directive in ("no-cache", "no-store", "private"):
                        self.assertIn(directive, cache_control)

    def test_staff_without_change_permission_get_404(self):
        """Being staff is not enough: the permission decides."""
        self.client.force_login(self.staff_without_permission)
        for state, commentary in self.hidden.items():
            with self.subTest(state=state):
                response = self.client.get(detail_url(commentary))
                self.assertEqual(response.status_code, 404)

    def test_unpublished_pieces_stay_off_every_public_list(self):
        """Home, list, tag, outlet and member pages show only published pieces."""
        outlet = make_outlet(name="Hidden Outlet")
        member = make_member(name="Hidden Author")
        for status, published_at in (
            (Commentary.Status.DRAFT, None),
            (Commentary.Status.WITHDRAWN, PAST),
            (Commentary.Status.PUBLISHED, FUTURE),
        ):
            make_commentary(
                title=f"Secret {status} piece",
                status=status,
                published_at=published_at,
                outlet=outlet,
                authors=[member],
                tags=["secret"],
            )
        make_commentary(
            title="Visible piece", outlet=outlet, authors=[member], tags=["secret"]
        )
        urls = [
            reverse("articles:home"),
            reverse("articles:commentary-list"),
            reverse("articles:tag-detail", kwargs={"slug": "secret"}),
            outlet.get_absolute_url(),
            member.get_absolute_url(),
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "Visible piece")
                self.assertNotContains(response, "Secret")


class HomePageTests(TestCase):
    """The home page: featured pieces, then the latest."""

    def test_home_shows_featured_then_latest_as_cards(self):
        """A featured piece is in the Featured section, not repeated below."""
        make_commentary(title="Older piece", published_at=PAST)
        make_commentary(title="Featured piece", is_featured=True)
        response = self.client.get(reverse("articles:home"))
        self.assertTemplateUsed(response, "articles/home.html")
        self.assertTemplateUsed(response, "articles/includes/_commentary_card.html")
        content = response.content.decode()
        self.assertEqual(content.count("Featured piece"), 1)
        self.assertLess(content.index("Featured piece"), content.index("Older piece"))
        self.assertLess(content.index(">Featured<"), content.index("Featured piece"))

    def test_card_shows_title_link_outlet_lede_date_and_tags(self):
        """Everything a card promises, read from one piece."""
        commentary = make_seed_commentary()
        response = self.client.get(reverse("articles:home"))
        self.assertContains(
            response,
            f'<h3 class="card__title"><a href="{commentary.get_absolute_url()}">'
            f"{SEED_TITLE}</a></h3>",
            html=True,
        )
        self.assertContains(response, '<p class="outlet-label">FULCRUM</p>', html=True)
        self.assertContains(
            response, f'<p class="card__lede">{SEED_LEDE}</p>', html=True
        )
        self.assertContains(response, '<a href="/tags/japan/">Japan</a>', html=True)
        self.assertContains(response, '<p class="card__meta"><time datetime="')

    def test_empty_site_says_nothing_is_published(self):
        """A fresh install renders a home page without pieces."""
        response = self.client.get(reverse("articles:home"))
        self.assertContains(response, "No commentaries have been published yet.")


class CommentaryListTests(TestCase):
    """/commentaries/: filters narrow the list and survive paging."""

    @classmethod
    def setUpTestData(cls):
        cls.fulcrum = make_outlet(name="Fulcrum", label="FULCRUM")
        cls.times = make_outlet(name="The Korea Times")
        cls.ha = make_member(name="Hoang Thi Ha")
        cls.moon = make_member(name="Moon Chung-in")
        cls.nuclear = make_commentary(
            title="Nuclear piece",
            outlet=cls.fulcrum,
            authors=[cls.ha],
            tags=["Nuclear"],
            kind=Commentary.Kind.COMMENTARY,
            published_at=datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC),
        )
        cls.climate = make_commentary(
            title="Climate piece",
            outlet=cls.times,
            authors=[cls.moon],
            tags=["Climate"],
            kind=Commentary.Kind.INTERVIEW,
            published_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
        )

    def get(self, **params):
        return self.client.get(reverse("articles:commentary-list"), params)

    def test_list_shows_every_published_piece_without_filters(self):
        """No filter: all pieces, heading "Commentaries"."""
        response = self.get()
        self.assertTemplateUsed(response, "articles/commentary_list.html")
        self.assertContains(response, "<h1>Commentaries</h1>", html=True)
        self.assertContains(response, "Nuclear piece")
        self.assertContains(response, "Climate piece")

    def test_each_filter_narrows_the_list_and_the_heading_says_so(self):
        """tag, outlet, member, kind and year each keep only the matching piece."""
        cases = [
            ({"tag": "nuclear"}, "Commentaries tagged “Nuclear”"),
            ({"outlet": self.fulcrum.slug}, "Commentaries from FULCRUM"),
            ({"member": self.ha.slug}, "Commentaries by Hoang Thi Ha"),
            ({"kind": "commentary"}, "Commentaries of the kind “Commentary / op-ed”"),
            ({"year": "2023"}, "Commentaries published in 2023"),
        ]
        for params, heading in cases:
            with self.subTest(params=params):
                response = self.get(**params)
                self.assertContains(response, "Nuclear piece")
                self.assertNotContains(response, "Climate piece")
                self.assertContains(response, f"<h1>{heading}</h1>", html=True)

    def test_filters_combine(self):
        """Two filters that match different pieces leave nothing."""
        response = self.get(tag="nuclear", kind="interview")
        self.assertNotContains(response, "Nuclear piece")
        self.assertNotContains(response, "Climate piece")
        self.assertContains(response, "No commentaries match these filters.")

    def test_filter_form_shows_the_current_choices(self):
        """The selects offer outlets and years and keep what was chosen."""
        response = self.get(outlet=self.times.slug, year="2024", kind="interview")
        self.assertContains(
            response,
            f'<option value="{self.times.slug}" selected>The Korea Times</option>',
            html=True,
        )
        self.assertContains(
            response, '<option value="2024" selected>2024</option>', html=True
        )
        self.assertContains(response, '<option value="2023">2023</option>', html=True)
        self.assertContains(
            response, '<option value="interview" selected>Interview</option>', html=True
        )
        self.assertContains(
            response, '<a href="/commentaries/">Clear filters</a>', html=True
        )

    def test_invalid_filter_values_do_not_crash(self):
        """Bad values answer 200 with an empty list, and are echoed escaped."""
        cases = [
            {"year": "abc"},
            {"year": "99999"},
            {"kind": "bogus"},
            {"tag": "<script>"},
            {"member": "no such member"},
            {"outlet": "nowhere"},
        ]
        for params in cases:
            with self.subTest(params=params):
                response = self.get(**params)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Nuclear piece")
                self.assertNotContains(response, "<script>")

    def test_pagination_keeps_the_filters(self):
        """Page links carry the filters; page 2 holds the rest."""
        make_commentaries(21, tags=["Paged"])
        response = self.get(tag="paged")
        # Next and Previous also name the piece next to them (after=/before=).
        self.assertRegex(
            response.content.decode(),
            r'<a href="\?tag=paged&amp;page=2&amp;after=\d+\.\d+" rel="next">'
            r'Next<span class="visually-hidden"> page</span></a>',
        )
        self.assertContains(response, "Page 1 of 2")
        response = self.get(tag="paged", page="2")
        self.assertRegex(
            response.content.decode(),
            r'href="\?tag=paged&amp;page=1&amp;before=\d+\.\d+" rel="prev"',
        )
        self.assertEqual(len(response.context["page_obj"].object_list), 1)
        self.assertNotContains(response, "Nuclear piece")


class TagAndOutletPageTests(TestCase):
    """/tags/<slug>/ and /outlets/<slug>/ list their published pieces."""

    def test_tag_page_lists_only_pieces_with_the_tag(self):
        """Pieces with another tag are absent."""
        make_commentary(title="Tagged piece", tags=["Deterrence"])
        make_commentary(title="Other piece", tags=["Climate"])
        response = self.client.get(
            reverse("articles:tag-detail", kwargs={"slug": "deterrence"})
        )
        self.assertTemplateUsed(response, "articles/tag_detail.html")
        self.assertContains(
            response, "<h1>Commentaries tagged “Deterrence”</h1>", html=True
        )
        self.assertContains(response, "Tagged piece")
        self.assertNotContains(response, "Other piece")

    def test_outlet_page_lists_only_pieces_from_the_outlet(self):
        """Pieces from another outlet are absent; the homepage is linked."""
        outlet = make_outlet(name="Global Asia", homepage_url="https://globalasia.org/")
        make_commentary(title="Outlet piece", outlet=outlet)
        make_commentary(title="Other piece", outlet=make_outlet())
        response = self.client.get(outlet.get_absolute_url())
        self.assertTemplateUsed(response, "articles/outlet_detail.html")
        self.assertContains(response, "<h1>Global Asia</h1>", html=True)
        self.assertContains(response, "Outlet piece")
        self.assertNotContains(response, "Other piece")
        self.assertContains(response, 'href="https://globalasia.org/" rel="noopener"')

    def test_tag_and_outlet_pages_paginate(self):
        """More than a page of pieces splits into pages."""
        outlet = make_outlet()
        make_commentaries(21, tags=["Many"], outlet=outlet)
        for url in (reverse("articles:tag-detail", kwargs={"slug": "many"}),
                    outlet.get_absolute_url()):  # fmt: skip
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "Page 1 of 2")
                self.assertRegex(
                    response.content.decode(),
                    r'href="\?page=2&amp;after=\d+\.\d+" rel="next"',
                )

    def test_unknown_tag_or_outlet_is_404(self):
        """A slug that names nothing is not found."""
        for name in ("articles:tag-detail", "articles:outlet-detail"):
            with self.subTest(name=name):
                response = self.client.get(reverse(name, kwargs={"slug": "nothing"}))
                self.assertEqual(response.status_code, 404)


# The view's own cost; the page cache's is pinned in tests/test_page_cache.py.
@override_settings(PAGE_CACHE_SECONDS=0)
class QueryCountTests(TestCase):
    """Pages cost a fixed number of queries, whatever they show."""

    @classmethod
    def setUpTestData(cls):
        cls.outlet = make_outlet(name="Fulcrum")
        cls.members = [make_member() for _ in range(6)]

    def build(self, n):
        """Create n published pieces with two authors and two tags each."""
        return make_commentaries(
            n,
            authors=[self.members[0], "Outside Author"],
            tags=["Count", "Other"],
            outlet=self.outlet,
            image=make_image(),
        )

    def assertQueriesDoNotGrow(self, urls, small=5, large=50):
        """Compare the cost of each url with `small`, then `large` pieces."""
        with committed():
            self.build(small)
        with_small = {url: count_queries(self.client, url) for url in urls}
        with committed():
            self.build(large - small)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(count_queries(self.client, url), with_small[url])

    def test_summary_page_runs_seven_queries_then_one(self):
        """Commentary with outlet and image on every visit; authorships with
        members and their photos, tags, related pieces, more by each member
        and its published translations (for hreflang), with the next
        scheduled change, only until they are remembered."""
        self.members[0].photo = make_image()
        self.members[0].save()
        commentary = self.build(3)[0]
        with self.assertNumQueries(7):
            self.client.get(detail_url(commentary))
        with self.assertNumQueries(1):
            response = self.client.get(detail_url(commentary))
        self.assertEqual(len(response.context["related"]), 2)
        self.assertContains(response, 'class="byline__photo"')

    def test_summary_page_cost_does_not_depend_on_authors_or_tags(self):
        """1 vs 6 authors and 1 vs 10 tags cost the same."""
        one = make_commentary(authors=self.members[:1], tags=["a"])
        six = make_commentary(authors=self.members, tags=[f"t{i}" for i in range(10)])
        counts = []
        for piece in (one, six):
            cache.clear()  # Nothing remembered from the other piece's visit.
            counts.append(count_queries(self.client, detail_url(piece)))
        self.assertEqual(counts[0], counts[1])

    def test_home_runs_eight_queries(self):
        """Featured and latest: a query each plus their two prefetches; the
        pieces of the topics they share; and, once, the next scheduled change
        (until which the cards are kept)."""
        self.build(3)
        make_commentary(is_featured=True, authors=self.members[:2], tags=["x"])
        with self.assertNumQueries(8):
            self.client.get(reverse("articles:home"))

    def test_commentary_list_runs_ten_queries_then_five(self):
        """The tag's name, first and last year, count and next scheduled
        change (then remembered), outlets, page, and the cards' pieces with
        outlet and image, authors and tags (then kept)."""
        self.build(3)
        url = reverse("articles:commentary-list")
        with self.assertNumQueries(10):
            self.client.get(url, {"tag": "count"})
        with self.assertNumQueries(5):
            self.client.get(url, {"tag": "count", "page": "1"})

    def test_tag_and_outlet_pages_run_seven_queries_then_two(self):
        """The tag or outlet, count and next change (then remembered), page,
        and the cards' pieces with outlet and image, authors and tags (then
        kept)."""
        self.build(3)
        urls = [
            reverse("articles:tag-detail", kwargs={"slug": "count"}),
            self.outlet.get_absolute_url(),
        ]
        for url in urls:
            cache.clear()  # A new generation: nothing remembered or kept.
            with self.subTest(url=url):
                with self.assertNumQueries(7):
                    self.client.get(url)
                with self.assertNumQueries(2):
                    self.client.get(url)

    def test_list_pages_cost_the_same_for_5_and_50_pieces(self):
        """Home, list, tag and outlet pages do not query per piece."""
        urls = [
            reverse("articles:home"),
            reverse("articles:commentary-list"),
            reverse("articles:commentary-list") + "?tag=count",
            reverse("articles:tag-detail", kwargs={"slug": "count"}),
            self.outlet.get_absolute_url(),
        ]
        self.assertQueriesDoNotGrow(urls)
