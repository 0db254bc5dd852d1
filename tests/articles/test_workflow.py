"""Roles, review, scheduling and the checks a piece passes before publishing."""

import datetime

from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Commentary
from articles.workflow import KINDS_WITHOUT_LINK, publish_problems
from images.models import Image
from tests.articles.test_admin import (
    ADD,
    CHANGELIST,
    change_url,
    commentary_form,
    local_parts,
)
from tests.factories import make_commentary, make_image, make_member, make_user

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=3)
FUTURE = NOW + datetime.timedelta(days=3)
ROLES = {
    "contributor": {"groups": ["Contributors"]},
    "editor": {"groups": ["Editors"]},
    "admin": {"groups": ["Admins"]},
    "superuser": {"is_superuser": True},
}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


class PublishProblemsTests(TestCase):
    """One function says why a piece may not be published yet."""

    def test_a_complete_piece_has_no_problems(self):
        """An author, a link and a credited, described image: ready."""
        piece = make_commentary(status="draft", authors=["Author"], image=make_image())
        self.assertEqual(publish_problems(piece), [])

    def test_each_gap_is_named(self):
        """No author, no link, an image awaiting its file without alt text."""
        image = Image.objects.create(credit="UN Photo", alt_text="")
        piece = make_commentary(status="draft", full_article_url="", image=image)
        self.assertEqual(
            publish_problems(piece),
            [
                "Add at least one author.",
                "Add the full article's URL (only a speech or statement "
                "endorsement may go without).",
                "The image is waiting for its file: upload it first.",
                "Describe the image in its alt text, or mark it as decorative.",
            ],
        )

    def test_a_speech_and_a_statement_need_no_link(self):
        """The kinds without a full article are listed in one place."""
        self.assertEqual(
            KINDS_WITHOUT_LINK, {Commentary.Kind.SPEECH, Commentary.Kind.STATEMENT}
        )
        for kind in Commentary.Kind:
            with self.subTest(kind=kind):
                piece = make_commentary(
                    status="draft", kind=kind, full_article_url="", authors=["A"]
                )
                self.assertEqual(
                    publish_problems(piece) == [], kind in KINDS_WITHOUT_LINK
                )

    def test_a_decorative_image_needs_no_alt_text(self):
        """Marking an image decorative is the other way to pass."""
        image = make_image(alt_text="", is_decorative=True)
        piece = make_commentary(status="draft", authors=["A"], image=image)
        self.assertEqual(publish_problems(piece), [])

    def test_authors_can_be_counted_by_the_caller(self):
        """The admin counts the authors of its form, not the stored ones."""
        piece = make_commentary(status="draft", authors=["A"])
        self.assertEqual(
            publish_problems(piece, authors=0), ["Add at least one author."]
        )
        self.assertEqual(publish_problems(make_commentary(), authors=2), [])

    def test_model_validation_refuses_to_publish_a_piece_with_gaps(self):
        """Commentary.clean() names the field to fix; a draft may have gaps."""
        image = Image.objects.create(credit="UN Photo")
        piece = make_commentary(status="draft", full_article_url="", image=image)
        piece.full_clean()
        piece.status = Commentary.Status.PUBLISHED
        with self.assertRaises(ValidationError) as caught:
            piece.full_clean()
        self.assertEqual(
            sorted(caught.exception.message_dict), ["full_article_url", "image"]
        )


class AdminPublishChecksTests(TestCase):
    """Publishing from the admin is refused, with the reasons, until it passes."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])
        cls.member = make_member(name="Hoang Thi Ha")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_publishing_without_an_author_is_refused_beside_the_authors(self):
        """The authors inline says an author is needed; nothing is saved."""
        data = commentary_form(status="published", **local_parts(PAST))
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Cannot publish: Add at least one author.")
        self.assertFalse(Commentary.objects.exists())

    def test_publishing_without_a_link_is_refused_beside_the_link(self):
        """The URL field carries the reason."""
        data = commentary_form(
            status="published",
            full_article_url="",
            authors=[{"position": 0, "member": self.member.pk}],
            **local_parts(PAST),
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 200)
        form = response.context["adminform"].form
        self.assertIn("Add the full article's URL", form.errors["full_article_url"][0])

    def test_publishing_with_an_image_awaiting_its_file_is_refused(self):
        """An image imported without its file keeps the piece from going out."""
        image = Image.objects.create(credit="Kyodo")
        piece = make_commentary(status="draft", authors=[self.member], image=image)
        data = commentary_form(piece, image=image.pk, status="published")
        response = self.client.post(change_url(piece), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The image is waiting for its file")
        piece.refresh_from_db()
        self.assertEqual(piece.status, Commentary.Status.DRAFT)

    def test_a_draft_with_the_same_gaps_saves(self):
        """Drafts may be incomplete: checks apply to publishing only."""
        data = commentary_form(full_article_url="", status="draft")
        self.assertEqual(self.client.post(ADD, data).status_code, 302)

    def test_a_complete_piece_is_published_and_can_be_scheduled_to_end(self):
        """With an author and a link, publishing works; an end time is kept."""
        data = commentary_form(
            status="published",
            authors=[{"position": 0, "member": self.member.pk}],
            **local_parts(PAST),
        )
        end = timezone.localtime(FUTURE)
        data.update(
            {"unpublish_at_0": f"{end:%Y-%m-%d}", "unpublish_at_1": f"{end:%H:%M}"}
        )
        self.assertEqual(self.client.post(ADD, data).status_code, 302)
        piece = Commentary.objects.get()
        self.assertTrue(piece.is_published)
        self.assertEqual(piece.unpublish_at.date(), FUTURE.date())

    def test_an_unpublish_time_before_the_publish_time_is_refused(self):
        """The form explains the order of the two times."""
        data = commentary_form(
            status="published",
            authors=[{"position": 0, "name": "Outside"}],
            **local_parts(NOW),
        )
        before = timezone.localtime(PAST)
        data.update({"unpublish_at_0": f"{before:%Y-%m-%d}", "unpublish_at_1": "10:00"})
        response = self.client.post(ADD, data)
        self.assertContains(
            response, "The unpublish time must come after the publish time."
        )

    def test_publish_action_names_each_refused_piece_and_why(self):
        """Complete pieces go out; the others stay, each with its reasons."""
        ready = make_commentary(status="draft", authors=[self.member])
        no_author = make_commentary(title="Lonely", status="draft")
        no_link = make_commentary(
            title="Linkless", status="draft", authors=["A"], full_article_url=""
        )
        response = self.client.post(
            CHANGELIST,
            {
                "action": "publish_now",
                "_selected_action": [ready.pk, no_author.pk, no_link.pk],
            },
            follow=True,
        )
        shown = messages_of(response)
        self.assertIn("Published 1 commentary.", shown)
        self.assertIn("Not published: “Lonely”: Add at least one author.", shown)
        self.assertTrue(
            any(m.startswith("Not published: “Linkless”: Add the full") for m in shown)
        )
        self.assertEqual(
            set(Commentary.objects.published().values_list("pk", flat=True)),
            {ready.pk},
        )

    def test_publish_now_brings_back_a_piece_whose_time_ended(self):
        """An ended piece published again loses its passed unpublish time."""
        ended = make_commentary(
            authors=["A"],
            published_at=PAST,
            unpublish_at=NOW - datetime.timedelta(hours=1),
        )
        self.client.post(
            CHANGELIST, {"action": "publish_now", "_selected_action": [ended.pk]}
        )
        ended.refresh_from_db()
        self.assertTrue(ended.is_published)
        self.assertIsNone(ended.unpublish_at)
        self.assertEqual(ended.published_at, PAST)


class ReviewTests(TestCase):
    """Contributors hand drafts to the editors; the admin shows what waits."""

    @classmethod
    def setUpTestData(cls):
        cls.contributor = make_user(groups=["Contributors"])
        cls.editor = make_user(groups=["Editors"])

    def test_a_contributor_submits_a_draft_for_review_with_the_button(self):
        """“Save and submit for review” saves the piece as ready for review."""
        self.client.force_login(self.contributor)
        piece = make_commentary(status="draft", authors=["A"])
        response = self.client.get(change_url(piece))
        self.assertContains(response, 'name="_submit_for_review"')
        data = commentary_form(piece, _submit_for_review="Save and submit")
        response = self.client.post(change_url(piece), data, follow=True)
        self.assertIn(f"“{piece.title}” is ready for review: an editor will publish it.",
                      messages_of(response))  # fmt: skip
        piece.refresh_from_db()
        self.assertEqual(piece.status, Commentary.Status.REVIEW)
        self.assertFalse(piece.is_published)

    def test_a_new_piece_can_be_submitted_at_once(self):
        """Adding with the button saves straight into review."""
        self.client.force_login(self.contributor)
        data = commentary_form(
            title="Fresh",
            authors=[{"position": 0, "name": "A"}],
            _submit_for_review="1",
        )
        self.assertEqual(self.client.post(ADD, data).status_code, 302)
        self.assertEqual(Commentary.objects.get().status, Commentary.Status.REVIEW)

    def test_a_published_piece_cannot_be_sent_back_to_review_by_a_contributor(self):
        """A live piece is not theirs to change: it stays live, as it was."""
        self.client.force_login(self.contributor)
        piece = make_commentary(published_at=PAST, authors=["A"])
        data = commentary_form(piece, title="Typo fixed", _submit_for_review="1")
        self.assertEqual(self.client.post(change_url(piece), data).status_code, 403)
        piece.refresh_from_db()
        self.assertNotEqual(piece.title, "Typo fixed")
        self.assertEqual(piece.status, "published")

    def test_editors_choose_the_status_and_see_no_submit_button(self):
        """Editors have the status control instead of the button."""
        self.client.force_login(self.editor)
        response = self.client.get(ADD)
        self.assertNotContains(response, 'name="_submit_for_review"')
        self.assertContains(
            response, '<option value="review">Ready for review</option>'
        )

    def test_a_contributor_forcing_a_status_is_told_and_kept_to_draft(self):
        """A POST asking to publish saves a draft and says why."""
        self.client.force_login(self.contributor)
        data = commentary_form(
            title="Forced",
            status="published",
            authors=[{"position": 0, "name": "A"}],
            **local_parts(PAST),
        )
        response = self.client.post(ADD, data, follow=True)
        self.assertIn(
            "Only editors change a piece's status: it stays “Draft”.",
            messages_of(response),
        )
        self.assertEqual(Commentary.objects.get().status, Commentary.Status.DRAFT)

    def test_submit_for_review_action_moves_only_drafts(self):
        """The list action submits drafts and leaves published pieces alone."""
        self.client.force_login(self.contributor)
        draft = make_commentary(status="draft")
        live = make_commentary(published_at=PAST)
        response = self.client.post(
            CHANGELIST,
            {"action": "submit_for_review", "_selected_action": [draft.pk, live.pk]},
            follow=True,
        )
        self.assertIn("Submitted 1 commentary for review.", messages_of(response))
        self.assertIn(
            "Left 1 commentary alone: only drafts are submitted for review.",
            messages_of(response),
        )
        draft.refresh_from_db()
        live.refresh_from_db()
        self.assertEqual((draft.status, live.status), ("review", "published"))

    def test_the_list_shows_and_filters_what_waits_for_review(self):
        """A status column label and a filter for pieces ready for review."""
        self.client.force_login(self.editor)
        make_commentary(title="Waiting", status="review")
        make_commentary(title="Not yet", status="draft")
        make_commentary(title="Coming", published_at=FUTURE)
        response = self.client.get(CHANGELIST, {"visibility": "review"})
        self.assertEqual(
            [c.title for c in response.context["cl"].result_list], ["Waiting"]
        )
        self.assertContains(
            response,
            '<span class="fulcrum-status fulcrum-status-review">Ready for review</span>',
            html=True,
        )

    def test_the_admin_front_page_counts_review_scheduled_and_broken(self):
        """Editors see at once what needs them, linked to the filtered lists."""
        self.client.force_login(self.editor)
        make_commentary(status="review")
        make_commentary(status="review")
        make_commentary(published_at=FUTURE)
        make_commentary(link_status=404)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(
            response,
            f'<a href="{CHANGELIST}?visibility=review">2 pieces waiting for review</a>',
            html=True,
        )
        self.assertContains(response, "1 piece scheduled")
        self.assertContains(response, "1 piece with a broken link")

    def test_the_front_page_note_is_absent_when_nothing_waits(self):
        """No counts of zero."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:index"))
        self.assertNotContains(response, "editorial-summary")


class RolesTests(TestCase):
    """Contributors, Editors, Admins and superusers: what each may do."""

    @classmethod
    def setUpTestData(cls):
        cls.users = {role: make_user(**kwargs) for role, kwargs in ROLES.items()}

    def test_admins_hold_every_editor_permission_and_manage_accounts(self):
        """Admins = Editors + users and groups + unlocking logins (axes)."""
        editors = set(Group.objects.get(name="Editors").permissions.all())
        admins = set(Group.objects.get(name="Admins").permissions.all())
        self.assertLess(editors, admins)
        self.assertEqual(
            {f"{p.content_type.app_label}.{p.codename}" for p in admins - editors},
            {
                f"auth.{action}_{model}"
                for action in ("add", "change", "delete", "view")
                for model in ("user", "group")
            }
            | {
                "axes.view_accessattempt",
                "axes.delete_accessattempt",
                "axes.view_accesslog",
                "axes.view_accessfailurelog",
            },
        )

    def test_only_admins_and_superusers_open_users_and_groups(self):
        """Contributors and editors are refused the account pages."""
        for role, user in self.users.items():
            self.client.force_login(user)
            for name in ("auth_user_changelist", "auth_group_changelist"):
                with self.subTest(role=role, page=name):
                    response = self.client.get(reverse(f"admin:{name}"))
                    allowed = role in {"admin", "superuser"}
                    self.assertEqual(response.status_code, 200 if allowed else 403)

    def test_who_may_publish_and_who_may_manage_redirects(self):
        """Publishing and redirects belong to editors and above."""
        for role, user in self.users.items():
            with self.subTest(role=role):
                user = User.objects.get(pk=user.pk)  # Fresh permission cache.
                may = role != "contributor"
                self.assertEqual(user.has_perm("articles.publish_commentary"), may)
                self.assertEqual(user.has_perm("core.change_redirect"), may)
                self.client.force_login(user)
                response = self.client.get(reverse("admin:core_redirect_changelist"))
                self.assertEqual(response.status_code, 200 if may else 403)

    def test_an_admin_adds_a_user_to_a_group(self):
        """Admins put people in groups through the user's change page."""
        self.client.force_login(self.users["admin"])
        person = User.objects.create_user(username="newcomer")
        editors = Group.objects.get(name="Editors")
        response = self.client.post(
            change_url(person),
            {
                "username": "newcomer",
                "first_name": "",
                "last_name": "",
                "email": "",
                "is_active": "on",
                "is_staff": "on",
                "groups": [editors.pk],
                "last_login_0": "",
                "last_login_1": "",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "09:00:00",
            },
        )
        self.assertEqual(response.status_code, 302)
        person.refresh_from_db()
        self.assertTrue(person.is_staff)
        self.assertEqual(list(person.groups.all()), [editors])

    def test_an_admin_cannot_grant_superuser_status_or_single_permissions(self):
        """The superuser box and per-user permissions are read-only for Admins."""
        person = make_user(username="ordinary")
        for role in ("admin", "superuser"):
            with self.subTest(role=role):
                self.client.force_login(self.users[role])
                html = self.client.get(change_url(person)).content.decode()
                self.assertEqual('name="is_superuser"' in html, role == "superuser")
                self.assertEqual('name="user_permissions"' in html, role == "superuser")
        self.client.force_login(self.users["admin"])
        data = {
            "username": "ordinary",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "user_permissions": [Permission.objects.get(codename="delete_user").pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        }
        self.client.post(change_url(person), data)
        person.refresh_from_db()
        self.assertFalse(person.is_superuser)
        self.assertFalse(person.user_permissions.exists())

    def test_an_admin_cannot_change_or_delete_a_superuser(self):
        """A superuser's account is out of an Admin's reach."""
        self.client.force_login(self.users["admin"])
        boss = self.users["superuser"]
        response = self.client.get(change_url(boss))
        self.assertNotContains(response, 'name="username"')
        response = self.client.post(
            reverse("admin:auth_user_delete", args=[boss.pk]), {"post": "yes"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTrue(User.objects.filter(pk=boss.pk).exists())
