"""The editors' desk on the server: preview, lede, publishing buttons (issue 15)."""

import datetime

from django.contrib.auth.models import Permission
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Commentary
from tests.articles.test_admin import ADD, change_url, commentary_form
from tests.factories import (
    image_upload,
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
)

PREVIEW = reverse("admin:articles_commentary_preview")
LEDE = reverse("admin:articles_commentary_lede")


class DeskTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])
        cls.contributor = make_user(groups=["Contributors"])
        cls.member = make_member(name="Hoang Thi Ha")
        cls.outlet = make_outlet(name="Fulcrum", label="FULCRUM")


class PreviewTests(DeskTestCase):
    def test_preview_renders_the_posted_form_as_readers_will_see_it(self):
        self.client.force_login(self.editor)
        data = commentary_form(
            title="Not saved yet",
            outlet=self.outlet.pk,
            authors=[{"member": self.member.pk}, {"name": "Pham Thi Phuong Thao"}],
            tags="ASEAN, Japan",
        )
        response = self.client.post(PREVIEW, data)
        self.assertContains(response, "<h1>Not saved yet</h1>", html=True)
        self.assertContains(
            response,
            "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao.",
        )
        self.assertContains(response, "ASEAN")
        self.assertNotContains(response, "Preview: this piece is not public")
        self.assertIn("no-cache", response["Cache-Control"])
        self.assertFalse(Commentary.objects.exists())

    def test_previewing_a_live_piece_leaves_it_as_stored(self):
        piece = make_commentary(title="As published", authors=[self.member])
        self.client.force_login(self.editor)
        data = commentary_form(piece, title="Edited, unsaved")
        response = self.client.post(f"{PREVIEW}?of={piece.pk}", data)
        self.assertContains(response, "Edited, unsaved")
        piece.refresh_from_db()
        self.assertEqual(piece.title, "As published")
        self.assertEqual(piece.authorships.count(), 1)

    def test_preview_says_what_to_fix_when_the_form_is_invalid(self):
        self.client.force_login(self.editor)
        response = self.client.post(PREVIEW, commentary_form(title=""))
        self.assertContains(response, "Title: This field is required.", status_code=400)

    def test_preview_is_a_post_with_a_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.editor)
        self.assertEqual(client.get(PREVIEW).status_code, 405)
        self.assertEqual(client.post(PREVIEW, commentary_form()).status_code, 403)

    def test_preview_needs_the_permission_to_edit_the_piece(self):
        live = make_commentary(authors=[self.member])
        self.client.force_login(self.contributor)
        response = self.client.post(f"{PREVIEW}?of={live.pk}", commentary_form(live))
        self.assertEqual(response.status_code, 403)
        self.client.force_login(make_user())  # staff, no permission
        self.assertEqual(self.client.post(PREVIEW, commentary_form()).status_code, 403)


class LedeTests(DeskTestCase):
    def test_the_lede_is_written_from_the_posted_authors_kind_and_outlet(self):
        self.client.force_login(self.contributor)
        data = commentary_form(
            outlet=self.outlet.pk, authors=[{"member": self.member.pk}]
        )
        answer = self.client.post(LEDE, data).json()
        self.assertEqual(
            answer["lede"], "APLN member Hoang Thi Ha writes a commentary for Fulcrum."
        )
        data = commentary_form(
            kind="interview",
            authors=[
                {"position": 2, "member": self.member.pk},
                {"position": 1, "name": "Ann Other"},
            ],
        )
        answer = self.client.post(LEDE, data).json()
        self.assertEqual(
            answer["lede"],
            "APLN member Hoang Thi Ha is interviewed together with Ann Other.",
        )

    def test_an_outside_name_spelling_a_member_is_answered_with_the_member(self):
        self.client.force_login(self.editor)
        data = commentary_form(authors=[{"name": "hoang thi ha"}])
        answer = self.client.post(LEDE, data).json()
        self.assertEqual(
            answer["members"],
            {"authorships-0": [{"id": self.member.pk, "name": "Hoang Thi Ha"}]},
        )
        data = commentary_form(authors=[{"name": "hoang thi ha", "not_member": "on"}])
        self.assertEqual(self.client.post(LEDE, data).json()["members"], {})

    def test_the_lede_needs_a_commentary_permission(self):
        self.client.force_login(make_user())
        self.assertEqual(self.client.post(LEDE, commentary_form()).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.post(LEDE, commentary_form()).status_code, 302)


class PublishingButtonTests(DeskTestCase):
    def post(self, user, piece, **fields):
        self.client.force_login(user)
        return self.client.post(
            change_url(piece), commentary_form(piece, **fields), follow=True
        )

    def messages(self, response):
        return [str(m) for m in response.context["messages"]]

    def test_publish_now_publishes_and_says_so(self):
        piece = make_commentary(status="draft", authors=[self.member])
        response = self.post(self.editor, piece, _publish="Publish now")
        piece.refresh_from_db()
        self.assertTrue(piece.is_published)
        self.assertEqual(self.messages(response), [f"Published: “{piece}” is live."])

    def test_publish_now_runs_the_publishing_checks(self):
        piece = make_commentary(status="draft", authors=[], full_article_url="")
        response = self.post(self.editor, piece, full_article_url="", _publish="1")
        self.assertContains(response, "Add the full article")
        piece.refresh_from_db()
        self.assertEqual(piece.status, "draft")

    def test_schedule_needs_a_future_time_and_says_when(self):
        piece = make_commentary(status="draft", authors=[self.member])
        response = self.post(self.editor, piece, _schedule="Schedule")
        self.assertContains(response, "To schedule the piece, give the time")
        when = timezone.localtime(timezone.now() + datetime.timedelta(days=400))
        when = when.replace(hour=9, minute=0, second=0, microsecond=0)
        response = self.post(
            self.editor,
            piece,
            _schedule="Schedule",
            published_at_0=f"{when:%Y-%m-%d}",
            published_at_1="09:00",
        )
        piece.refresh_from_db()
        self.assertTrue(piece.is_scheduled)
        self.assertEqual(
            self.messages(response),
            [f"Scheduled for {when.day} {when:%B} {when.year}, 09:00: “{piece}”."],
        )

    def test_unpublish_moves_a_live_piece_back_to_draft(self):
        piece = make_commentary(authors=[self.member])
        response = self.post(self.editor, piece, _unpublish="Unpublish")
        piece.refresh_from_db()
        self.assertEqual(piece.status, "draft")
        self.assertTrue(self.messages(response)[0].startswith("Unpublished:"))

    def test_a_contributor_pressing_publish_keeps_a_draft(self):
        piece = make_commentary(status="draft", authors=[self.member])
        self.post(self.contributor, piece, _publish="Publish now")
        piece.refresh_from_db()
        self.assertEqual(piece.status, "draft")

    def test_the_form_offers_the_buttons_by_role_and_status(self):
        draft = make_commentary(status="draft", authors=[self.member])
        live = make_commentary(authors=[self.member])
        self.client.force_login(self.editor)
        response = self.client.get(change_url(draft))
        self.assertContains(response, 'value="Save draft"')
        self.assertContains(response, 'name="_publish"')
        self.assertNotContains(response, 'name="_unpublish"')
        response = self.client.get(change_url(live))
        self.assertContains(response, 'value="Save and update the live page"')
        self.assertContains(response, 'name="_unpublish"')
        self.assertNotContains(response, 'name="_publish"')
        self.client.force_login(self.contributor)
        response = self.client.get(ADD)
        self.assertNotContains(response, 'name="_publish"')
        self.assertNotContains(response, 'name="_schedule"')
        self.assertContains(response, 'name="_submit_for_review"')


TAGS = reverse("admin:articles_commentary_tags")


class TagTests(DeskTestCase):
    def test_tags_keep_the_order_they_were_typed_in(self):
        piece = make_commentary(status="draft", authors=[self.member])
        self.client.force_login(self.editor)
        for typed in (
            "Korean Peninsula, ASEAN, Japan",
            "Japan, Korean Peninsula, ASEAN",
        ):
            self.client.post(change_url(piece), commentary_form(piece, tags=typed))
            response = self.client.get(change_url(piece))
            self.assertContains(
                response,
                f'value="{typed.replace("Korean Peninsula", "&quot;Korean Peninsula&quot;")}"',
            )

    def test_suggestions_are_existing_tags_starting_with_the_term_first(self):
        make_commentary(tags=["Korean Peninsula", "North Korea", "ASEAN"])
        self.client.force_login(self.contributor)
        answer = self.client.get(TAGS, {"term": "kor"}).json()
        self.assertEqual(answer["tags"], ["Korean Peninsula", "North Korea"])
        self.client.force_login(make_user())
        self.assertEqual(self.client.get(TAGS, {"term": "kor"}).status_code, 403)

    def test_new_tags_stay_with_those_who_may_add_them(self):
        make_commentary(tags=["ASEAN"])
        contributor = make_user(groups=["Contributors"])
        contributor.user_permissions.remove(Permission.objects.get(codename="add_tag"))
        contributor.groups.get().permissions.remove(
            Permission.objects.get(codename="add_tag")
        )
        self.client.force_login(contributor)
        response = self.client.post(ADD, commentary_form(tags="ASEAN, Brand new"))
        self.assertContains(response, "Only editors create tags")
        self.assertEqual(Commentary.objects.count(), 1)


IMAGES = reverse("admin:articles_commentary_images")


class ImageTests(DeskTestCase):
    def test_the_library_searches_captions_credits_and_file_names(self):
        summit = make_image(caption="Leaders at the summit", credit="UN Photo")
        harbour = make_image(
            file=image_upload(name="busan-harbour.png"), credit="Kim Photo"
        )
        self.client.force_login(self.contributor)
        for term, found in (
            ("summit", [summit]),
            ("kim photo", [harbour]),
            ("busan-harb", [harbour]),
            ("", [harbour, summit]),
        ):
            with self.subTest(term=term):
                answer = self.client.get(IMAGES, {"q": term}).json()
                self.assertEqual(
                    [image["id"] for image in answer["images"]],
                    [image.pk for image in found],
                )
        answer = self.client.get(IMAGES, {"id": summit.pk}).json()
        self.assertEqual(answer["images"][0]["credit"], "UN Photo")
        self.client.force_login(make_user())
        self.assertEqual(self.client.get(IMAGES).status_code, 403)

    def test_an_image_uploaded_in_the_form_is_saved_with_its_credit(self):
        self.client.force_login(self.editor)
        data = commentary_form(
            title="With a new image",
            authors=[{"member": self.member.pk}],
            **{
                "new_image-file": image_upload(name="summit.png"),
                "new_image-alt_text": "Leaders at the summit",
                "new_image-credit": "内閣官房内閣広報室",
                "new_image-source_url": "https://example.org/photo",
                "new_image-licence": "government",
            },
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        piece = Commentary.objects.get(title="With a new image")
        self.assertEqual(piece.image.credit, "内閣官房内閣広報室")
        self.assertEqual(piece.image.licence, "government")
        self.assertEqual(piece.image.uploaded_by, self.editor)
        response = self.client.get(change_url(piece))
        self.assertContains(response, "内閣官房内閣広報室")
        self.assertContains(response, 'class="fulcrum-image-chosen"')

    def test_an_uploaded_image_without_credit_or_alt_text_is_refused(self):
        self.client.force_login(self.editor)
        data = commentary_form(
            title="Image without credit",
            **{"new_image-file": image_upload(), "new_image-licence": "cc-by"},
        )
        response = self.client.post(ADD, data)
        self.assertContains(response, "Give the image a credit")
        self.assertContains(response, "Describe the image for people")
        self.assertFalse(
            Commentary.objects.filter(title="Image without credit").exists()
        )
