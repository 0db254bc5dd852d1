"""Members to review: created by an import, hidden until an editor confirms them.

A summary page may call someone an APLN member who is not on the roster.
The import creates them *to review* (Member.is_to_review); the public rule
in MemberQuerySet.public()/active() keeps them off every public page until
an editor confirms them with the admin action.
"""

from django.test import TestCase
from django.urls import reverse

from members.models import Member
from tests.factories import make_commentary, make_member, make_user

CHANGELIST = reverse("admin:members_member_changelist")


class ToReviewVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.confirmed = make_member(name="Ramesh Thakur")
        cls.pending = make_member(name="Kim Ji-ho", is_to_review=True)
        cls.piece = make_commentary(authors=[cls.confirmed, cls.pending])

    def test_the_members_directory_lists_only_confirmed_members(self):
        """/members/ shows Ramesh Thakur, not the member to review."""
        response = self.client.get(reverse("members:member-list"))
        self.assertContains(response, "Ramesh Thakur")
        self.assertNotContains(response, "Kim Ji-ho")

    def test_the_profile_of_a_member_to_review_is_not_found(self):
        """Their page answers 404; a confirmed member's answers 200."""
        self.assertEqual(
            self.client.get(self.pending.get_absolute_url()).status_code, 404
        )
        self.assertEqual(
            self.client.get(self.confirmed.get_absolute_url()).status_code, 200
        )

    def test_the_feed_of_a_member_to_review_is_not_found(self):
        """No feed either, for the same reason."""
        url = reverse("members:member-feed", kwargs={"slug": self.pending.slug})
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_sitemap_leaves_members_to_review_out(self):
        """The members section of the sitemap lists the confirmed member only."""
        response = self.client.get("/sitemap-members.xml")
        self.assertContains(response, self.confirmed.get_absolute_url())
        self.assertNotContains(response, self.pending.get_absolute_url())

    def test_the_byline_names_a_member_to_review_without_a_link(self):
        """The piece credits both; only the confirmed member is linked."""
        response = self.client.get(self.piece.get_absolute_url())
        self.assertContains(response, f'href="{self.confirmed.get_absolute_url()}"')
        self.assertContains(response, "Kim Ji-ho")
        self.assertNotContains(response, f'href="{self.pending.get_absolute_url()}"')
        self.assertNotContains(response, f'{self.pending.get_absolute_url()}"')

    def test_is_public_mirrors_the_public_queryset(self):
        """One rule: the property and the queryset agree on every member."""
        public = set(Member.objects.public())
        for member in Member.objects.all():
            with self.subTest(member=member.name):
                self.assertEqual(member.is_public, member in public)


class ConfirmActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pending = make_member(name="Kim Ji-ho", is_to_review=True)
        cls.other = make_member(name="Lee Mi-rae", is_to_review=True)
        cls.confirmed = make_member(name="Ramesh Thakur")

    def setUp(self):
        self.client.force_login(make_user(groups=["Editors"]))

    def test_editors_filter_the_members_to_review(self):
        """The list filter “to review: Yes” shows the two members waiting."""
        response = self.client.get(CHANGELIST, {"is_to_review__exact": "1"})
        names = sorted(m.name for m in response.context["cl"].result_list)
        self.assertEqual(names, ["Kim Ji-ho", "Lee Mi-rae"])

    def test_confirm_puts_a_member_on_public_pages(self):
        """The action “Confirm” makes the profile public and says so."""
        response = self.client.post(
            CHANGELIST,
            {"action": "confirm", "_selected_action": [self.pending.pk]},
            follow=True,
        )
        self.assertContains(response, "1 member confirmed: now on public pages.")
        self.pending.refresh_from_db()
        self.assertFalse(self.pending.is_to_review)
        self.assertEqual(
            self.client.get(self.pending.get_absolute_url()).status_code, 200
        )
        self.other.refresh_from_db()
        self.assertTrue(self.other.is_to_review)
