"""History: every change kept, compared, restored; deleted records recovered;
records in use are not deleted."""

from html.parser import HTMLParser

from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles.models import Authorship, Commentary, Outlet
from images.models import Image
from members.models import Member, MemberAlias
from tests.articles.test_admin import change_url, commentary_form
from tests.factories import (
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
)


class FormFields(HTMLParser):
    """Collect what a browser would submit from the page's forms."""

    def __init__(self):
        super().__init__()
        self.data = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "file"}:
            checkable = attrs.get("type") in {"checkbox", "radio"}
            if checkable and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if checkable else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data.append(tuple(self.textarea))
            self.textarea = None


def submitted(response):
    """Return the POST data of the page's form as shown (like pressing Save)."""
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        if name in {"csrfmiddlewaretoken", "q"}:
            continue
        data.setdefault(name, []).append(value)
    return data


def history_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def version_url(obj, version, view):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, version.pk]
    )


class CommentaryHistoryTests(TestCase):
    """Edit twice, see the history, compare, restore the first version."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"], username="hana")
        cls.member = make_member(name="Hoang Thi Ha")

    def setUp(self):
        self.client.force_login(self.editor)

    def edit(self, piece, **fields):
        piece = Commentary.objects.get(pk=piece.pk)
        response = self.client.post(change_url(piece), commentary_form(piece, **fields))
        self.assertEqual(response.status_code, 302)
        return Commentary.objects.get(pk=piece.pk)

    def test_each_change_is_kept_with_who_and_what(self):
        """Two edits of an imported piece: its first state plus two versions."""
        piece = make_commentary(title="First title", authors=[self.member])
        self.edit(piece, title="Second title")
        self.edit(piece, summary="<p>A new summary.</p>")
        versions = Version.objects.get_for_object(piece)
        self.assertEqual(versions.count(), 3)
        response = self.client.get(history_url(piece))
        self.assertContains(response, "As it was before its first change in the admin.")
        self.assertContains(response, "Changed Title.")
        self.assertContains(response, "Changed Summary.")
        self.assertContains(response, "<td>hana</td>", count=2, html=True)
        self.assertContains(response, "Compare with current", count=3)

    def test_compare_shows_the_fields_that_differ(self):
        """The comparison lists changed fields, with the words marked."""
        piece = make_commentary(title="Japan and ASEAN", authors=[self.member])
        piece = self.edit(piece, title="Japan and Southeast Asia", tags="Japan")
        first = Version.objects.get_for_object(piece).last()
        response = self.client.get(version_url(piece, first, "compare"))
        rows = {row["label"]: row for row in response.context["rows"]}
        self.assertEqual(sorted(rows), ["Tags", "Title"])
        self.assertEqual(rows["Title"]["then"], "Japan and ASEAN")
        self.assertEqual(rows["Title"]["now"], "Japan and Southeast Asia")
        self.assertIn("<del>ASEAN</del>", rows["Title"]["diff"])
        self.assertIn("<ins>Southeast Asia</ins>", rows["Title"]["diff"])
        self.assertContains(response, "Restore this version")

    def test_compare_escapes_what_editors_typed(self):
        """A title holding markup is shown as text in the comparison."""
        piece = make_commentary(title="<b>Bold</b>", authors=[self.member])
        piece = self.edit(piece, title="<i>Italic</i>")
        first = Version.objects.get_for_object(piece).last()
        response = self.client.get(version_url(piece, first, "compare"))
        self.assertNotContains(response, "<b>Bold</b>")
        self.assertContains(response, "&lt;b&gt;Bold&lt;/b&gt;")

    def test_restoring_the_first_version_brings_back_its_text_and_authors(self):
        """Title and authors return; the restore is itself in the history."""
        piece = make_commentary(title="Original", authors=[self.member, "Outside"])
        piece = self.edit(piece, title="Edited once")
        piece = self.edit(piece, title="Edited twice", **{"authorships-1-DELETE": "on"})
        self.assertEqual([a.display_name for a in piece.ordered_authorships()], [
            "Hoang Thi Ha"
        ])  # fmt: skip
        first = Version.objects.get_for_object(piece).last()
        response = self.client.post(version_url(piece, first, "restore"), follow=True)
        self.assertContains(response, "Restored “Original” as it was on")
        piece = Commentary.objects.get(pk=piece.pk)
        self.assertEqual(piece.title, "Original")
        self.assertEqual(
            [a.display_name for a in piece.ordered_authorships()],
            ["Hoang Thi Ha", "Outside"],
        )
        self.assertIn("original", piece.search_text)
        self.assertEqual(Version.objects.get_for_object(piece).count(), 4)

    def test_restoring_an_old_slug_redirects_the_newer_address(self):
        """Readers of the newer address are sent back to the restored one."""
        piece = make_commentary(slug="first", authors=[self.member])
        piece = self.edit(piece, slug="second")
        first = Version.objects.get_for_object(piece).last()
        self.client.post(version_url(piece, first, "restore"))
        self.assertRedirects(
            self.client.get("/commentaries/second/"),
            "/commentaries/first/",
            status_code=301,
        )

    def test_a_published_version_failing_the_checks_is_not_restored(self):
        """Restoring cannot publish a piece without an author."""
        piece = make_commentary(title="Imported without authors")
        piece = self.edit(piece, authors=[{"position": 0, "member": self.member.pk}])
        first = Version.objects.get_for_object(piece).last()
        response = self.client.post(version_url(piece, first, "restore"), follow=True)
        self.assertContains(response, "Could not restore: Add at least one author.")
        self.assertEqual(Commentary.objects.get(pk=piece.pk).authorships.count(), 1)

    def test_contributors_may_compare_but_not_restore(self):
        """Restoring may change a piece's status, so it is for editors."""
        piece = make_commentary(title="Original", authors=[self.member])
        piece = self.edit(piece, title="Edited")
        first = Version.objects.get_for_object(piece).last()
        self.client.force_login(make_user(groups=["Contributors"]))
        response = self.client.get(version_url(piece, first, "compare"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Restore this version")
        response = self.client.post(version_url(piece, first, "restore"))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Commentary.objects.get(pk=piece.pk).title, "Edited")

    def test_restore_answers_only_post(self):
        """A GET of the restore address changes nothing."""
        piece = self.edit(make_commentary(authors=[self.member]), title="Edited")
        first = Version.objects.get_for_object(piece).last()
        self.assertEqual(
            self.client.get(version_url(piece, first, "restore")).status_code, 405
        )

    def test_actions_keep_a_version_of_each_piece(self):
        """Publishing from the list is in each piece's history."""
        piece = make_commentary(status="draft", authors=[self.member])
        self.client.post(
            reverse("admin:articles_commentary_changelist"),
            {"action": "publish_now", "_selected_action": [piece.pk]},
        )
        version = Version.objects.get_for_object(piece).get()
        self.assertEqual(version.revision.get_comment(), "Published (action).")
        self.assertEqual(version.revision.user, self.editor)
        self.assertEqual(version.field_dict["status"], "published")


class MemberHistoryTests(TestCase):
    """A member's versions keep its other spellings."""

    def test_compare_shows_a_changed_spelling_and_position(self):
        """Aliases and fields edited in the admin show in the comparison."""
        self.client.force_login(make_user(groups=["Editors"]))
        member = make_member(name="Moon Chung-in", slug="moon", position="Professor")
        MemberAlias.objects.create(member=member, name="Chung-in Moon")
        alias = member.aliases.get()
        data = {
            "name": "Moon Chung-in",
            "slug": "moon",
            "position": "Vice-Chair",
            "country": "KR",
            "is_active": "on",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "1",
            "aliases-0-id": alias.pk,
            "aliases-0-member": member.pk,
            "aliases-0-name": "Moon Chung In",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        }
        response = self.client.post(change_url(member), data)
        self.assertEqual(response.status_code, 302)
        first = Version.objects.get_for_object(member).last()
        response = self.client.get(version_url(member, first, "compare"))
        rows = {
            row["label"]: (row["then"], row["now"]) for row in response.context["rows"]
        }
        self.assertEqual(
            rows,
            {
                "Position": ("Professor", "Vice-Chair"),
                "Other spellings": ("Chung-in Moon", "Moon Chung In"),
            },
        )


class RecoverTests(TestCase):
    """A deleted record can be recovered, with what belongs to it."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])

    def setUp(self):
        self.client.force_login(self.editor)

    def delete(self, obj):
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        response = self.client.post(url, {"post": "yes"})
        self.assertEqual(response.status_code, 302)

    def recover(self, model, **lookup):
        """Open the recover page of the deleted record and press Save."""
        opts = model._meta
        listing = self.client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist")
        )
        version = Version.objects.get_deleted(model).get(**lookup)
        self.assertContains(listing, version.object_repr)
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk]
        )
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        return self.client.post(url, submitted(page))

    def test_a_deleted_commentary_comes_back_with_its_authors_and_tags(self):
        """Delete in the admin, recover from "Recover deleted commentaries"."""
        member = make_member(name="Moon Chung-in")
        piece = make_commentary(
            title="Deterrence in Asia",
            authors=[member, "Outside Author"],
            tags=["deterrence"],
        )
        pk = piece.pk
        self.delete(piece)
        self.assertFalse(Commentary.objects.filter(pk=pk).exists())
        self.assertFalse(Authorship.objects.filter(commentary_id=pk).exists())
        response = self.recover(Commentary, object_id=str(pk))
        self.assertEqual(response.status_code, 302)
        piece = Commentary.objects.get(pk=pk)
        self.assertEqual(piece.title, "Deterrence in Asia")
        self.assertEqual(
            [a.display_name for a in piece.ordered_authorships()],
            ["Moon Chung-in", "Outside Author"],
        )
        self.assertEqual(list(piece.tags.names()), ["deterrence"])

    def test_pieces_deleted_together_are_recovered_one_by_one(self):
        """Recovering one of several deleted at once brings back only that one."""
        first = make_commentary(title="First", authors=["A"])
        second = make_commentary(title="Second", authors=["B"])
        self.client.post(
            reverse("admin:articles_commentary_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [first.pk, second.pk],
                "post": "yes",
            },
        )
        self.assertFalse(Commentary.objects.exists())
        self.assertEqual(
            self.recover(Commentary, object_id=str(first.pk)).status_code, 302
        )
        self.assertEqual(
            list(Commentary.objects.values_list("title", flat=True)), ["First"]
        )

    def test_a_deleted_member_comes_back_with_other_spellings(self):
        """Members, outlets and images are recoverable too."""
        member = make_member(name="Kim Won-soo")
        MemberAlias.objects.create(member=member, name="Won-soo Kim")
        outlet = make_outlet(name="Global Asia")
        image = make_image(alt_text="A harbour")
        for obj in (member, outlet, image):
            self.delete(obj)
        self.assertEqual(
            self.recover(Member, object_id=str(member.pk)).status_code, 302
        )
        self.assertEqual(
            list(
                Member.objects.get(pk=member.pk).aliases.values_list("name", flat=True)
            ),
            ["Won-soo Kim"],
        )
        self.assertEqual(
            self.recover(Outlet, object_id=str(outlet.pk)).status_code, 302
        )
        self.assertTrue(Outlet.objects.filter(name="Global Asia").exists())
        # The image record returns; its file was never removed from storage.
        self.assertEqual(self.recover(Image, object_id=str(image.pk)).status_code, 302)
        self.assertEqual(Image.objects.get(pk=image.pk).alt_text, "A harbour")


class SafeDeleteTests(TestCase):
    """Records in use are not deleted; the page says where they are used."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])
        cls.member = make_member(name="Hoang Thi Ha")
        cls.outlet = make_outlet(name="Fulcrum")
        cls.image = make_image(alt_text="Leaders")
        cls.piece = make_commentary(
            title="Japan and <Southeast> Asia",
            authors=[cls.member],
            outlet=cls.outlet,
            image=cls.image,
        )
        cls.other = make_commentary(title="Second piece", authors=[cls.member])

    def setUp(self):
        self.client.force_login(self.editor)

    def delete_url(self, obj):
        opts = obj._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk]
        )

    def test_deleting_a_member_in_use_names_the_pieces(self):
        """The page lists each piece crediting the member, linked, escaped."""
        response = self.client.get(self.delete_url(self.member))
        self.assertContains(
            response, "“Hoang Thi Ha” is in use, so it cannot be deleted."
        )
        self.assertContains(
            response,
            f'Commentary <a href="{change_url(self.piece)}">Japan and &lt;Southeast&gt; '
            "Asia</a> (as authorship)",
        )
        self.assertContains(
            response, f'<a href="{change_url(self.other)}">Second piece</a>'
        )
        self.assertNotContains(response, "Yes, I’m sure")
        self.client.post(self.delete_url(self.member), {"post": "yes"})
        self.assertTrue(Member.objects.filter(pk=self.member.pk).exists())

    def test_deleting_an_outlet_or_image_in_use_names_the_pieces(self):
        """Outlets and images list the pieces that show them."""
        photo_of = make_member(name="Portrait Sitter", photo=self.image)
        for obj, users in (
            (self.outlet, [self.piece]),
            (self.image, [self.piece, photo_of]),
        ):
            with self.subTest(obj=obj):
                response = self.client.get(self.delete_url(obj))
                self.assertContains(response, "is in use, so it cannot be deleted.")
                for user in users:
                    self.assertContains(response, f'<a href="{change_url(user)}">')
                self.client.post(self.delete_url(obj), {"post": "yes"})
                self.assertTrue(type(obj).objects.filter(pk=obj.pk).exists())

    def test_deleting_several_members_names_each_one_in_use(self):
        """The delete-selected action says which member is used where."""
        unused = make_member(name="Nobody Uses")
        response = self.client.post(
            reverse("admin:members_member_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [self.member.pk, unused.pk],
                "post": "yes",
            },
        )
        self.assertContains(response, "“Hoang Thi Ha” is used by:")
        self.assertNotContains(response, "“Nobody Uses” is used by:")
        self.assertContains(
            response, f'<a href="{change_url(self.other)}">Second piece</a>'
        )
        self.assertEqual(
            Member.objects.filter(pk__in=[self.member.pk, unused.pk]).count(), 2
        )

    def test_a_member_no_piece_credits_can_be_deleted(self):
        """Unused records delete as usual."""
        unused = make_member(name="Nobody Uses")
        response = self.client.post(self.delete_url(unused), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Member.objects.filter(pk=unused.pk).exists())
