"""Content Security Policy: enforced on every answer, public and admin, with no
inline script or style on any page, and a nonce only where the admin needs one."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import TestCase
from django.urls import reverse

from tests.factories import (
    audit_html,
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
)

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Content-Security-Policy"
DIRECTIVES = {
    "default-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response):
    """The enforced policy as {directive: "values"}."""
    header = response[HEADER]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";"))


def nonce_of(response):
    match = re.search(r"'nonce-([^']+)'", response[HEADER])
    return match.group(1) if match else None


class PolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(name="Chung-in Moon", bio="Adviser on Korea.")
        cls.outlet = make_outlet(name="The Korea Herald")
        cls.image = make_image(alt_text="Delegates in the plenary hall")
        cls.piece = make_commentary(
            title="A nuclear-weapon-free Korean peninsula",
            authors=[cls.member, "Outside Author"],
            outlet=cls.outlet,
            image=cls.image,
            tags=["Korean Peninsula"],
        )
        cls.editor = make_user(is_superuser=True)

    def public_urls(self):
        return [
            "/",
            "/commentaries/",
            "/commentaries/?tag=korean-peninsula",
            self.piece.get_absolute_url(),
            "/members/",
            self.member.get_absolute_url(),
            self.outlet.get_absolute_url(),
            reverse("articles:tag-detail", args=["korean-peninsula"]),
            "/search/?q=korean",
        ]

    def admin_urls(self):
        return [
            "/admin/",
            "/admin/articles/commentary/",
            "/admin/articles/commentary/add/",
            f"/admin/articles/commentary/{self.piece.pk}/change/",
            f"/admin/articles/commentary/{self.piece.pk}/history/",
            f"/admin/articles/commentary/{self.piece.pk}/delete/",
            "/admin/members/member/add/",
            f"/admin/members/member/{self.member.pk}/change/",
            "/admin/images/image/add/",
            f"/admin/images/image/{self.image.pk}/change/",
            "/admin/articles/outlet/",
            "/admin/taggit/tag/",
        ]

    def assertStrictPolicy(self, response):
        directives = policy(response)
        for name, value in DIRECTIVES.items():
            self.assertEqual(directives.get(name), value, name)
        nonce = nonce_of(response)
        for name in ("script-src", "style-src"):
            allowed = ["'self'"] + ([f"'nonce-{nonce}'"] if nonce else [])
            self.assertEqual(directives[name].split(), allowed, name)
        self.assertEqual(directives["img-src"].split()[:2], ["'self'", "data:"])
        self.assertNotIn("unsafe-inline", response[HEADER])
        self.assertNotIn("unsafe-eval", response[HEADER])
        self.assertNotIn(f"{HEADER}-Report-Only", response)

    def test_public_pages_carry_the_strict_policy_without_a_nonce(self):
        """Cached pages are shared, so no nonce may be in them or their header."""
        for url in self.public_urls():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertStrictPolicy(response)
                self.assertIsNone(nonce_of(response))
                self.assertEqual(policy(response)["script-src"], "'self'")
                self.assertNotIn(b"nonce", response.content)

    def test_public_pages_have_no_inline_script_style_or_handler(self):
        """Only JSON-LD data may sit inline; no style= and no on*= anywhere."""
        for url in self.public_urls():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(audit_html(response.content), [])

    def test_summary_page_keeps_its_structured_data_as_json(self):
        """JSON-LD is data, not script: it stays, and it parses."""
        response = self.client.get(self.piece.get_absolute_url())
        self.assertContains(response, '<script type="application/ld+json">')
        self.assertEqual(audit_html(response.content), [])

    def test_a_missing_page_carries_the_policy(self):
        """The 404 page is protected like any other."""
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertStrictPolicy(response)
        self.assertEqual(audit_html(response.content), [])

    def test_static_files_carry_the_policy(self):
        """WhiteNoise's answers come after the policy middleware too."""
        response = self.client.get("/static/css/site.css")
        self.assertEqual(response.status_code, 200)
        self.assertStrictPolicy(response)

    def test_admin_login_carries_the_policy(self):
        """The login page, before anyone signs in."""
        response = self.client.get(reverse("admin:login"))
        self.assertStrictPolicy(response)
        self.assertEqual(audit_html(response.content, nonce_of(response)), [])

    def test_admin_pages_carry_the_policy_and_nonce_their_inline_code(self):
        """Every inline script or style in the admin has the page's nonce."""
        self.client.force_login(self.editor)
        for url in self.admin_urls():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertStrictPolicy(response)
                nonce = nonce_of(response)
                self.assertIn(f"'nonce-{nonce}'", policy(response)["script-src"])
                self.assertEqual(audit_html(response.content, nonce), [])

    def test_the_prose_editors_import_map_carries_the_nonce(self):
        """django-prose-editor's inline import map runs only thanks to the nonce."""
        self.client.force_login(self.editor)
        url = f"/admin/articles/commentary/{self.piece.pk}/change/"
        response = self.client.get(url)
        nonce = nonce_of(response)
        self.assertIsNotNone(nonce)
        self.assertContains(response, f'<script type="importmap" nonce="{nonce}">')
        # Tiptap reuses this empty style element instead of injecting one.
        self.assertContains(response, f'<style data-tiptap-style nonce="{nonce}">')

    def test_each_admin_answer_has_its_own_nonce(self):
        """A nonce is never reused between two answers."""
        self.client.force_login(self.editor)
        url = "/admin/articles/commentary/add/"
        first = nonce_of(self.client.get(url))
        second = nonce_of(self.client.get(url))
        self.assertNotEqual(first, second)

    def test_audit_catches_what_the_policy_forbids(self):
        """The HTML check itself fails on inline code, handlers and styles."""
        bad = (
            "<p style='color:red'>x</p><img src=x onerror=alert(1)>"
            "<script>alert(1)</script><a href=' javascript:alert(1)'>a</a>"
            "<svg></svg><script type='application/ld+json'>{oops</script>"
        )
        problems = audit_html(bad)
        self.assertEqual(len(problems), 7, problems)


def img_src_with(**env):
    """The img-src directive of settings loaded with env in a fresh process."""
    code = (
        "import django.conf, django.utils.csp as c;"
        "print(c.build_policy({'img-src': "
        "django.conf.settings.SECURE_CSP['img-src']}))"
    )
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "fulcrum.settings", **env}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_images_may_come_from_object_storage_when_media_live_there():
    """With S3 media, img-src names the media host, and only then."""
    assert img_src_with() == "img-src 'self' data:"
    assert img_src_with(
        AWS_STORAGE_BUCKET_NAME="media", AWS_S3_CUSTOM_DOMAIN="media.apln.network"
    ) == ("img-src 'self' data: https://media.apln.network")
    assert img_src_with(
        AWS_STORAGE_BUCKET_NAME="media", AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000"
    ) == ("img-src 'self' data: http://127.0.0.1:9000")
