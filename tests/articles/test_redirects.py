"""Old addresses keep working: a changed slug leaves a permanent redirect."""

from django.test import TestCase
from django.urls import reverse

from articles.models import Commentary, Outlet
from core.models import Redirect
from members.models import Member
from tests.articles.test_admin import change_url, commentary_form
from tests.factories import make_commentary, make_member, make_outlet, make_user


def redirects():
    return sorted(Redirect.objects.values_list("old_path", "new_path"))


class SlugChangeTests(TestCase):
    """Changing a slug records a redirect by itself; readers get a 301."""

    def test_a_commentary_with_a_new_slug_answers_301_at_its_old_address(self):
        """The old address leads to the new one, permanently."""
        piece = make_commentary(slug="old-title", authors=["A"])
        piece.slug = "new-title"
        piece.save()
        response = self.client.get("/commentaries/old-title/")
        self.assertRedirects(
            response,
            "/commentaries/new-title/",
            status_code=301,
            target_status_code=200,
        )

    def test_members_and_outlets_are_redirected_too(self):
        """Profile and outlet pages, and their feeds below them."""
        member = make_member(name="Moon Chung-in", slug="moon")
        outlet = make_outlet(name="Fulcrum", slug="fulcrum")
        make_commentary(authors=[member], outlet=outlet)
        member = Member.objects.get(pk=member.pk)
        member.slug = "moon-chung-in"
        member.save()
        outlet = Outlet.objects.get(pk=outlet.pk)
        outlet.slug = "fulcrum-iseas"
        outlet.save()
        for old, new in (
            ("/members/moon/", "/members/moon-chung-in/"),
            ("/members/moon/feed/", "/members/moon-chung-in/feed/"),
            ("/outlets/fulcrum/", "/outlets/fulcrum-iseas/"),
        ):
            with self.subTest(old=old):
                response = self.client.get(old)
                self.assertRedirects(response, new, status_code=301)

    def test_the_query_string_is_kept(self):
        """?page=2 survives the redirect."""
        outlet = make_outlet(slug="before")
        outlet = Outlet.objects.get(pk=outlet.pk)
        outlet.slug = "after"
        outlet.save()
        response = self.client.get("/outlets/before/", {"page": "2"})
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/outlets/after/?page=2")

    def test_chains_collapse_and_going_back_removes_the_loop(self):
        """a→b→c gives a→c and b→c; back to a drops the redirect from a."""
        piece = make_commentary(slug="a")
        for slug in ("b", "c"):
            piece = Commentary.objects.get(pk=piece.pk)
            piece.slug = slug
            piece.save()
        self.assertEqual(
            redirects(),
            [
                ("/commentaries/a/", "/commentaries/c/"),
                ("/commentaries/b/", "/commentaries/c/"),
            ],
        )
        piece = Commentary.objects.get(pk=piece.pk)
        piece.slug = "a"
        piece.save()
        self.assertEqual(
            redirects(),
            [
                ("/commentaries/b/", "/commentaries/a/"),
                ("/commentaries/c/", "/commentaries/a/"),
            ],
        )
        self.assertEqual(self.client.get("/commentaries/a/").status_code, 200)

    def test_saving_without_a_slug_change_records_nothing(self):
        """Other edits, and new records, leave the table alone."""
        piece = make_commentary(slug="steady")
        piece = Commentary.objects.get(pk=piece.pk)
        piece.title = "Retitled"
        piece.save()
        self.assertEqual(redirects(), [])

    def test_a_live_page_is_never_redirected_and_a_plain_404_stays_404(self):
        """Only pages not found look in the table."""
        Redirect.objects.create(old_path="/commentaries/live/", new_path="/elsewhere/")
        make_commentary(slug="live")
        self.assertEqual(self.client.get("/commentaries/live/").status_code, 200)
        self.assertEqual(
            self.client.get("/commentaries/nothing-here/").status_code, 404
        )

    def test_a_slug_changed_in_the_admin_redirects(self):
        """Editors rename a piece's address in the form; the old one still works."""
        self.client.force_login(make_user(groups=["Editors"]))
        piece = make_commentary(slug="first-address", authors=["A"])
        data = commentary_form(piece, slug="second-address")
        self.assertEqual(self.client.post(change_url(piece), data).status_code, 302)
        self.assertEqual(
            redirects(),
            [("/commentaries/first-address/", "/commentaries/second-address/")],
        )


class RedirectAdminTests(TestCase):
    """Editors see and edit the redirects."""

    def test_the_admin_lists_and_searches_redirects(self):
        """Each redirect shows where it leads; search finds by either address."""
        Redirect.objects.record("/commentaries/old/", "/commentaries/new/")
        Redirect.objects.record("/members/x/", "/members/y/")
        self.client.force_login(make_user(groups=["Editors"]))
        url = reverse("admin:core_redirect_changelist")
        response = self.client.get(url, {"q": "commentaries"})
        self.assertEqual(
            [str(r) for r in response.context["cl"].result_list],
            ["/commentaries/old/ → /commentaries/new/"],
        )
        self.assertContains(response, "/commentaries/new/")

    def test_a_redirect_to_itself_or_off_site_is_refused(self):
        """Paths start with "/" and lead somewhere else."""
        self.client.force_login(make_user(groups=["Editors"]))
        add = reverse("admin:core_redirect_add")
        for old, new, message in (
            ("/a/", "/a/", "A redirect cannot lead to itself."),
            ("/a/", "https://evil.example/", "Give a path on this site"),
        ):
            with self.subTest(new=new):
                response = self.client.post(add, {"old_path": old, "new_path": new})
                self.assertContains(response, message)
        self.assertFalse(Redirect.objects.exists())

    def test_member_slug_change_in_the_admin_redirects(self):
        """The member admin's slug field leaves a redirect behind too."""
        member = make_member(name="Kim", slug="kim")
        self.client.force_login(make_user(groups=["Editors"]))
        data = {
            "name": "Kim",
            "slug": "kim-won-soo",
            "country": "KR",
            "is_active": "on",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        }
        self.assertEqual(self.client.post(change_url(member), data).status_code, 302)
        response = self.client.get("/members/kim/")
        self.assertRedirects(response, "/members/kim-won-soo/", status_code=301)
