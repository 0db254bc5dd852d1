"""Holes closed in the admin: history pages, group permissions, redirects."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from reversion import revisions as reversion
from reversion.models import Version

from articles.models import Commentary
from core.models import Redirect
from tests.factories import make_commentary, make_user


class HistoryPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.contributor = make_user(groups=["Contributors"])
        cls.editor = make_user(groups=["Editors"])

    def test_reversions_own_revision_page_leads_to_the_checked_compare_page(self):
        """Nobody reverts a piece through django-reversion's unchecked page."""
        piece = make_commentary(status="draft", authors=["A"])
        with reversion.create_revision():
            piece.save()
        version = Version.objects.get_for_object(piece).first()
        self.client.force_login(self.contributor)
        url = reverse("admin:articles_commentary_revision", args=[piece.pk, version.pk])
        response = self.client.post(url, {"title": "Sneaky"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/compare/", response["Location"])
        piece.refresh_from_db()
        self.assertNotEqual(piece.title, "Sneaky")

    def test_contributors_cannot_recover_deleted_pieces(self):
        """Recovering may republish: only those who may publish do it."""
        piece = make_commentary(title="Deleted live piece", authors=["A"])
        with reversion.create_revision():
            piece.save()
        version = Version.objects.get_for_object(piece).first()
        piece.delete()
        url = reverse("admin:articles_commentary_recover", args=[version.pk])
        self.client.force_login(self.contributor)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.assertFalse(Commentary.objects.filter(title="Deleted live piece").exists())


class GroupPermissionTests(TestCase):
    def test_admins_cannot_give_their_group_new_permissions(self):
        """The permissions of a group are read-only to non-superusers."""
        admin_user = make_user(groups=["Admins"])
        group = Group.objects.get(name="Admins")
        before = set(group.permissions.values_list("pk", flat=True))
        self.client.force_login(admin_user)
        url = reverse("admin:auth_group_change", args=[group.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        everything = list(Permission.objects.values_list("pk", flat=True))
        self.client.post(url, {"name": "Admins", "permissions": everything})
        self.assertEqual(set(group.permissions.values_list("pk", flat=True)), before)


class RedirectSafetyTests(TestCase):
    def test_redirects_cannot_lead_off_the_site(self):
        """'//host/' and '/\\host' are refused, and never served."""
        for target in ("//evil.example/", "/\\evil.example/"):
            with self.subTest(target):
                with self.assertRaises(ValidationError):
                    Redirect(old_path="/old/", new_path=target).full_clean()
        Redirect.objects.create(old_path="/gone/", new_path="//evil.example/")
        self.assertEqual(self.client.get("/gone/").status_code, 404)
