"""Where a login lands (issue 14, item 12): a refused `?next=` used to send a
signed-in editor to /accounts/profile/, a 404; it lands on the admin."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_user

PASSWORD = "correct-horse-battery"


class LoginRedirectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(username="editor", password=PASSWORD)

    def log_in(self, next_url=None):
        data = {"username": "editor", "password": PASSWORD}
        if next_url is not None:
            data["next"] = next_url
        return self.client.post(reverse("admin:login"), data)

    def test_an_outside_next_is_refused_and_the_login_lands_on_the_admin(self):
        """?next= to another site is not followed: the admin's index instead."""
        for next_url in (
            "https://evil.example/",
            "//evil.example/admin/",
            "http://testserver.evil.example/",
            "javascript:alert(1)",
        ):
            with self.subTest(next=next_url):
                self.client.logout()
                response = self.log_in(next_url)
                self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
                self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_a_local_next_is_still_followed(self):
        response = self.log_in("/admin/articles/commentary/")
        self.assertRedirects(
            response, "/admin/articles/commentary/", fetch_redirect_response=False
        )

    def test_the_default_landing_page_is_the_admin(self):
        """LOGIN_REDIRECT_URL, used by every login view, answers (no 404)."""
        self.assertEqual(resolve_url(settings.LOGIN_REDIRECT_URL), "/admin/")
