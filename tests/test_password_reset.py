"""Password reset for staff (issue 14, item 9): Django's own views with the
admin's look, the link by mail (Django's outbox here; a real SMTP server in
tests/system/test_password_reset_smtp.py)."""

import re

from django.conf import settings
from django.core import mail
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from fulcrum.settings import email_mailer
from tests.factories import make_user

OLD = "correct-horse-battery"
NEW = "Hanoi-Seoul-Canberra-2031"
RESET = "/admin/password_reset/"
LINK = re.compile(r"http://testserver(/admin/reset/[^/\s]+/[^/\s]+/)")


class PasswordResetFlowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(
            username="hoang", email="Hoang@apln.example", password=OLD
        )

    def request_reset(self, email, **extra):
        return self.client.post(RESET, {"email": email}, **extra)

    def reset_link(self, message):
        match = LINK.search(message.body)
        self.assertIsNotNone(match, message.body)
        return match.group(1)

    def log_in(self, password, address="203.0.113.7"):
        self.client.logout()
        return self.client.post(
            reverse("admin:login"),
            {"username": "hoang", "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def test_the_login_page_offers_the_reset(self):
        """Django's admin login shows its link once admin_password_reset exists."""
        response = self.client.get(reverse("admin:login"))
        self.assertContains(response, f'href="{RESET}"')
        self.assertContains(response, "Forgotten your login credentials?")

    def test_the_pages_have_the_admins_look(self):
        response = self.client.get(RESET)
        self.assertContains(response, "Password reset")
        self.assertContains(response, admin_header())
        self.assertNotContains(response, "Django administration")
        self.assertTemplateUsed(response, "admin/base_site.html")

    def test_the_whole_flow_request_mail_new_password_login(self):
        """Ask, get the mail, follow its link, set a password, sign in with it."""
        response = self.request_reset("hoang@APLN.example")
        self.assertRedirects(response, "/admin/password_reset/done/")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["Hoang@apln.example"])
        self.assertIn(settings.SITE_NAME, message.subject)
        self.assertIn("hoang", message.body)  # The username, if forgotten too.
        link = self.reset_link(message)

        # The link leads to the form (Django moves the token into the session).
        response = self.client.get(link, follow=True)
        self.assertContains(response, "Enter new password")
        self.assertContains(response, admin_header())
        form_url = response.redirect_chain[-1][0]
        response = self.client.post(
            form_url, {"new_password1": NEW, "new_password2": NEW}
        )
        self.assertRedirects(response, "/admin/reset/done/")
        done = self.client.get("/admin/reset/done/")
        self.assertContains(done, "Your password has been set.")
        self.assertContains(done, f'href="{reverse("admin:login")}"')

        self.assertRedirects(self.log_in(NEW), "/admin/", fetch_redirect_response=False)
        self.assertContains(self.log_in(OLD), "Please enter the correct username")

        # A link works once.
        self.client.logout()
        response = self.client.get(link, follow=True)
        self.assertContains(response, "The password reset link was invalid")

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self):
        """Whether an account exists is not revealed."""
        known = self.request_reset("hoang@apln.example")
        mail.outbox.clear()
        unknown = self.request_reset("nobody@apln.example")
        self.assertEqual(mail.outbox, [])
        self.assertEqual(
            (unknown.status_code, unknown["Location"]),
            (known.status_code, known["Location"]),
        )
        done = self.client.get(unknown["Location"])
        self.assertContains(done, "if an account exists with the email you entered")

    def test_only_active_staff_with_a_password_get_mail(self):
        reader = make_user(email="reader@apln.example")
        reader.is_staff = False
        reader.save()
        gone = make_user(email="gone@apln.example", is_active=False)
        unusable = make_user(email="sso@apln.example")
        unusable.set_unusable_password()
        unusable.save()
        for user in (reader, gone, unusable):
            self.request_reset(user.email)
        self.assertEqual(mail.outbox, [])

    def test_a_reset_lifts_the_users_login_lockout(self):
        """Locked out by forgetting, then reset: the new password signs in."""
        for _ in range(5):
            self.log_in("wrong")
        self.assertEqual(self.log_in(OLD).status_code, 429)
        self.request_reset("hoang@apln.example")
        response = self.client.get(self.reset_link(mail.outbox[0]), follow=True)
        self.client.post(
            response.redirect_chain[-1][0],
            {"new_password1": NEW, "new_password2": NEW},
        )
        self.assertRedirects(self.log_in(NEW), "/admin/", fetch_redirect_response=False)

    def test_reset_mail_is_limited_per_address_and_per_client(self):
        """Past the limits the answer is the same page, but no more mail."""
        answers = {
            self.request_reset("hoang@apln.example")["Location"] for _ in range(5)
        }
        self.assertEqual(answers, {"/admin/password_reset/done/"})
        self.assertEqual(len(mail.outbox), 3)
        # From one client, at most ten requests an hour, whatever the address.
        mail.outbox.clear()
        for n in range(12):
            self.request_reset(f"someone{n}@apln.example", REMOTE_ADDR="198.51.100.4")
        other = make_user(email="other@apln.example")
        self.request_reset(other.email, REMOTE_ADDR="198.51.100.4")
        self.assertEqual(mail.outbox, [])
        self.request_reset(other.email, REMOTE_ADDR="198.51.100.5")
        self.assertEqual(len(mail.outbox), 1)


def admin_header():
    from django.contrib import admin

    return f">{admin.site.site_header}</a>"


class EmailSettingsTests(SimpleTestCase):
    """EMAIL_URL names the mail server; development prints mail on the console."""

    def test_smtp_urls(self):
        self.assertEqual(
            email_mailer("smtp+tls://fulcrum%40apln.example:p%2Fss@mail.example:2525"),
            {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": "mail.example",
                    "port": 2525,
                    "username": "fulcrum@apln.example",
                    "password": "p/ss",
                    "use_tls": True,
                    "use_ssl": False,
                    "timeout": 10,
                },
            },
        )
        plain = email_mailer("smtp://127.0.0.1")["OPTIONS"]
        self.assertEqual(
            (plain["port"], plain["use_tls"], plain["use_ssl"]), (25, False, False)
        )
        ssl = email_mailer("smtp+ssl://mail.example")["OPTIONS"]
        self.assertEqual(
            (ssl["port"], ssl["use_tls"], ssl["use_ssl"]), (465, False, True)
        )
        self.assertEqual(
            email_mailer("smtp+tls://mail.example")["OPTIONS"]["port"], 587
        )

    def test_console(self):
        self.assertEqual(
            email_mailer("console://"),
            {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
        )

    def test_bad_urls_are_refused(self):
        from django.core.exceptions import ImproperlyConfigured

        for url in ("http://mail.example", "mail.example:25", "smtp://", "smtp://h:x"):
            with self.subTest(url=url), self.assertRaises(ImproperlyConfigured):
                email_mailer(url)
