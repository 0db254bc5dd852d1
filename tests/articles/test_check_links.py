"""manage.py check_links, against a small HTTP server on this machine."""

import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.linkcheck import LinkChecker, interleave_by_host
from articles.models import Commentary
from tests.factories import make_commentary, make_user

TIMEOUT = 0.5


class Handler(BaseHTTPRequestHandler):
    """Answers by path: /ok, /moved, /missing, /gone, /slow, /reset..."""

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head):
        self.server.seen.append((self.command, self.path))
        match self.path:
            case "/ok" | "/ok?page=2":
                self.reply(200)
            case "/moved":
                self.reply(301, location="/ok")
            case "/hop1":
                self.reply(302, location=f"http://127.0.0.1:{self.server.port}/moved")
            case "/missing":
                self.reply(404)
            case "/gone":
                self.reply(410)
            case "/no-head":
                self.reply(405 if head else 200)
            case "/loop":
                self.reply(301, location="/loop")
            case "/to-ftp":
                self.reply(301, location="ftp://example.org/file")
            case "/slow":
                # Answer only once the test is over: well past the timeout.
                self.server.release.wait(10)
                self.reply(200)
            case "/reset":
                # Close at once with a TCP reset, without answering.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
                self.close_connection = True
            case _:
                self.reply(500)

    def reply(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass  # Keep the test output clean.


class LocalServerMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.server.daemon_threads = True
        cls.server.port = cls.server.server_address[1]
        cls.server.seen = []
        cls.server.release = threading.Event()
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.release.set()
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join()
        super().tearDownClass()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.port}{path}"


# The server is on the loopback, which the address guard refuses unless listed
# (tests/articles/test_link_guard.py tests the refusals).
@override_settings(FETCH_ALLOWED_HOSTS=["127.0.0.1"])
class LinkCheckerTests(LocalServerMixin, TestCase):
    """The checker's answer for each kind of server behaviour."""

    def check(self, path):
        return LinkChecker(timeout=TIMEOUT).check(self.url(path))

    def test_a_working_link_answers_200_at_its_own_address(self):
        """200: not broken, and the final address is the link itself."""
        result = self.check("/ok")
        self.assertEqual((result.status, result.error), (200, ""))
        self.assertEqual(result.final_url, self.url("/ok"))
        self.assertFalse(result.is_broken)

    def test_redirects_are_followed_to_the_final_address(self):
        """302 then 301 then 200: working, with the address it ends at."""
        result = self.check("/hop1")
        self.assertEqual(result.status, 200)
        self.assertEqual(result.final_url, self.url("/ok"))
        self.assertFalse(result.is_broken)

    def test_404_and_410_are_broken(self):
        """Missing and gone pages are broken links, with their status."""
        for path, status in (("/missing", 404), ("/gone", 410)):
            with self.subTest(path=path):
                result = self.check(path)
                self.assertEqual(result.status, status)
                self.assertTrue(result.is_broken)

    def test_get_is_tried_when_head_is_refused(self):
        """A server refusing HEAD (405) is asked again with GET."""
        result = self.check("/no-head")
        self.assertEqual(result.status, 200)
        self.assertIn(("GET", "/no-head"), self.server.seen)

    def test_a_slow_server_times_out(self):
        """No answer within the timeout is an error, not a hang."""
        result = self.check("/slow")
        self.assertIsNone(result.status)
        self.assertEqual(result.error, f"No answer within {TIMEOUT:g} s.")
        self.assertTrue(result.is_broken)

    def test_a_reset_connection_is_reported(self):
        """A connection closed without an answer is an error."""
        result = self.check("/reset")
        self.assertIsNone(result.status)
        self.assertEqual(
            result.error, "The server closed the connection without answering."
        )

    def test_a_redirect_loop_stops_after_five_redirects(self):
        """Endless redirects are broken after the limit."""
        result = self.check("/loop")
        self.assertEqual(result.error, "More than 5 redirects.")
        self.assertEqual(self.server.seen.count(("HEAD", "/loop")), 6)

    def test_a_redirect_to_another_scheme_is_not_followed(self):
        """Only http(s) addresses are requested, even after a redirect."""
        result = self.check("/to-ftp")
        self.assertEqual(result.error, "Not a web address (http or https).")
        self.assertEqual(result.final_url, "ftp://example.org/file")

    def test_a_closed_port_is_refused(self):
        """Nothing listening: connection refused."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        result = LinkChecker(timeout=TIMEOUT).check(f"http://127.0.0.1:{port}/")
        self.assertEqual(result.error, "Connection refused.")


class LimitTests(TestCase):
    """Politeness: few requests per host, hosts taken in turn."""

    def test_a_host_gets_at_most_per_host_requests_at_a_time(self):
        """The third slot for one host is not free while two are held."""
        checker = LinkChecker(per_host=2)
        with checker.host_slot("example.org"), checker.host_slot("example.org"):
            self.assertFalse(checker.host_slots["example.org"].acquire(blocking=False))
            # Another host is not held up by the first.
            self.assertTrue(checker.host_slots["example.com"].acquire(blocking=False))
        self.assertTrue(checker.host_slots["example.org"].acquire(blocking=False))

    def test_links_are_taken_one_host_after_another(self):
        """Workers spread over hosts instead of queueing for one."""
        urls = [
            "https://a.example/1",
            "https://a.example/2",
            "https://a.example/3",
            "https://b.example/1",
            "https://c.example/1",
        ]
        self.assertEqual(
            interleave_by_host(urls),
            [
                "https://a.example/1",
                "https://b.example/1",
                "https://c.example/1",
                "https://a.example/2",
                "https://a.example/3",
            ],
        )


@override_settings(FETCH_ALLOWED_HOSTS=["127.0.0.1"])
class CheckLinksCommandTests(LocalServerMixin, TestCase):
    """The command records results on each piece, reports, and sets its exit code."""

    def run_command(self, *args):
        out = StringIO()
        try:
            call_command("check_links", f"--timeout={TIMEOUT}", *args, stdout=out)
        except CommandError as err:
            return out.getvalue(), err
        return out.getvalue(), None

    def test_results_are_recorded_and_broken_links_fail_the_command(self):
        """Each piece gets its status, final address, error and check time."""
        pieces = {
            path: make_commentary(
                title=f"Piece {path}", full_article_url=self.url(path)
            )
            for path in ("/ok", "/moved", "/missing", "/gone", "/slow", "/reset")
        }
        output, error = self.run_command()
        self.assertIsNotNone(error)
        self.assertEqual(error.returncode, 1)
        self.assertEqual(str(error), "4 broken links.")
        recorded = {
            path: Commentary.objects.get(pk=piece.pk) for path, piece in pieces.items()
        }
        self.assertEqual(
            {path: (c.link_status, bool(c.link_error)) for path, c in recorded.items()},
            {
                "/ok": (200, False),
                "/moved": (200, False),
                "/missing": (404, False),
                "/gone": (410, False),
                "/slow": (None, True),
                "/reset": (None, True),
            },
        )
        self.assertEqual(recorded["/moved"].link_final_url, self.url("/ok"))
        self.assertTrue(all(c.link_checked_at for c in recorded.values()))
        self.assertIn("Checked 6 links of 6 pieces: 4 broken.", output)
        self.assertIn(f"BROKEN 404  {self.url('/missing')}", output)
        self.assertIn("“Piece /gone”", output)
        self.assertNotIn("/ok", output.replace(self.url("/moved"), ""))

    def test_all_working_exits_0(self):
        """Without broken links the command succeeds and says so."""
        make_commentary(full_article_url=self.url("/ok"))
        make_commentary(full_article_url=self.url("/moved"))
        output, error = self.run_command()
        self.assertIsNone(error)
        self.assertIn("Checked 2 links of 2 pieces: 0 broken.", output)

    def test_only_published_pieces_are_checked_unless_all(self):
        """Drafts are left alone by default and checked with --all."""
        draft = make_commentary(status="draft", full_article_url=self.url("/missing"))
        self.assertEqual(
            self.run_command(), ("Checked 0 links of 0 pieces: 0 broken.\n", None)
        )
        draft.refresh_from_db()
        self.assertIsNone(draft.link_checked_at)
        output, error = self.run_command("--all")
        self.assertEqual(str(error), "1 broken link.")
        draft.refresh_from_db()
        self.assertEqual(draft.link_status, 404)

    def test_one_address_shared_by_two_pieces_is_checked_once(self):
        """Duplicate links cost one request; both pieces get the result."""
        first = make_commentary(full_article_url=self.url("/ok?page=2"))
        second = make_commentary(full_article_url=self.url("/ok?page=2"))
        output, error = self.run_command()
        self.assertIsNone(error)
        self.assertEqual(self.server.seen.count(("HEAD", "/ok?page=2")), 1)
        for piece in (first, second):
            piece.refresh_from_db()
            self.assertEqual(piece.link_status, 200)

    def test_dry_run_reports_but_records_nothing(self):
        """--dry-run checks and exits 1 on broken links, saving nothing."""
        piece = make_commentary(full_article_url=self.url("/gone"))
        output, error = self.run_command("--dry-run")
        self.assertEqual(error.returncode, 1)
        self.assertIn("Dry run: nothing recorded.", output)
        piece.refresh_from_db()
        self.assertIsNone(piece.link_checked_at)
        self.assertIsNone(piece.link_status)

    def test_verbosity_0_prints_only_the_broken_links(self):
        """For cron: nothing printed when all is well."""
        make_commentary(full_article_url=self.url("/ok"))
        out = StringIO()
        call_command("check_links", f"--timeout={TIMEOUT}", verbosity=0, stdout=out)
        self.assertEqual(out.getvalue(), "")

    def test_bad_limits_are_refused(self):
        """Zero workers is an error naming the option."""
        with self.assertRaisesMessage(CommandError, "--per-host must be above 0."):
            call_command("check_links", "--per-host=0", stdout=StringIO())

    def test_admin_filters_pieces_with_broken_links(self):
        """The changelist's link filter finds what the last check found broken."""
        ok = make_commentary(title="Fine", full_article_url=self.url("/ok"))
        missing = make_commentary(
            title="Missing", full_article_url=self.url("/missing")
        )
        reset = make_commentary(title="Reset", full_article_url=self.url("/reset"))
        make_commentary(title="Unchecked", status="draft")
        self.run_command()
        self.client.force_login(make_user(groups=["Editors"]))
        url = reverse("admin:articles_commentary_changelist")
        for value, titles in (
            ("broken", {"Missing", "Reset"}),
            ("ok", {"Fine"}),
            ("unchecked", {"Unchecked"}),
        ):
            with self.subTest(value=value):
                response = self.client.get(url, {"link": value})
                self.assertEqual(
                    {c.title for c in response.context["cl"].result_list}, titles
                )
        response = self.client.get(
            reverse("admin:articles_commentary_change", args=[missing.pk])
        )
        self.assertContains(response, "Broken: HTTP 404")
        response = self.client.get(
            reverse("admin:articles_commentary_change", args=[reset.pk])
        )
        self.assertContains(response, "Broken: The server closed the connection")
        response = self.client.get(
            reverse("admin:articles_commentary_change", args=[ok.pk])
        )
        self.assertContains(response, "Working: HTTP 200")
