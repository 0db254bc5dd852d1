"""The editors' admin for members and membership categories."""

import datetime

from django.contrib import admin
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.admin import MemberAdmin
from articles.models import Commentary
from members.models import Member, MemberAlias, MembershipCategory
from tests.factories import (
    make_category,
    make_commentary,
    make_image,
    make_member,
    make_user,
)

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=3)
FUTURE = NOW + datetime.timedelta(days=3)
CHANGELIST = reverse("admin:members_member_changelist")


def change_url(obj):
    return reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
    )


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def titles(response):
    return [obj.name for obj in response.context["cl"].result_list]


class AdminPagesLoadTests(TestCase):
    """Every page of every members model opens for a superuser."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(is_superuser=True)
        cls.category = make_category(name="Board")
        cls.member = make_member(category=cls.category, photo=make_image())
        MemberAlias.objects.create(member=cls.member, name="Other Spelling")

    def setUp(self):
        self.client.force_login(self.user)

    def test_changelist_add_and_change_pages_load(self):
        """Changelist, add and change pages answer 200 for each model."""
        for obj in (self.member, self.category):
            opts = obj._meta
            for url in (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
                change_url(obj),
            ):
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_changelist_loads_with_every_filter(self):
        """The category, country and active filters give working pages."""
        for query in (
            {"category__id__exact": self.category.pk},
            {"country": "KR"},
            {"is_active__exact": "1"},
        ):
            with self.subTest(query=query):
                response = self.client.get(CHANGELIST, query)
                self.assertEqual(titles(response), [self.member.name])

    def test_country_filter_lists_only_countries_in_use(self):
        """The filter offers the members' countries, not all 250."""
        response = self.client.get(CHANGELIST)
        self.assertContains(response, "?country=KR")
        self.assertNotContains(response, "?country=FR")


class MemberAddTests(TestCase):
    """Editors add a member with other spellings and links in one go."""

    def test_add_saves_the_member_with_aliases_and_links(self):
        """The inlines save alongside the member; the slug is filled in."""
        self.client.force_login(make_user(groups=["Editors"]))
        data = {
            "honorific": "Prof.",
            "name": "Moon Chung-in",
            "given_name": "Chung-in",
            "family_name": "Moon",
            "native_name": "문정인",
            "native_name_language": "ko",
            "slug": "",
            "position": "Vice-Chair",
            "country": "KR",
            "category": "",
            "bio": "",
            "photo": "",
            "is_active": "on",
            **inline_management("aliases", total=1),
            "aliases-0-name": "Chung-in Moon",
            **inline_management("links", total=2),
            "links-0-label": "Yonsei University",
            "links-0-url": "https://www.yonsei.ac.kr/",
            "links-0-position": "0",
            "links-1-label": "",
            "links-1-url": "",
            "links-1-position": "0",
        }
        response = self.client.post(reverse("admin:members_member_add"), data)
        self.assertEqual(response.status_code, 302)
        member = Member.objects.get()
        self.assertEqual(member.slug, "moon-chung-in")
        self.assertEqual(list(member.aliases.values_list("name", flat=True)), [
            "Chung-in Moon"
        ])  # fmt: skip
        self.assertEqual(list(member.links.values_list("label", flat=True)), [
            "Yonsei University"
        ])  # fmt: skip
        self.assertEqual(Member.objects.matching("Chung-in Moon").get(), member)

    def test_two_aliases_with_one_spelling_are_refused_with_a_message(self):
        """Word order and hyphens aside, two equal aliases are a form error."""
        self.client.force_login(make_user(groups=["Editors"]))
        member = make_member(name="Moon Chung-in")
        data = {
            "name": member.name,
            "slug": member.slug,
            "country": "KR",
            "is_active": "on",
            **inline_management("aliases", total=2),
            "aliases-0-name": "Chung-in Moon",
            "aliases-1-name": "MOON Chung In",
            **inline_management("links"),
        }
        response = self.client.post(change_url(member), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "are the same spelling; keep one.")
        self.assertFalse(member.aliases.exists())


class MemberChangelistTests(TestCase):
    """The members list: what it shows, finds and costs."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(is_superuser=True)

    def setUp(self):
        self.client.force_login(self.user)

    def test_published_count_counts_only_public_pieces(self):
        """Drafts, scheduled and withdrawn pieces are not counted."""
        member = make_member(name="Hoang Thi Ha")
        make_commentary(authors=[member], published_at=PAST)
        make_commentary(authors=[member, "Pham Thi Phuong Thao"], published_at=PAST)
        make_commentary(authors=[member], status=Commentary.Status.DRAFT)
        make_commentary(authors=[member], published_at=FUTURE)
        make_commentary(authors=[member], status="withdrawn", published_at=PAST)
        make_member(name="No Pieces")
        response = self.client.get(CHANGELIST)
        counts = {m.name: m.published_count for m in response.context["cl"].result_list}
        self.assertEqual(counts, {"Hoang Thi Ha": 2, "No Pieces": 0})
        self.assertContains(response, '<td class="field-published_count">2</td>')

    def test_search_through_aliases_neither_repeats_nor_inflates(self):
        """A member matched by two aliases is listed once, with the right count."""
        member = make_member(name="Moon Chung-in")
        MemberAlias.objects.create(member=member, name="Chung-in Moon")
        MemberAlias.objects.create(member=member, name="Chungin Moon")
        make_commentary(authors=[member], published_at=PAST)
        response = self.client.get(CHANGELIST, {"q": "chung"})
        self.assertEqual(titles(response), ["Moon Chung-in"])
        self.assertEqual(response.context["cl"].result_list[0].published_count, 1)

    def test_search_covers_names_native_names_aliases_and_positions(self):
        """Each searchable field finds the member."""
        member = make_member(
            name="Kishida Fumio",
            native_name="岸田文雄",
            position="Former Prime Minister",
        )
        MemberAlias.objects.create(member=member, name="Fumio Kishida")
        make_member(name="Someone Else", position="Professor")
        for term in ("kishida", "岸田", "fumio kishida", "prime minister"):
            with self.subTest(term=term):
                response = self.client.get(CHANGELIST, {"q": term})
                self.assertEqual(titles(response), ["Kishida Fumio"])

    def test_changelist_costs_the_same_for_5_and_50_members(self):
        """Fifty members, with categories, aliases and pieces, cost no more."""
        category = make_category()

        def add_members(count):
            for _ in range(count):
                member = make_member(category=category)
                MemberAlias.objects.create(member=member, name=f"{member.name} Alias")
                make_commentary(authors=[member])

        def queries():
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(CHANGELIST)
            self.assertEqual(response.status_code, 200)
            return len(captured), len(response.context["cl"].result_list)

        add_members(5)
        few = queries()
        add_members(45)
        many = queries()
        # Session, user; the choices of the category and country filters;
        # the filtered and total counts; the rows with their counts.
        self.assertEqual((few, many), ((7, 5), (7, 50)))


class MemberPiecesTests(TestCase):
    """A member's change page lists the member's pieces."""

    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(name="Hoang Thi Ha")
        cls.live = make_commentary(
            title="Japan and Southeast Asia", authors=[cls.member], published_at=PAST
        )
        cls.draft = make_commentary(
            title="<script>alert(1)</script>",
            authors=["Outside", cls.member],
            status=Commentary.Status.DRAFT,
        )
        cls.scheduled = make_commentary(
            title="Coming", authors=[cls.member], published_at=FUTURE
        )
        make_commentary(title="Someone else's", authors=["Other Person"])

    def test_pieces_link_to_their_change_pages_with_status_in_one_query(self):
        """Each piece links to its admin page and shows its status."""
        model_admin = MemberAdmin(Member, admin.site)
        with self.assertNumQueries(1):
            html = model_admin.pieces(self.member)
        for piece, status in (
            (self.live, "Published"),
            (self.draft, "Draft"),
            (self.scheduled, "Scheduled"),
        ):
            with self.subTest(status=status):
                self.assertIn(f'<a href="{change_url(piece)}">', html)
                self.assertIn(f"({status}", html)
        self.assertNotIn("Someone else", html)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

    def test_member_without_pieces_says_so(self):
        """A new member's page says there are no pieces yet."""
        model_admin = MemberAdmin(Member, admin.site)
        self.assertEqual(model_admin.pieces(make_member()), "No pieces yet.")
        self.assertEqual(model_admin.pieces(Member()), "—")

    def test_change_page_shows_the_pieces(self):
        """The list appears on the member's change page."""
        self.client.force_login(make_user(groups=["Editors"]))
        response = self.client.get(change_url(self.member))
        self.assertContains(response, "Japan and Southeast Asia")
        self.assertContains(response, "(Scheduled")


class MembershipCategoryAdminTests(TestCase):
    """Categories are ordered by editing their positions in the list."""

    def test_positions_are_editable_in_the_list(self):
        """Saving the list's position column reorders the categories."""
        self.client.force_login(make_user(groups=["Editors"]))
        MembershipCategory.objects.all().delete()
        first = make_category(name="Board", position=1)
        second = make_category(name="Member", position=2)
        data = {
            **inline_management("form", total=2, initial=2),
            "form-0-id": first.pk,
            "form-0-position": "5",
            "form-1-id": second.pk,
            "form-1-position": "1",
            "_save": "Save",
        }
        url = reverse("admin:members_membershipcategory_changelist")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(MembershipCategory.objects.values_list("name", flat=True)),
            ["Member", "Board"],
        )

    def test_in_use_filter_finds_categories_without_members(self):
        """An unused category is easy to find."""
        self.client.force_login(make_user(is_superuser=True))
        MembershipCategory.objects.all().delete()
        used = make_category(name="Board")
        make_member(category=used)
        make_member(category=used)
        make_category(name="Unused")
        url = reverse("admin:members_membershipcategory_changelist")
        for value, expected in (("yes", ["Board"]), ("no", ["Unused"])):
            with self.subTest(value=value):
                response = self.client.get(url, {"in_use": value})
                self.assertEqual(titles(response), expected)
        response = self.client.get(url)
        self.assertContains(response, '<td class="field-member_count">2</td>')
