"""Roles hold (issue 14): a contributor's change never reaches readers without
review, redirects stay with their pages, Admins unlock logins, and what
editors type is checked before it reaches the database or the page."""

import datetime

from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from reversion import revisions as reversion
from reversion.models import Version
from taggit.models import Tag

from articles import models as articles_models
from articles.models import Authorship, Commentary
from core.models import Redirect
from images.models import Image
from members.models import MemberAlias
from tests.articles.test_admin import change_url, commentary_form
from tests.factories import (
    image_upload,
    make_commentary,
    make_image,
    make_member,
    make_user,
)

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=3)
FUTURE = NOW + datetime.timedelta(days=3)
ADD = reverse("admin:articles_commentary_add")
IMAGES = reverse("admin:images_image_changelist")
SUBMIT_BUTTON = 'name="_submit_for_review"'
PASSWORD = "correct-horse-battery"


def image_form(image, **fields):
    """Return the POST data of an image's change form, with some changes."""
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source_url": image.source_url,
        "licence": image.licence,
    }
    if image.is_decorative:
        data["is_decorative"] = "on"
    data.update(fields)
    return data


def redirects():
    return sorted(Redirect.objects.values_list("old_path", "new_path"))


# --- 1. Images readers see --------------------------------------------------------


class ImageRoleTests(TestCase):
    """Images of live, scheduled or withdrawn pieces and members' photos are
    read-only for contributors, as the pieces are; editors change them."""

    @classmethod
    def setUpTestData(cls):
        cls.contributor = make_user(groups=["Contributors"])
        cls.editor = make_user(groups=["Editors"])

    def public_uses(self):
        """(label, image) pairs: every way readers may see an image."""
        uses = []
        for label, fields in (
            ("published and featured", {"published_at": PAST, "is_featured": True}),
            ("scheduled", {"published_at": FUTURE}),
            ("withdrawn", {"status": Commentary.Status.WITHDRAWN}),
            (
                "ended",
                {"published_at": PAST, "unpublish_at": NOW - datetime.timedelta(1)},
            ),
        ):
            image = make_image(credit=f"Credit {label}")
            make_commentary(image=image, authors=["A. Author"], **fields)
            uses.append((label, image))
        photo = make_image(credit="Portrait credit")
        make_member(name="Hoang Thi Ha", photo=photo)
        uses.append(("member's photo", photo))
        return uses

    def test_contributors_cannot_change_an_image_readers_see(self):
        """A new file and credit posted by a contributor: 403, nothing saved,
        and the page says why."""
        self.client.force_login(self.contributor)
        for label, image in self.public_uses():
            with self.subTest(use=label):
                before = (image.file.name, image.credit)
                data = image_form(
                    image,
                    file=image_upload(name="new.png", color=(0, 0, 255)),
                    credit="Unreviewed credit",
                    caption="Unreviewed caption",
                    alt_text="Unreviewed alt text",
                )
                response = self.client.post(change_url(image), data)
                self.assertEqual(response.status_code, 403)
                self.assertContains(
                    response, "only editors change or restore it", status_code=403
                )
                self.assertContains(
                    response, "Your changes were not saved", status_code=403
                )
                image.refresh_from_db()
                self.assertEqual((image.file.name, image.credit), before)

    def test_contributors_see_an_image_readers_see_read_only(self):
        """The list still opens it; its form has no inputs and says why."""
        self.client.force_login(self.contributor)
        for label, image in self.public_uses():
            with self.subTest(use=label):
                listing = self.client.get(IMAGES)
                self.assertContains(listing, change_url(image))
                response = self.client.get(change_url(image))
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, 'name="credit"')
                self.assertContains(response, "only editors change or restore it")

    def test_contributors_cannot_restore_a_version_of_an_image_readers_see(self):
        """ "Restore this version" is neither offered nor done."""
        for label, image in self.public_uses():
            with self.subTest(use=label):
                with reversion.create_revision():
                    reversion.add_to_revision(image)
                first = Version.objects.get_for_object(image).get()
                Image.objects.filter(pk=image.pk).update(credit="Current credit")
                self.client.force_login(self.contributor)
                url = reverse("admin:images_image_compare", args=[image.pk, first.pk])
                compare = self.client.get(url)
                self.assertEqual(compare.status_code, 200)
                self.assertNotContains(compare, "Restore this version")
                restore = url.replace("/compare/", "/restore/")
                self.assertEqual(self.client.post(restore).status_code, 403)
                image.refresh_from_db()
                self.assertEqual(image.credit, "Current credit")
                # An editor may.
                self.client.force_login(self.editor)
                self.assertEqual(self.client.post(restore).status_code, 302)
                image.refresh_from_db()
                self.assertNotEqual(image.credit, "Current credit")

    def test_editors_change_an_image_readers_see(self):
        image = self.public_uses()[0][1]
        self.client.force_login(self.editor)
        data = image_form(image, credit="Corrected credit")
        self.assertEqual(self.client.post(change_url(image), data).status_code, 302)
        image.refresh_from_db()
        self.assertEqual(image.credit, "Corrected credit")

    def test_contributors_still_change_images_of_drafts_and_unused_ones(self):
        """A draft's or a piece in review's image, or an image no one uses."""
        unused = make_image()
        on_draft = make_image()
        make_commentary(image=on_draft, status=Commentary.Status.DRAFT)
        in_review = make_image()
        make_commentary(image=in_review, status=Commentary.Status.REVIEW)
        self.client.force_login(self.contributor)
        for image in (unused, on_draft, in_review):
            with self.subTest(image=image.pk):
                data = image_form(image, credit="Contributor's credit")
                response = self.client.post(change_url(image), data)
                self.assertEqual(response.status_code, 302)
                image.refresh_from_db()
                self.assertEqual(image.credit, "Contributor's credit")


# --- 2. Redirects stay with their pages ---------------------------------------------


class RedirectTakeoverTests(TestCase):
    """A redirect belonging to one page is never taken over by another, and
    pages that were never public leave none."""

    @classmethod
    def setUpTestData(cls):
        cls.contributor = make_user(groups=["Contributors"])
        cls.editor = make_user(groups=["Editors"])

    def test_a_contributors_draft_cannot_take_a_live_pieces_old_address(self):
        """The attack of the issue, through the admin."""
        live = make_commentary(slug="old", authors=["A. Author"], published_at=PAST)
        self.client.force_login(self.editor)
        data = commentary_form(live, slug="new")
        self.assertEqual(self.client.post(change_url(live), data).status_code, 302)
        self.assertRedirects(
            self.client.get("/commentaries/old/"),
            "/commentaries/new/",
            status_code=301,
        )
        self.client.force_login(self.contributor)
        data = commentary_form(
            title="Mine", slug="old", authors=[{"position": 0, "name": "Someone"}]
        )
        self.assertEqual(self.client.post(ADD, data).status_code, 302)
        draft = Commentary.objects.get(title="Mine")
        data = commentary_form(draft, slug="contributors-page")
        self.assertEqual(self.client.post(change_url(draft), data).status_code, 302)
        self.assertEqual(
            self.client.get("/commentaries/old/")["Location"], "/commentaries/new/"
        )
        self.assertEqual(redirects(), [("/commentaries/old/", "/commentaries/new/")])

    def test_a_page_never_public_leaves_no_redirect(self):
        """A draft never published, or a scheduled piece not out yet."""
        for label, fields in (
            ("draft", {"status": Commentary.Status.DRAFT}),
            ("in review", {"status": Commentary.Status.REVIEW}),
            ("scheduled", {"published_at": FUTURE}),
        ):
            with self.subTest(piece=label):
                piece = make_commentary(slug=f"first-{label[:5]}", **fields)
                piece = Commentary.objects.get(pk=piece.pk)
                piece.slug = f"second-{label[:5]}"
                piece.save()
                self.assertEqual(redirects(), [])

    def test_a_piece_that_was_out_leaves_a_redirect_whatever_its_status_now(self):
        """Published, ended, withdrawn, or taken back to draft: readers may
        hold its old address."""
        for label, fields in (
            ("published", {}),
            ("ended", {"published_at": PAST, "unpublish_at": NOW}),
            ("withdrawn", {"status": "withdrawn", "published_at": PAST}),
            ("back to draft", {"status": "draft", "published_at": PAST}),
        ):
            with self.subTest(piece=label):
                slug = label.replace(" ", "-")
                piece = make_commentary(slug=slug, **fields)
                piece = Commentary.objects.get(pk=piece.pk)
                piece.slug = f"{slug}-renamed"
                piece.save()
                self.assertIn(
                    (f"/commentaries/{slug}/", f"/commentaries/{slug}-renamed/"),
                    redirects(),
                )

    def test_a_piece_published_and_renamed_in_one_save_leaves_no_redirect(self):
        """Its old address never went out."""
        piece = make_commentary(slug="unseen", status=Commentary.Status.DRAFT)
        piece = Commentary.objects.get(pk=piece.pk)
        piece.slug = "seen"
        piece.status = Commentary.Status.PUBLISHED
        piece.save()
        self.assertEqual(redirects(), [])
        # Now it was out: the next rename leaves one.
        piece.slug = "seen-again"
        piece.save()
        self.assertEqual(
            redirects(), [("/commentaries/seen/", "/commentaries/seen-again/")]
        )

    def test_a_piece_created_then_published_and_renamed_leaves_no_redirect(self):
        """The same in-memory piece, saved as a draft then published under a
        new slug: its first address never went out."""
        piece = Commentary(title="Fresh", slug="fresh")
        piece.save()
        piece.slug = "fresh-out"
        piece.status = Commentary.Status.PUBLISHED
        piece.save()
        self.assertEqual(redirects(), [])

    def test_record_never_re_points_another_pages_redirect(self):
        """A slug reused by a published page, then renamed: the old address
        still leads to the page it belonged to."""
        first = make_commentary(slug="reused")
        first = Commentary.objects.get(pk=first.pk)
        first.slug = "first-page"
        first.save()
        second = make_commentary(slug="reused")
        second = Commentary.objects.get(pk=second.pk)
        second.slug = "second-page"
        second.save()
        self.assertEqual(
            redirects(), [("/commentaries/reused/", "/commentaries/first-page/")]
        )

    def test_a_redirect_away_from_an_address_taken_by_another_page_is_kept(self):
        """A page moving onto another's old address does not drop its redirect."""
        other = make_commentary(slug="c")
        other = Commentary.objects.get(pk=other.pk)
        other.slug = "d"
        other.save()
        piece = make_commentary(slug="e")
        piece = Commentary.objects.get(pk=piece.pk)
        piece.slug = "c"
        piece.save()
        self.assertIn(("/commentaries/c/", "/commentaries/d/"), redirects())
        # While the piece lives at c/, it is served; when it leaves, the
        # address goes back to the page it belonged to.
        self.assertEqual(self.client.get("/commentaries/c/").status_code, 200)
        piece.slug = "f"
        piece.save()
        self.assertEqual(
            redirects(),
            [
                ("/commentaries/c/", "/commentaries/d/"),
                ("/commentaries/e/", "/commentaries/f/"),
            ],
        )

    def test_unit_rules_of_record(self):
        """Chains collapse, going back drops the loop, nothing is taken over."""
        Redirect.objects.record("/x/a/", "/x/b/")
        Redirect.objects.record("/x/b/", "/x/c/")
        self.assertEqual(redirects(), [("/x/a/", "/x/c/"), ("/x/b/", "/x/c/")])
        Redirect.objects.record("/x/c/", "/x/b/")
        self.assertEqual(redirects(), [("/x/a/", "/x/b/"), ("/x/c/", "/x/b/")])
        # /x/a/ belongs to the page now at /x/b/: another page leaving /x/a/
        # does not get it.
        kept = Redirect.objects.record("/x/a/", "/x/elsewhere/")
        self.assertEqual(kept.new_path, "/x/b/")
        self.assertEqual(redirects(), [("/x/a/", "/x/b/"), ("/x/c/", "/x/b/")])


# --- 3. Offer contributors only what they may do ------------------------------------


class SubmitForReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.contributor = make_user(groups=["Contributors"])
        cls.editor = make_user(groups=["Editors"])

    def test_submit_is_offered_only_on_new_pieces_drafts_and_pieces_in_review(self):
        pieces = {
            status: make_commentary(status=status, authors=["A. Author"])
            for status in ("draft", "review", "published", "withdrawn")
        }
        scheduled = make_commentary(published_at=FUTURE, authors=["A. Author"])
        self.client.force_login(self.contributor)
        self.assertContains(self.client.get(ADD), SUBMIT_BUTTON)
        for label, piece in [*pieces.items(), ("scheduled", scheduled)]:
            with self.subTest(piece=label):
                response = self.client.get(change_url(piece))
                self.assertEqual(response.status_code, 200)
                offered = SUBMIT_BUTTON in response.content.decode()
                self.assertEqual(offered, label in ("draft", "review"))
        self.client.force_login(self.editor)
        self.assertNotContains(
            self.client.get(change_url(pieces["draft"])), SUBMIT_BUTTON
        )

    def test_a_published_piece_says_why_it_is_read_only(self):
        piece = make_commentary(published_at=PAST, authors=["A. Author"])
        self.client.force_login(self.contributor)
        response = self.client.get(change_url(piece))
        self.assertContains(response, "is Published: only an editor can change it")
        self.assertNotContains(response, "use “Save and submit for review”")

    def test_submitting_a_piece_published_meanwhile_explains_the_refusal(self):
        """A tab opened on the draft; an editor published it; the contributor
        presses "Save and submit for review": a page that says why."""
        piece = make_commentary(status="draft", authors=["A. Author"])
        data = commentary_form(piece, title="Late change", _submit_for_review="1")
        Commentary.objects.filter(pk=piece.pk).update(
            status="published", published_at=PAST
        )
        self.client.force_login(self.contributor)
        response = self.client.post(change_url(piece), data)
        self.assertEqual(response.status_code, 403)
        for text in (
            "is Published: only an editor can change it now",
            "Your changes were not saved",
        ):
            self.assertContains(response, text, status_code=403)
        self.assertNotContains(response, SUBMIT_BUTTON, status_code=403)
        piece.refresh_from_db()
        self.assertEqual((piece.title, piece.status), (piece.title, "published"))
        self.assertNotEqual(piece.title, "Late change")


# --- 4. Creating tags ----------------------------------------------------------------


class TagPermissionTests(TestCase):
    """Contributors create tags on purpose (taggit.add_tag, as in WordPress);
    whoever lacks the permission is told which tags are new."""

    def post_draft(self, user, tags):
        self.client.force_login(user)
        data = commentary_form(
            title="Tagged", tags=tags, authors=[{"position": 0, "name": "Someone"}]
        )
        return self.client.post(ADD, data)

    def test_contributors_may_add_tags(self):
        contributor = make_user(groups=["Contributors"])
        self.assertTrue(contributor.has_perm("taggit.add_tag"))
        self.assertFalse(contributor.has_perm("taggit.change_tag"))
        self.assertFalse(contributor.has_perm("taggit.delete_tag"))
        response = self.post_draft(contributor, "Mekong, new topic")
        self.assertEqual(response.status_code, 302)
        piece = Commentary.objects.get(title="Tagged")
        self.assertEqual(sorted(piece.tags.names()), ["Mekong", "new topic"])

    def test_without_the_permission_new_tags_are_refused_by_name(self):
        Tag.objects.create(name="Mekong", slug="mekong")
        group = Group.objects.create(name="Writers without tags")
        group.permissions.set(
            Group.objects.get(name="Contributors").permissions.exclude(
                codename="add_tag"
            )
        )
        writer = make_user(groups=["Writers without tags"])
        response = self.post_draft(writer, "mekong, Brand new")
        self.assertContains(response, "Only editors create tags: “Brand new” is new.")
        self.assertFalse(Tag.objects.filter(name="Brand new").exists())
        self.assertFalse(Commentary.objects.exists())
        # Existing tags (in any case) are fine.
        self.assertEqual(self.post_draft(writer, "MEKONG").status_code, 302)


# --- 5. Unlocking a login ------------------------------------------------------------


class UnlockTests(TestCase):
    """Admins unlock a locked-out login in Axes → Access attempts."""

    def lock_out(self, username):
        for _ in range(5):
            self.client.post(
                reverse("admin:login"),
                {"username": username, "password": "wrong", "next": "/admin/"},
                REMOTE_ADDR="203.0.113.7",
            )
        response = self.client.post(
            reverse("admin:login"),
            {"username": username, "password": PASSWORD, "next": "/admin/"},
            REMOTE_ADDR="203.0.113.7",
        )
        self.assertEqual(response.status_code, 429)

    def test_admins_unlock_a_locked_out_login(self):
        make_user(username="locked", password=PASSWORD)
        self.lock_out("locked")
        attempt = AccessAttempt.objects.get(username="locked")
        admin_user = make_user(groups=["Admins"])
        self.client.force_login(admin_user)
        listing = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertContains(listing, "locked")
        delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
        self.assertEqual(self.client.get(delete).status_code, 200)
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 302)
        self.assertFalse(AccessAttempt.objects.exists())
        self.client.logout()
        response = self.client.post(
            reverse("admin:login"),
            {"username": "locked", "password": PASSWORD, "next": "/admin/"},
            REMOTE_ADDR="203.0.113.7",
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def test_editors_and_contributors_do_not_unlock(self):
        for group in ("Editors", "Contributors"):
            with self.subTest(group=group):
                self.client.force_login(make_user(groups=[group]))
                url = reverse("admin:axes_accessattempt_changelist")
                self.assertEqual(self.client.get(url).status_code, 403)


# --- 7. A member typed as an outside author -----------------------------------------


class OutsideAuthorMemberTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(name="Hoang Thi Ha")
        MemberAlias.objects.create(member=cls.member, name="Ha Hoang")
        cls.editor = make_user(groups=["Editors"])

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, **row):
        data = commentary_form(
            title="Vietnam and ASEAN", authors=[{"position": 0, **row}]
        )
        return self.client.post(ADD, data)

    def test_a_members_name_typed_as_an_outside_author_is_refused_naming_her(self):
        for typed in ("Hoang Thi Ha", "hoang thi ha", "Ha Hoang"):
            with self.subTest(typed=typed):
                response = self.post(name=typed)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "APLN member")
                self.assertContains(response, "choose Hoang Thi Ha under “Member”")
                self.assertContains(response, "not the member")
                self.assertFalse(Commentary.objects.exists())

    def test_choosing_the_member_gives_the_lede_its_apln_member(self):
        self.assertEqual(self.post(member=self.member.pk).status_code, 302)
        piece = Commentary.objects.get()
        self.assertIn("APLN member Hoang Thi Ha", piece.generated_lede)

    def test_ticking_not_the_member_keeps_the_outside_author(self):
        self.assertEqual(
            self.post(name="Hoang Thi Ha", not_member="on").status_code, 302
        )
        authorship = Authorship.objects.get()
        self.assertEqual((authorship.member, authorship.name), (None, "Hoang Thi Ha"))

    def test_other_outside_authors_and_rows_left_as_they_were_pass(self):
        self.assertEqual(self.post(name="Nguyen Van A").status_code, 302)
        # A row saved before (say, by an import) is not re-checked when the
        # piece is edited for something else.
        piece = make_commentary(authors=["Hoang Thi Ha"])
        data = commentary_form(piece, title="Retitled")
        self.assertEqual(self.client.post(change_url(piece), data).status_code, 302)


# --- 17. Over-long tags --------------------------------------------------------------


class TagLengthTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])

    def setUp(self):
        self.client.force_login(self.editor)

    def test_a_tag_over_100_characters_is_refused_in_the_commentary_form(self):
        long_tag = "Regional security architecture " * 5  # 155 characters
        long_tag = long_tag.strip()
        data = commentary_form(
            title="Long tag", tags=f"ASEAN, {long_tag}", authors=[{"name": "X"}]
        )
        response = self.client.post(ADD, data)
        self.assertContains(
            response,
            f"The tag “{long_tag[:60]}…” is {len(long_tag)} characters long: "
            "a tag has at most 100.",
        )
        self.assertFalse(Tag.objects.exists())
        self.assertFalse(Commentary.objects.exists())

    def test_a_tag_of_100_characters_is_kept(self):
        tag = "x" * 100
        data = commentary_form(title="Long tag", tags=tag, authors=[{"name": "X"}])
        self.assertEqual(self.client.post(ADD, data).status_code, 302)
        self.assertEqual(Tag.objects.get().name, tag)

    def test_a_tag_over_100_characters_is_refused_in_the_tag_admin(self):
        long_tag = "Indo-Pacific " * 10
        long_tag = long_tag.strip()
        response = self.client.post(
            reverse("admin:taggit_tag_add"), {"name": long_tag, "slug": "indo"}
        )
        self.assertContains(
            response, f"The tag “{long_tag[:60]}…” is {len(long_tag)} characters long"
        )
        self.assertFalse(Tag.objects.exists())


# --- 23. Links in summaries ----------------------------------------------------------


class SummaryLinkRelTests(TestCase):
    def test_opener_is_dropped_and_noopener_added(self):
        piece = make_commentary(
            summary='<p><a href="https://example.org/" target="_blank" '
            'rel="opener">the piece</a> and <a href="https://example.org/b" '
            'target="_blank">another</a></p>'
        )
        piece.refresh_from_db()
        self.assertNotRegex(piece.summary, r'rel="[^"]*\bopener')
        self.assertEqual(piece.summary.count('rel="noopener"'), 2)

    def test_other_rel_values_stay_and_plain_links_are_untouched(self):
        cases = {
            '<a href="https://a.example/" rel="opener noreferrer nofollow" '
            'target="_blank">a</a>': '<a href="https://a.example/" '
            'rel="noreferrer nofollow noopener" target="_blank">a</a>',
            '<a href="https://a.example/" rel="OPENER">a</a>': (
                '<a href="https://a.example/">a</a>'
            ),
            '<a href="https://a.example/">a</a>': '<a href="https://a.example/">a</a>',
            '<a href="https://a.example/" rel="noopener noreferrer nofollow" '
            'target="_blank">a</a>': '<a href="https://a.example/" '
            'rel="noopener noreferrer nofollow" target="_blank">a</a>',
        }
        for given, expected in cases.items():
            with self.subTest(given=given):
                self.assertEqual(
                    articles_models.link_rel_without_opener(given), expected
                )
                piece = make_commentary(summary=f"<p>{given}</p>")
                piece.refresh_from_db()
                self.assertEqual(piece.summary, f"<p>{expected}</p>")

    def test_the_admin_form_saves_summaries_without_opener(self):
        self.client.force_login(make_user(groups=["Editors"]))
        summary = (
            '<p><a href="https://example.org/" target="_blank" rel="opener">x</a></p>'
        )
        data = commentary_form(title="Linked", summary=summary, authors=[{"name": "X"}])
        self.assertEqual(self.client.post(ADD, data).status_code, 302)
        stored = Commentary.objects.get().summary
        self.assertIn('rel="noopener"', stored)
        self.assertNotIn('rel="opener"', stored)
