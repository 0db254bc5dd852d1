"""`manage.py load_demo_content`: the populated site that `make run` serves."""

import dataclasses
import re
import shutil
import tempfile
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

from django.contrib.auth.models import Group, User
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import RequestFactory, TestCase, override_settings
from PIL import Image as PILImage
from taggit.models import Tag

from articles.models import Authorship, Commentary, Outlet
from images.models import Image
from members.models import Member, MemberAlias, MemberLink, MembershipCategory
from transfer.demo import content


def load(**options):
    """Run the command and return what it printed."""
    out = StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def media_files(root):
    return sorted(
        str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()
    )


def password_for(output, username):
    match = re.search(rf"Username: {username}\n\s+Password: (\S+)", output)
    return match and match.group(1)


def snapshot():
    """Return every row's last change, and the row counts, of the demo tables."""
    stamps = {
        model.__name__: dict(model.objects.values_list("pk", "updated_at"))
        for model in (Member, Outlet, Commentary, Image)
    }
    counts = {
        model.__name__: model.objects.count()
        for model in (MemberAlias, MemberLink, Authorship, Tag, User)
    }
    return stamps, counts


class DemoContentTests(TestCase):
    @classmethod
    def setUpClass(cls):
        # An empty MEDIA_ROOT of its own, so the files can be counted.
        cls.media_root = tempfile.mkdtemp(prefix="fulcrum-demo-test-")
        cls.addClassCleanup(shutil.rmtree, cls.media_root, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media_root))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.first_output = load()
        cls.files_after_first_run = media_files(cls.media_root)
        cls.state_after_first_run = snapshot()
        cls.second_output = load()

    def test_loading_creates_the_demo_members_outlets_and_commentaries(self):
        """A fresh site gets about 15 members, 8 outlets and 40 commentaries."""
        self.assertGreaterEqual(Member.objects.count(), 15)
        self.assertGreaterEqual(Outlet.objects.count(), 8)
        self.assertGreaterEqual(Commentary.objects.count(), 40)
        self.assertIn(
            "Demo content: 16 members, 9 outlets, 40 commentaries "
            "(created 65, already there 0)",
            self.first_output,
        )

    def test_demo_images_are_files_in_storage_that_pillow_opens(self):
        """Every image row points at a real JPEG in MEDIA_ROOT with its size."""
        images = Image.objects.all()
        self.assertFalse(images.filter(width=None).exists())
        self.assertGreaterEqual(images.filter(commentaries__isnull=False).count(), 30)
        self.assertTrue(Member.objects.filter(photo__isnull=False).exists())
        for image in images:
            with self.subTest(image=image.file.name):
                self.assertTrue(default_storage.exists(image.file.name))
                path = Path(self.media_root, image.file.name)
                with PILImage.open(path) as drawn:
                    self.assertEqual(drawn.format, "JPEG")
                    self.assertEqual(drawn.size, (image.width, image.height))
        pictures = [c.picture for c in content.COMMENTARIES if c.picture]
        pictures += [m.photo for m in content.MEMBERS if m.photo]
        self.assertEqual(images.count(), len(pictures))  # none shared by mistake
        banner = Commentary.objects.filter(image__isnull=False).first().image
        self.assertEqual((banner.width, banner.height), (1200, 675))

    def test_images_carry_alt_text_credits_and_licences(self):
        """Credits come in several scripts and forms; only decorative ones lack alt."""
        images = Image.objects.all()
        for image in images:
            with self.subTest(image=image.file.name):
                self.assertTrue(image.credit)
                self.assertEqual(image.is_decorative, not image.alt_text)
        japanese = images.get(source_url__contains="harbour-at-dawn")
        self.assertEqual(japanese.credit, "北浜写真事務所")
        self.assertEqual(urlsplit(japanese.source_url).hostname, "example.org")
        caption = images.get(credit="Forum photo by Marisol Ferreira")
        self.assertEqual(caption.source_url, "")
        self.assertTrue(caption.caption.endswith("Forum photo by Marisol Ferreira."))
        self.assertTrue(images.filter(is_decorative=True).exists())
        self.assertGreaterEqual(len(set(images.values_list("licence", flat=True))), 5)

    def test_published_demo_pieces_are_the_ones_the_public_sees(self):
        """Published pieces are public; drafts, the withdrawn and scheduled are not."""
        published = Commentary.objects.published()
        expected = {
            spec.slug
            for spec in content.COMMENTARIES
            if spec.status == Commentary.Status.PUBLISHED and spec.days_ago > 0
        }
        self.assertEqual(set(published.values_list("slug", flat=True)), expected)
        self.assertGreaterEqual(len(expected), 30)
        self.assertEqual(published.filter(is_featured=True).count(), 3)
        self.assertEqual(Commentary.objects.scheduled().count(), 1)
        self.assertEqual(Commentary.objects.filter(status="draft").count(), 2)
        self.assertEqual(Commentary.objects.filter(status="withdrawn").count(), 1)
        oldest = published.order_by("published_at").first().published_at
        newest = published.order_by("published_at").last().published_at
        self.assertGreater((newest - oldest).days, 365)
        self.assertLess((newest - oldest).days, 731)

    def test_second_run_creates_nothing_and_changes_nothing(self):
        """Running the command again adds no row or file and saves no row."""
        self.assertEqual(snapshot(), self.state_after_first_run)
        self.assertEqual(media_files(self.media_root), self.files_after_first_run)
        self.assertIn("(created 0, already there 65)", self.second_output)

    def test_editor_password_is_printed_once_and_signs_in(self):
        """The first run prints a working password; later runs say how to reset."""
        password = password_for(self.first_output, "editor")
        self.assertTrue(password)
        self.assertGreaterEqual(len(password), 20)
        self.assertIn("http://127.0.0.1:8000/admin/", self.first_output)
        # Login throttling (django-axes) needs the request.
        request = RequestFactory().post("/admin/login/")
        self.assertTrue(
            self.client.login(request=request, username="editor", password=password)
        )
        self.assertNotIn("Password:", self.second_output)
        self.assertNotIn(password, self.second_output)
        self.assertIn(
            ".venv/bin/python manage.py changepassword editor", self.second_output
        )
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)

    def test_demo_accounts_are_staff_in_their_groups_and_not_superusers(self):
        """editor is an Editor, contributor a Contributor; neither is a superuser."""
        editor = User.objects.get(username="editor")
        contributor = User.objects.get(username="contributor")
        self.assertEqual([g.name for g in editor.groups.all()], ["Editors"])
        self.assertEqual([g.name for g in contributor.groups.all()], ["Contributors"])
        for user in (editor, contributor):
            self.assertTrue(user.is_staff)
            self.assertFalse(user.is_superuser)
        self.assertTrue(editor.has_perm("articles.publish_commentary"))
        self.assertFalse(contributor.has_perm("articles.publish_commentary"))
        contributor_password = password_for(self.first_output, "contributor")
        self.assertNotEqual(
            contributor_password, password_for(self.first_output, "editor")
        )
        self.assertTrue(
            self.client.login(
                request=RequestFactory().post("/admin/login/"),
                username="contributor",
                password=contributor_password,
            )
        )

    def test_every_commentary_has_an_author_and_a_lede(self):
        """Each piece credits at least one author and opens with a lede."""
        for commentary in Commentary.objects.with_related():
            with self.subTest(commentary=commentary.slug):
                self.assertTrue(commentary.ordered_authorships())
                self.assertTrue(commentary.lede.strip())
        maritime = Commentary.objects.get(
            slug="japan-and-asean-can-build-a-safer-maritime-commons"
        )
        self.assertEqual(
            maritime.lede,
            "APLN member Lê Thị Minh Châu co-writes a commentary with Trần Quốc Bảo.",
        )
        six = Commentary.objects.get(slug="a-regional-call-for-no-first-use")
        self.assertEqual(six.authorships.count(), 6)
        self.assertEqual(six.authorships.filter(member__isnull=False).count(), 3)
        overridden = Commentary.objects.exclude(lede_override="").get()
        self.assertIn("Executive Director Kang Min-seo", overridden.lede)

    def test_names_in_several_scripts_and_orders_are_present(self):
        """Hangul, kanji, hanzi, Thai, Cyrillic, Urdu and Vietnamese names load."""
        natives = dict(
            Member.objects.values_list("native_name_language", "native_name")
        )
        scripts = {
            "ko": r"[\uac00-\ud7a3]",
            "ja": r"[\u4e00-\u9fff]",
            "zh": r"[\u4e00-\u9fff]",
            "th": r"[\u0e00-\u0e7f]",
            "mn": r"[\u0400-\u04ff]",
            "ur": r"[\u0600-\u06ff]",
        }
        for language, pattern in scripts.items():
            with self.subTest(language=language):
                self.assertRegex(natives[language], pattern)
        names = set(Member.objects.values_list("name", flat=True))
        self.assertIn("Lê Thị Minh Châu", names)
        self.assertIn("Wiranata", names)
        self.assertIn("C. R. Anantharaman", names)
        self.assertIn("Aurélio Martins Da Cruz SARMENTO", names)
        self.assertTrue(Member.objects.filter(honorific="H.E. Dr.").exists())
        han = Member.objects.get(slug="han-seung-woo")
        self.assertEqual(list(Member.objects.matching("Seung-woo Han")), [han])
        self.assertEqual(list(Member.objects.matching("한승우")), [han])

    def test_categories_include_an_inactive_member_and_staff(self):
        """One member is inactive and one is staff, beside the usual categories."""
        self.assertEqual(Member.objects.filter(is_active=False).count(), 1)
        staff = MembershipCategory.objects.get(slug="staff")
        self.assertEqual(staff.members.count(), 1)
        used = set(Member.objects.values_list("category__slug", flat=True))
        self.assertEqual(
            used,
            set(MembershipCategory.objects.values_list("slug", flat=True)),
        )

    def test_pieces_show_the_shapes_of_real_pages(self):
        """Kinds, partial dates, excerpts, tags in several scripts all appear."""
        pieces = Commentary.objects.all()
        self.assertGreaterEqual(len(set(pieces.values_list("kind", flat=True))), 10)
        precisions = set(
            pieces.exclude(original_published_on=None).values_list(
                "original_published_precision", flat=True
            )
        )
        self.assertEqual(precisions, {"year", "month", "day"})
        self.assertTrue(pieces.filter(original_published_on=None).exists())
        self.assertTrue(pieces.filter(summary_is_excerpt=True).exists())
        self.assertTrue(pieces.filter(outlet=None).exists())
        self.assertTrue(pieces.filter(image=None).exists())
        tags = set(Tag.objects.values_list("name", flat=True))
        for name in ("nuclear disarmament", "non-proliferation", "Korean Peninsula"):
            self.assertIn(name, tags)
        for name in ("ASEAN", "AUKUS", "핵군축", "非核三原則"):
            self.assertIn(name, tags)
        column = Outlet.objects.get(kind=Outlet.Kind.APLN_COLUMN)
        self.assertTrue(column.commentaries.exists())

    def test_summaries_are_stored_exactly_as_written(self):
        """The demo summaries are already clean HTML: sanitising changes nothing."""
        stored = dict(Commentary.objects.values_list("slug", "summary"))
        for spec in content.COMMENTARIES:
            with self.subTest(slug=spec.slug):
                self.assertEqual(stored[spec.slug], spec.summary)
                self.assertTrue(spec.summary.startswith("<p>"))

    def test_every_link_points_to_an_example_domain(self):
        """No demo link leads to a real site."""
        urls = [
            *Commentary.objects.exclude(full_article_url="").values_list(
                "full_article_url", flat=True
            ),
            *Outlet.objects.values_list("homepage_url", flat=True),
            *Image.objects.exclude(source_url="").values_list("source_url", flat=True),
            *MemberLink.objects.values_list("url", flat=True),
        ]
        self.assertGreater(len(urls), 40)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(urlsplit(url).scheme, "https")
                self.assertIn(urlsplit(url).hostname, {"example.org", "example.com"})
        needs_link = Commentary.objects.filter(full_article_url="")
        self.assertEqual([c.status for c in needs_link], ["draft"])

    def test_demo_content_passes_the_editors_validation(self):
        """Every demo row would be accepted by the admin's model validation."""
        for model in (Member, MemberAlias, MemberLink, Outlet, Image, Commentary):
            for obj in model.objects.all():
                with self.subTest(obj=f"{model.__name__} {obj}"):
                    obj.full_clean()
        for authorship in Authorship.objects.all():
            authorship.full_clean(exclude=["commentary"])


@contextmanager
def small_demo(with_picture=False):
    """Load one member, one outlet and one piece: quick to run."""
    first = content.COMMENTARIES[0]
    members = [
        dataclasses.replace(m, photo=None)
        for m in content.MEMBERS
        if m.slug == "han-seung-woo"
    ]
    outlets = [o for o in content.OUTLETS if o.slug == first.outlet]
    pieces = [first if with_picture else dataclasses.replace(first, picture=None)]
    with (
        mock.patch.object(content, "MEMBERS", members),
        mock.patch.object(content, "OUTLETS", outlets),
        mock.patch.object(content, "COMMENTARIES", pieces),
    ):
        yield


class DemoContentRerunAndFailureTests(TestCase):
    def setUp(self):
        self.media_root = tempfile.mkdtemp(prefix="fulcrum-demo-test-")
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=self.media_root))

    def test_an_error_midway_writes_nothing_and_leaves_no_files(self):
        """A failure after images were saved rolls back rows and deletes files."""
        broken = dataclasses.replace(
            content.COMMENTARIES[1],
            slug="broken",
            authors=(content.member("no-such-member"),),
        )
        pieces = [content.COMMENTARIES[0], broken]
        with (
            small_demo(),
            mock.patch.object(content, "OUTLETS", content.OUTLETS),
            mock.patch.object(content, "COMMENTARIES", pieces),
            self.assertRaises(KeyError),
        ):
            load()
        for model in (Member, Outlet, Commentary, Image, User):
            self.assertFalse(model.objects.exists(), model.__name__)
        self.assertEqual(media_files(self.media_root), [])

    def test_missing_group_is_a_command_error(self):
        """Without the Editors group the command says to migrate and writes nothing."""
        Group.objects.filter(name="Editors").delete()
        with small_demo(), self.assertRaisesMessage(CommandError, "migrate"):
            load()
        self.assertFalse(User.objects.exists())

    def test_missing_category_is_a_command_error(self):
        """A deleted membership category is named in the error."""
        MembershipCategory.objects.filter(slug="board").delete()
        with small_demo(), self.assertRaisesMessage(CommandError, "board"):
            load()
        self.assertFalse(User.objects.exists())

    @override_settings(PRODUCTION=True)
    def test_refuses_to_run_in_production(self):
        """Demo pieces are never published on a production site."""
        with small_demo(), self.assertRaisesMessage(CommandError, "production"):
            load()
        self.assertFalse(Member.objects.exists())

    def test_quiet_run_prints_only_new_passwords(self):
        """At verbosity 0 only a new account's password is printed, once."""
        with small_demo():
            first = load(verbosity=0)
            second = load(verbosity=0)
        self.assertTrue(password_for(first, "editor"))
        self.assertTrue(password_for(first, "contributor"))
        self.assertNotIn("Demo content:", first)
        self.assertEqual(second, "")

    def test_passwords_are_letters_and_digits_and_the_sign_in_address_is_given(self):
        """No password starts with "-" (pasted, it would read as an option); the
        sign-in address is the one `make run` serves (--site-url)."""
        with small_demo():
            output = load(verbosity=0, site_url="http://127.0.0.1:8101/")
        for username in ("editor", "contributor"):
            self.assertRegex(password_for(output, username), r"^[A-Za-z0-9]{22}$")
        self.assertIn("Sign in at http://127.0.0.1:8101/admin/", output)
        self.assertNotIn(":8000", output)

    def test_an_existing_editor_account_is_left_alone(self):
        """A user already called editor keeps its password and groups."""
        User.objects.create_user("editor", password="kept-password-123")
        with small_demo():
            output = load()
        self.assertIsNone(password_for(output, "editor"))
        self.assertIn("“editor” already exists", output)
        self.assertTrue(password_for(output, "contributor"))
        editor = User.objects.get(username="editor")
        self.assertTrue(editor.check_password("kept-password-123"))
        self.assertFalse(editor.groups.exists())
        self.assertEqual(Commentary.objects.get().created_by, editor)

    def test_a_deleted_piece_comes_back_with_its_existing_image(self):
        """A rerun recreates a deleted demo piece but reuses its drawn image."""
        with small_demo(with_picture=True):
            load()
            files = media_files(self.media_root)
            image = Commentary.objects.get().image
            Commentary.objects.all().delete()
            output = load()
        self.assertIn("(created 1, already there 2)", output)
        self.assertEqual(Commentary.objects.get().image, image)
        self.assertEqual(Image.objects.count(), 1)
        self.assertEqual(media_files(self.media_root), files)
