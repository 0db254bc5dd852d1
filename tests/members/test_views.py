"""The members list and member profile pages."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Commentary
from members.models import MemberLink, MembershipCategory
from tests.factories import (
    committed,
    count_queries,
    make_category,
    make_commentaries,
    make_commentary,
    make_image,
    make_member,
)

LIST_URL = reverse("members:member-list")


class MemberListTests(TestCase):
    """/members/: active members, grouped by category, filterable by country."""

    @classmethod
    def setUpTestData(cls):
        cls.board = MembershipCategory.objects.get(slug="board")
        cls.network = MembershipCategory.objects.get(slug="senior-network")
        cls.moon = make_member(
            name="Moon Chung-in",
            family_name="Moon",
            native_name="문정인",
            native_name_language="ko",
            position="Chair",
            country="KR",
            category=cls.board,
        )
        cls.evans = make_member(
            name="Gareth Evans",
            family_name="Evans",
            position="Former Minister for Foreign Affairs of Australia",
            country="AU",
            category=cls.board,
        )
        cls.soares = make_member(
            name="Dionisio Da Costa Babo SOARES",
            family_name="Soares",
            position="Former Minister for Foreign Affairs of Timor-Leste",
            country="TL",
            category=cls.network,
        )
        cls.retired = make_member(
            name="Retired Person", country="JP", category=cls.network, is_active=False
        )

    def test_members_are_grouped_under_their_category_headings_in_order(self):
        """Board members first, sorted by family name, then the Senior Network."""
        response = self.client.get(LIST_URL)
        self.assertTemplateUsed(response, "members/member_list.html")
        content = response.content.decode()
        order = [
            content.index(">Board members</h2>"),
            content.index("Gareth Evans"),
            content.index("Moon Chung-in"),
            content.index(">Senior Network</h2>"),
            content.index("Dionisio Da Costa Babo SOARES"),
        ]
        self.assertEqual(order, sorted(order))
        # Categories without active members get no heading.
        self.assertNotContains(response, ">Emerging Voices Network</h2>")

    def test_members_without_a_category_come_last_under_their_own_heading(self):
        """An uncategorised member is listed after every category."""
        make_member(name="Uncategorised Person", country="NZ")
        response = self.client.get(LIST_URL)
        content = response.content.decode()
        self.assertLess(
            content.index("Dionisio Da Costa Babo SOARES"),
            content.index(">Other members</h2>"),
        )
        self.assertLess(
            content.index(">Other members</h2>"),
            content.index("Uncategorised Person"),
        )

    def test_each_member_shows_name_position_and_country(self):
        """The native name is marked with its language; the country is named."""
        response = self.client.get(LIST_URL)
        self.assertContains(
            response,
            f'<a href="{self.moon.get_absolute_url()}">Moon Chung-in '
            '<span class="native-name" dir="auto" lang="ko">문정인</span></a>',
            html=True,
        )
        self.assertContains(
            response,
            '<p class="member-card__position">Former Minister for Foreign Affairs '
            "of Timor-Leste</p>",
            html=True,
        )
        self.assertContains(
            response, '<p class="member-card__country">Timor-Leste</p>', html=True
        )

    def test_inactive_members_are_hidden(self):
        """An inactive member is neither listed nor offered as a country."""
        response = self.client.get(LIST_URL)
        self.assertNotContains(response, "Retired Person")
        self.assertNotContains(response, '<option value="JP">')

    def test_country_filter_keeps_only_that_country(self):
        """?country=AU lists Australians and selects Australia in the form."""
        response = self.client.get(LIST_URL, {"country": "au"})
        self.assertContains(response, "Gareth Evans")
        self.assertNotContains(response, "Moon Chung-in")
        self.assertContains(response, "<h1>Members from Australia</h1>", html=True)
        self.assertContains(
            response, '<option value="AU" selected>Australia</option>', html=True
        )

    def test_category_filter_keeps_only_that_category_and_combines_with_country(self):
        """?category=board lists the board; with ?country=AU, only Evans."""
        response = self.client.get(LIST_URL, {"category": "board"})
        self.assertContains(response, "Moon Chung-in")
        self.assertContains(response, "Gareth Evans")
        self.assertNotContains(response, "SOARES")
        self.assertContains(
            response,
            f'<option value="board" selected>{self.board.heading}</option>',
            html=True,
        )
        response = self.client.get(LIST_URL, {"category": "board", "country": "AU"})
        self.assertContains(response, "Gareth Evans")
        self.assertNotContains(response, "Moon Chung-in")

    def test_unknown_country_lists_nobody_without_error(self):
        """A country code no member has gives an empty, working page."""
        for value in ("ZZ", "<script>", "🙂"):
            with self.subTest(country=value):
                response = self.client.get(LIST_URL, {"country": value})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "No members to show.")
                self.assertNotContains(response, "<script>")

    # The view's own cost; the page cache's is pinned in tests/test_page_cache.py.
    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_members_list_runs_three_queries(self):
        """Members with category and photo, the countries, the categories."""
        self.moon.photo = make_image()
        self.moon.save()
        with self.assertNumQueries(3):
            self.client.get(LIST_URL)

    def test_members_list_cost_does_not_grow_with_members(self):
        """5 or 50 members with photos: the same number of queries."""
        with committed():
            category = make_category(name="Many", position=99)
            for _ in range(5):
                make_member(category=category, photo=make_image())
        small = count_queries(self.client, LIST_URL)
        with committed():
            for _ in range(45):
                make_member(category=category, country="VN")
        self.assertEqual(count_queries(self.client, LIST_URL), small)


class MemberDetailTests(TestCase):
    """/members/<slug>/: the profile, then the member's published pieces."""

    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(
            name="Dionisio Da Costa Babo SOARES",
            honorific="H.E. Dr.",
            native_name="Dionísio da Costa Babo Soares",
            native_name_language="pt",
            position="Former Minister for Foreign Affairs of Timor-Leste",
            country="TL",
            category=MembershipCategory.objects.get(slug="board"),
            bio="First paragraph of the bio.\n\nSecond paragraph.",
            photo=make_image(
                credit="Government of Timor-Leste",
                source_url="https://timor-leste.gov.tl/",
                alt_text="Portrait of Dionisio Soares",
            ),
        )
        MemberLink.objects.create(
            member=cls.member, label="Personal website", url="https://soares.example/"
        )
        cls.other = make_member(name="Someone Else")
        cls.own = make_commentary(title="His published piece", authors=[cls.member])
        cls.co_written = make_commentary(
            title="Co-written piece", authors=["Outside Author", cls.member]
        )
        make_commentary(
            title="His draft piece",
            authors=[cls.member],
            status=Commentary.Status.DRAFT,
        )
        make_commentary(
            title="His scheduled piece",
            authors=[cls.member],
            published_at=timezone.now() + datetime.timedelta(days=2),
        )
        make_commentary(title="Someone else's piece", authors=[cls.other])

    def setUp(self):
        self.response = self.client.get(self.member.get_absolute_url())

    def test_profile_shows_name_position_country_category_and_bio(self):
        """Every part of a profile, the bio split into paragraphs."""
        response = self.response
        self.assertTemplateUsed(response, "members/member_detail.html")
        self.assertContains(
            response,
            '<h1><span class="honorific">H.E. Dr.</span> '
            "Dionisio Da Costa Babo SOARES</h1>",
            html=True,
        )
        self.assertContains(
            response,
            '<p class="native-name" dir="auto" lang="pt">'
            "Dionísio da Costa Babo Soares</p>",
            html=True,
        )
        self.assertContains(
            response,
            '<p class="profile__position">Former Minister for Foreign Affairs of '
            "Timor-Leste</p>",
            html=True,
        )
        self.assertContains(response, "<dd>Timor-Leste</dd>", html=True)
        self.assertContains(response, "<dd>Board member</dd>", html=True)
        self.assertContains(response, "<p>First paragraph of the bio.</p>", html=True)
        self.assertContains(response, "<p>Second paragraph.</p>", html=True)

    def test_photo_shows_its_credit_through_the_shared_include(self):
        """The portrait uses the image include with a "Photo:" credit line."""
        self.assertTemplateUsed(self.response, "articles/includes/_image.html")
        self.assertContains(
            self.response,
            '<span class="credit">Photo: Government of Timor-Leste, '
            '<a href="https://timor-leste.gov.tl/" rel="noopener">'
            "https://timor-leste.gov.tl/</a></span>",
            html=True,
        )
        self.assertContains(self.response, 'alt="Portrait of Dionisio Soares"')

    def test_links_are_listed(self):
        """Profile links open the member's sites."""
        self.assertContains(
            self.response,
            '<a href="https://soares.example/" rel="noopener">Personal website</a>',
            html=True,
        )

    def test_member_page_lists_only_their_published_pieces(self):
        """Drafts, scheduled pieces and other people's pieces are absent."""
        self.assertContains(self.response, "His published piece")
        self.assertContains(self.response, "Co-written piece")
        self.assertNotContains(self.response, "His draft piece")
        self.assertNotContains(self.response, "His scheduled piece")
        self.assertNotContains(self.response, "Someone else")

    def test_member_without_pieces_says_so(self):
        """A new member's page renders with an empty list."""
        member = make_member(name="New Member")
        response = self.client.get(member.get_absolute_url())
        self.assertContains(
            response, "No commentaries by this member have been published yet."
        )

    def test_inactive_member_keeps_their_page(self):
        """Leaving the list does not remove the profile or the pieces."""
        member = make_member(name="Former Member", is_active=False)
        make_commentary(title="An old piece", authors=[member])
        response = self.client.get(member.get_absolute_url())
        self.assertContains(response, "An old piece")

    def test_unknown_member_is_404(self):
        """A slug that names no member is not found."""
        response = self.client.get(
            reverse("members:member-detail", kwargs={"slug": "nobody"})
        )
        self.assertEqual(response.status_code, 404)

    def test_member_pieces_are_paginated(self):
        """Twenty pieces a page, with links between pages."""
        member = make_member(name="Prolific Writer")
        make_commentaries(21, authors=[member])
        response = self.client.get(member.get_absolute_url())
        self.assertContains(response, "Page 1 of 2")
        self.assertRegex(
            response.content.decode(), r'href="\?page=2&amp;after=\d+\.\d+" rel="next"'
        )
        response = self.client.get(member.get_absolute_url(), {"page": 2})
        self.assertEqual(len(response.context["page_obj"].object_list), 1)

    # The view's own cost; the page cache's is pinned in tests/test_page_cache.py.
    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_member_page_runs_three_queries_once_its_cards_are_kept(self):
        """Member with category and photo, links, page (the count is
        remembered and the cards kept from setUp's view of the page)."""
        with self.assertNumQueries(3):
            self.client.get(self.member.get_absolute_url())

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_member_page_runs_eight_queries_after_any_change(self):
        """After any change: member, links, count, next scheduled change,
        page, and the cards' pieces with outlet and image, authors and tags."""
        with committed():
            self.member.save()
        with self.assertNumQueries(8):
            response = self.client.get(self.member.get_absolute_url())
        self.assertContains(response, 'class="card')

    def test_member_page_cost_does_not_grow_with_pieces(self):
        """5 or 50 pieces with co-authors and tags: the same number of queries."""
        with committed():
            member = make_member(name="Busy Writer")
            make_commentaries(5, authors=[member, "Co Author"], tags=["a", "b"])
        url = member.get_absolute_url()
        small = count_queries(self.client, url)
        with committed():
            make_commentaries(45, authors=[member, "Co Author"], tags=["a", "b"])
        self.assertEqual(count_queries(self.client, url), small)
