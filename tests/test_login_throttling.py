"""Login throttling for the admin (django-axes): five wrong passwords lock a
username on one address out for a while, even with the right password."""

import datetime

from axes.models import AccessAttempt
from django.db.models import F
from django.test import TestCase, override_settings
from django.urls import reverse

from tests.factories import make_user

PASSWORD = "correct-horse-battery"
LOGIN = reverse("admin:login")


class LoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(username="editor", password=PASSWORD)
        cls.other = make_user(username="other", password=PASSWORD)

    def log_in(self, username, password, address="203.0.113.7", **headers):
        self.client.logout()
        return self.client.post(
            LOGIN,
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
            headers=headers,
        )

    def fail(self, times, username="editor", address="203.0.113.7"):
        """Wrong passwords: the form says so, until the fifth locks out."""
        for attempt in range(1, times + 1):
            response = self.log_in(username, "wrong password", address)
            if attempt < 5:
                self.assertContains(response, "Please enter the correct username")
            else:
                self.assertLockedOut(response)

    def age_attempts(self, minutes):
        """Move the failed attempts back in time, as the clock would."""
        AccessAttempt.objects.update(
            attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes)
        )

    def assertSignedIn(self, response):
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def assertLockedOut(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed logins", status_code=429)
        self.assertContains(response, "Try again in 15 minutes", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_sixth_attempt_with_the_right_password_is_refused_after_five_failures(
        self,
    ):
        """Five wrong passwords, then the right one: the lockout page, 429."""
        self.fail(5)
        self.assertLockedOut(self.log_in("editor", PASSWORD))

    def test_four_failures_still_let_the_right_password_in(self):
        """The limit is five: a fourth mistake is not yet a lockout."""
        self.fail(4)
        self.assertSignedIn(self.log_in("editor", PASSWORD))

    def test_another_user_and_another_address_are_not_locked_out(self):
        """The lock holds one username on one address, nothing else."""
        self.fail(5)
        self.assertSignedIn(self.log_in("other", PASSWORD))
        self.assertSignedIn(self.log_in("editor", PASSWORD, address="198.51.100.4"))
        self.assertLockedOut(self.log_in("editor", PASSWORD))

    def test_login_works_again_after_the_cool_off(self):
        """Fifteen minutes later the right password signs in again."""
        self.fail(5)
        self.age_attempts(minutes=16)
        self.assertSignedIn(self.log_in("editor", PASSWORD))

    def test_lockout_lasts_through_most_of_the_cool_off(self):
        """Fourteen minutes later the lock still holds."""
        self.fail(5)
        self.age_attempts(minutes=14)
        self.assertLockedOut(self.log_in("editor", PASSWORD))

    def test_a_successful_login_resets_the_count(self):
        """Four failures, a success, four more: still not locked out."""
        self.fail(4)
        self.assertSignedIn(self.log_in("editor", PASSWORD))
        self.fail(4)
        self.assertSignedIn(self.log_in("editor", PASSWORD))

    def test_an_admin_unlocks_an_account_by_deleting_its_access_attempt(self):
        """The admin lists the lockout; deleting the record lifts it."""
        self.fail(5)
        attempt = AccessAttempt.objects.get(username="editor")
        self.assertEqual(attempt.ip_address, "203.0.113.7")
        admin = make_user(is_superuser=True)
        self.client.force_login(admin)
        changelist = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertContains(changelist, "203.0.113.7")
        self.client.post(
            reverse("admin:axes_accessattempt_delete", args=[attempt.pk]),
            {"post": "yes"},
        )
        self.assertSignedIn(self.log_in("editor", PASSWORD))

    def test_forwarded_for_is_ignored_without_a_trusted_proxy(self):
        """A client cannot dodge the lock by sending X-Forwarded-For."""
        self.fail(5)
        response = self.log_in("editor", PASSWORD, x_forwarded_for="192.0.2.99")
        self.assertLockedOut(response)

    @override_settings(FORWARDED_ALLOW_IPS=["10.0.0.2"])
    def test_behind_a_trusted_proxy_the_client_address_is_forwarded_for(self):
        """With one proxy, the lock follows the address the proxy saw."""
        proxy = "10.0.0.2"
        for _ in range(5):
            self.client.post(
                LOGIN,
                {"username": "editor", "password": "wrong"},
                REMOTE_ADDR=proxy,
                headers={"x-forwarded-for": "192.0.2.1, 203.0.113.7"},
            )
        attempt = AccessAttempt.objects.get(username="editor")
        self.assertEqual(attempt.ip_address, "203.0.113.7")
        locked = self.log_in(
            "editor", PASSWORD, address=proxy, x_forwarded_for="203.0.113.7"
        )
        self.assertLockedOut(locked)
        # A forged left-hand entry changes nothing: the proxy's entry counts.
        forged = self.log_in(
            "editor", PASSWORD, address=proxy, x_forwarded_for="1.2.3.4, 203.0.113.7"
        )
        self.assertLockedOut(forged)
        elsewhere = self.log_in(
            "editor", PASSWORD, address=proxy, x_forwarded_for="198.51.100.4"
        )
        self.assertSignedIn(elsewhere)
