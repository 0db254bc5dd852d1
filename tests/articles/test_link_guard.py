"""check_links never requests internal addresses (issue 14, item 10).

A piece whose full-article URL was http://127.0.0.1:8000/admin/, or an outside
URL redirecting there, used to be requested, its status and final URL shown
in the admin. Now the link checker goes through the address guard
(core.fetching) at every hop, and the admin shows why a link was refused.

The "public" host news.test is played by a server on 127.0.0.1 through a
fake resolver, allowed by name; every connection stays on the loopback
(tests/netguard.py).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.linkcheck import LinkChecker
from articles.models import Commentary
from tests.factories import make_commentary, make_user
from tests.netguard import fake_dns, loopback_only

TIMEOUT = 2


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.server.seen.append((self.command, self.headers["Host"], self.path))
        port = self.server.server_address[1]
        match self.path:
            case "/ok":
                self.reply(200)
            case "/to-loopback":
                self.reply(302, f"http://127.0.0.1:{port}/ok")
            case "/to-mapped-loopback":
                self.reply(302, f"http://[::ffff:127.0.0.1]:{port}/ok")
            case "/to-metadata":
                self.reply(301, "http://metadata.test/latest/meta-data/")
            case "/to-intranet":
                self.reply(307, "https://intranet.test/wiki")
            case "/to-news":
                self.reply(302, f"http://news.test:{port}/ok")
            case _:
                self.reply(404)

    do_GET = do_HEAD

    def reply(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


DNS = {
    "news.test": "127.0.0.1",
    "metadata.test": "169.254.169.254",
    "intranet.test": "10.20.30.40",
}


class LinkGuardTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.server.daemon_threads = True
        cls.port = cls.server.server_address[1]
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join()
        super().tearDownClass()

    def setUp(self):
        self.server.seen = []

    def local(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def news(self, path):
        return f"http://news.test:{self.port}{path}"

    def check(self, url):
        with fake_dns(DNS):
            return LinkChecker(timeout=TIMEOUT).check(url)

    def test_a_local_server_is_refused_by_default(self):
        """Nothing is sent; the reason is the link's error, with no status."""
        result = self.check(self.local("/ok"))
        self.assertIsNone(result.status)
        self.assertTrue(result.is_broken)
        self.assertEqual(
            result.error,
            "Refused: 127.0.0.1 is a loopback address, not on the public "
            "internet (FETCH_ALLOWED_HOSTS lets a host through).",
        )
        self.assertEqual(self.server.seen, [])

    @override_settings(FETCH_ALLOWED_HOSTS=["127.0.0.1"])
    def test_a_local_server_is_checked_when_listed(self):
        result = self.check(self.local("/ok"))
        self.assertEqual((result.status, result.error), (200, ""))

    def test_literal_internal_addresses_are_refused(self):
        for url in (
            f"http://[::1]:{self.port}/ok",
            f"http://[::ffff:127.0.0.1]:{self.port}/ok",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.8/",
            "http://[fc00::8]/",
        ):
            with self.subTest(url=url):
                result = self.check(url)
                self.assertIsNone(result.status)
                self.assertTrue(result.error.startswith("Refused: "), result.error)
        self.assertEqual(self.server.seen, [])

    @override_settings(FETCH_ALLOWED_HOSTS=["news.test"])
    def test_a_redirect_to_an_internal_address_is_refused_at_the_hop(self):
        """The allowed host is asked; where it points is vetted before asking."""
        for path, final, reason in (
            ("/to-loopback", self.local("/ok"), "127.0.0.1 is a loopback address"),
            (
                "/to-mapped-loopback",
                f"http://[::ffff:127.0.0.1]:{self.port}/ok",
                "::ffff:127.0.0.1 is a loopback address written as IPv6",
            ),
            (
                "/to-metadata",
                "http://metadata.test/latest/meta-data/",
                "metadata.test (169.254.169.254) is a link-local address",
            ),
            (
                "/to-intranet",
                "https://intranet.test/wiki",
                "intranet.test (10.20.30.40) is a private address",
            ),
        ):
            with self.subTest(path=path):
                self.server.seen = []
                result = self.check(self.news(path))
                self.assertIsNone(result.status)
                self.assertIn(f"Refused: {reason}", result.error)
                self.assertEqual(result.final_url, final)
                # Only the first hop was asked, by its own name.
                self.assertEqual(
                    self.server.seen, [("HEAD", f"news.test:{self.port}", path)]
                )

    @override_settings(FETCH_ALLOWED_HOSTS=["news.test"])
    def test_a_redirect_between_allowed_hosts_is_followed(self):
        result = self.check(self.news("/to-news"))
        self.assertEqual((result.status, result.error), (200, ""))
        self.assertEqual(result.final_url, self.news("/ok"))

    def test_the_command_records_the_refusal_and_the_admin_shows_it(self):
        piece = make_commentary(
            title="Loopback", full_article_url=self.local("/admin/")
        )
        out = StringIO()
        with fake_dns(DNS), self.assertRaises(CommandError) as failed:
            call_command("check_links", f"--timeout={TIMEOUT}", stdout=out)
        self.assertEqual(failed.exception.returncode, 1)
        self.assertEqual(self.server.seen, [])
        self.assertIn(
            f"BROKEN ---  {self.local('/admin/')} (Refused: 127.0.0.1 is a "
            "loopback address",
            out.getvalue(),
        )
        piece = Commentary.objects.get(pk=piece.pk)
        self.assertIsNone(piece.link_status)
        self.assertTrue(piece.link_error.startswith("Refused: "))

        self.client.force_login(make_user(groups=["Editors"]))
        with loopback_only():
            response = self.client.get(
                reverse("admin:articles_commentary_change", args=[piece.pk])
            )
        self.assertContains(
            response, "Broken: Refused: 127.0.0.1 is a loopback address"
        )
        self.assertNotContains(response, "HTTP 200")
        self.assertNotContains(response, "Working:")
