"""The address guard (core.fetching, issue 14, item 10): no request to internal
addresses, every address vetted, the connection made to the vetted address.

Every connection in this module stays on the loopback (tests/netguard.py):
refusals are checked with a guard that would fail the test before a packet
left for any other address.
"""

import datetime
import ipaddress
import queue
import socket
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from core.fetching import (
    AddressRefused,
    FetchError,
    connection_for,
    fetch,
    refusal,
    vetted_addresses,
)
from tests.netguard import fake_dns, loopback_only

REFUSED = {
    "127.0.0.1": "a loopback address",
    "127.8.9.10": "a loopback address",
    "::1": "a loopback address",
    "::ffff:127.0.0.1": "a loopback address written as IPv6",
    "2002:7f00:1::1": "a loopback address written as IPv6",  # 6to4
    "64:ff9b::7f00:1": "a loopback address written as IPv6",  # NAT64
    "64:ff9b::a9fe:a9fe": "a link-local address written as IPv6",
    "::ffff:169.254.169.254": "a link-local address written as IPv6",
    "169.254.169.254": "a link-local address",
    "fe80::1": "a link-local address",
    "fd00:ec2::254": "a private address",
    "10.1.2.3": "a private address",
    "172.16.0.1": "a private address",
    "192.168.1.1": "a private address",
    "::ffff:10.0.0.1": "a private address written as IPv6",
    "fc00::1": "a private address",
    "fec0::1": "a site-local address",
    "0.0.0.0": "the unspecified address",
    "::": "the unspecified address",
    "224.0.0.1": "a multicast address",
    "ff02::1": "a multicast address",
    # Refused, for a reason that varies with Python's tables:
    "240.0.0.1": None,  # Reserved.
    "255.255.255.255": None,  # Broadcast.
    "100.64.0.1": None,  # Carrier-grade NAT.
    "192.0.2.1": None,  # Documentation.
    "2001:db8::1": None,  # Documentation.
    "::127.0.0.1": None,  # Deprecated IPv4-compatible.
}
PUBLIC = [
    "93.184.215.14",
    "8.8.8.8",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
]


class RefusalTests(SimpleTestCase):
    def test_internal_addresses_are_refused_with_their_kind(self):
        for text, reason in REFUSED.items():
            with self.subTest(address=text):
                found = refusal(ipaddress.ip_address(text))
                self.assertIsNotNone(found)
                if reason:
                    self.assertEqual(found, reason)

    def test_public_addresses_are_allowed(self):
        for text in PUBLIC:
            with self.subTest(address=text):
                self.assertIsNone(refusal(ipaddress.ip_address(text)))


@override_settings(FETCH_ALLOWED_HOSTS=[])
class VettingTests(SimpleTestCase):
    def refused(self, url):
        with fake_dns(
            {
                "metadata.test": "169.254.169.254",
                "intranet.test": "10.0.0.5",
                "news.test": "93.184.215.14",
                "rebind.test": ["93.184.215.14", "127.0.0.1"],
                "v6.test": "fd00::5",
            }
        ):
            with self.assertRaises(AddressRefused) as refused:
                connection_for(url, timeout=1)
        return str(refused.exception)

    def test_urls_naming_internal_addresses_are_refused_before_connecting(self):
        for url in (
            "http://127.0.0.1:8000/admin/",
            "http://[::1]:8000/admin/",
            "http://[::ffff:127.0.0.1]:8000/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/",
            "https://[fc00::1]/",
            "http://0.0.0.0:8000/",
            "http://[64:ff9b::7f00:1]/",
        ):
            with self.subTest(url=url):
                self.assertIn("Refused:", self.refused(url))

    def test_host_names_are_refused_by_what_they_resolve_to(self):
        self.assertEqual(
            self.refused("http://metadata.test/latest/meta-data/"),
            "Refused: metadata.test (169.254.169.254) is a link-local address, "
            "not on the public internet (FETCH_ALLOWED_HOSTS lets a host through).",
        )
        self.assertIn(
            "(10.0.0.5) is a private address", self.refused("http://intranet.test/")
        )
        self.assertIn(
            "(fd00::5) is a private address", self.refused("https://v6.test/")
        )

    def test_one_internal_address_among_public_ones_refuses_the_host(self):
        """A name that answers both ways cannot pick the internal one later."""
        self.assertIn("(127.0.0.1) is a loopback", self.refused("http://rebind.test/"))

    def test_names_that_resolve_to_the_loopback_by_other_spellings_are_refused(self):
        """127.0.0.1 written as a number is the loopback too."""
        with loopback_only():
            for url in ("http://2130706433/", "http://0x7f.1/", "http://127.1/"):
                with self.subTest(url=url), self.assertRaises(AddressRefused):
                    connection_for(url, timeout=1)

    def test_a_public_address_is_vetted_and_kept(self):
        with fake_dns({"news.test": "93.184.215.14"}):
            connection = connection_for("https://news.test/opinion", timeout=1)
        self.assertEqual(connection.host, "news.test")
        self.assertEqual(
            connection.addresses, [(socket.AF_INET, ("93.184.215.14", 443))]
        )

    def test_only_web_addresses(self):
        with self.assertRaises(ValueError):
            connection_for("file:///etc/passwd", timeout=1)


class AllowedHostsTests(SimpleTestCase):
    def vet(self, host):
        with fake_dns({"intranet.test": "10.0.0.5", "other.test": "10.0.0.6"}):
            return vetted_addresses(host, 80)

    @override_settings(FETCH_ALLOWED_HOSTS=["Intranet.Test."])
    def test_a_listed_name_is_let_through(self):
        self.assertEqual(
            self.vet("intranet.test"), [(socket.AF_INET, ("10.0.0.5", 80))]
        )
        with self.assertRaises(AddressRefused):
            self.vet("other.test")

    @override_settings(FETCH_ALLOWED_HOSTS=["10.0.0.6", "[::1]"])
    def test_a_listed_address_is_let_through_whatever_name_leads_there(self):
        self.assertEqual(self.vet("other.test"), [(socket.AF_INET, ("10.0.0.6", 80))])
        self.assertTrue(self.vet("::1"))
        with self.assertRaises(AddressRefused):
            self.vet("intranet.test")

    @override_settings(FETCH_ALLOWED_HOSTS=["10.0.0.0/24"])
    def test_a_listed_network_is_let_through(self):
        self.assertTrue(self.vet("intranet.test"))
        self.assertTrue(self.vet("other.test"))
        with self.assertRaises(AddressRefused):
            self.vet("10.0.1.1")

    @override_settings(FETCH_ALLOWED_HOSTS=["intranet.test:8080"])
    def test_a_malformed_entry_is_a_configuration_error(self):
        with self.assertRaises(ImproperlyConfigured):
            self.vet("intranet.test")


class Echo(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.hosts.append(self.headers["Host"])
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args):
        pass


def serve(server):
    server.hosts = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


class ConnectionTests(SimpleTestCase):
    """The connection goes to the vetted address; the name stays in the request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        cls.port = cls.server.server_address[1]
        cls.thread = serve(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join()
        super().tearDownClass()

    @override_settings(FETCH_ALLOWED_HOSTS=["news.test"])
    def test_the_vetted_address_is_used_without_a_second_lookup(self):
        """http.client never resolves the name again (fake_dns would fail it)."""
        with fake_dns({"news.test": "127.0.0.1"}):
            connection = connection_for(f"http://news.test:{self.port}/", timeout=2)
            try:
                connection.request("GET", "/")
                self.assertEqual(connection.getresponse().status, 204)
            finally:
                connection.close()
        self.assertEqual(self.server.hosts[-1], f"news.test:{self.port}")

    def test_an_unlisted_local_server_is_refused(self):
        with loopback_only(), self.assertRaises(AddressRefused):
            connection_for(f"http://127.0.0.1:{self.port}/", timeout=2)


def tls_server(handler, **attributes):
    """A local HTTPS server answering as news.test with a self-signed
    certificate, and a client context that trusts it: (server, context)."""
    folder = Path(tempfile.mkdtemp(prefix="fulcrum-tls-"))
    cert, key = self_signed("news.test", folder)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    for name, value in attributes.items():
        setattr(server, name, value)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    return server, ssl.create_default_context(cafile=str(cert))


class TLSTests(SimpleTestCase):
    """Over HTTPS the certificate is checked against the name, not the address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server, cls.client_context = tls_server(Echo)
        cls.port = cls.server.server_address[1]
        cls.thread = serve(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join()
        super().tearDownClass()

    def fetch(self, host):
        names = {"news.test": "127.0.0.1", "impostor.test": "127.0.0.1"}
        with fake_dns(names), override_settings(FETCH_ALLOWED_HOSTS=list(names)):
            connection = connection_for(
                f"https://{host}:{self.port}/", timeout=2, context=self.client_context
            )
            try:
                connection.request("GET", "/")
                return connection.getresponse().status
            finally:
                connection.close()

    def test_the_certificate_of_the_name_is_accepted_at_the_vetted_address(self):
        self.assertEqual(self.fetch("news.test"), 204)
        self.assertEqual(self.server.hosts[-1], f"news.test:{self.port}")

    def test_another_names_certificate_is_refused(self):
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.fetch("impostor.test")


def self_signed(name, folder):
    """A certificate for name and its key, as PEM files in folder."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Tricky(BaseHTTPRequestHandler):
    """Answers a guarded fetch() should refuse, by path."""

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/trickle/":
            # A header a byte at a time, each well within a socket timeout, for
            # far longer than any deadline; the outcome says who stopped first.
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self.wfile.flush()
                for byte in b"X-Slow: " + b"z" * 400:
                    if self.server.release.wait(0.05):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            except OSError:
                self.server.outcomes.put("the client hung up")
            else:
                self.server.outcomes.put("the server finished")
            return
        if path == "/gzip/":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"\x1f\x8b\x08\x00")
            return
        if path == "/many-headers/":
            self.send_response(200)
            for n in range(150):
                self.send_header(f"X-H{n}", "x")
            self.end_headers()
            return
        if path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/to/"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format, *args):
        pass


@override_settings(FETCH_ALLOWED_HOSTS=["news.test"])
class FetchTests(SimpleTestCase):
    """fetch(): each hop vetted, one deadline for the whole exchange, plain bytes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Tricky)
        cls.server.daemon_threads = True
        cls.server.release = threading.Event()
        cls.server.outcomes = queue.Queue()
        cls.port = cls.server.server_address[1]
        cls.thread = serve(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.release.set()
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join()
        super().tearDownClass()

    def fetch(self, path, **kwargs):
        with fake_dns({"news.test": "127.0.0.1"}):
            return fetch(
                f"http://news.test:{self.port}{path}", user_agent="test", **kwargs
            )

    def test_a_plain_page_is_fetched(self):
        self.assertEqual(self.fetch("/page/").body, b"ok")

    def test_a_server_trickling_its_headers_is_cut_off_at_the_deadline(self):
        """Each byte comes well within a read's timeout; the whole is too slow."""
        with self.assertRaisesMessage(FetchError, "No answer within 1 s."):
            self.fetch("/trickle/", timeout=1)
        # Cut off by the client, not by the server running out of bytes.
        self.assertEqual(self.server.outcomes.get(timeout=60), "the client hung up")

    def test_a_compressed_answer_is_refused_rather_than_inflated(self):
        with self.assertRaisesMessage(FetchError, "It came compressed (gzip)"):
            self.fetch("/gzip/")

    def test_an_answer_with_too_many_headers_is_refused(self):
        with self.assertRaisesMessage(FetchError, "got more than 100 headers"):
            self.fetch("/many-headers/")

    def test_a_redirect_to_an_internal_address_however_written_is_refused(self):
        for target, reason in (
            ("http://2130706433/", "a loopback address"),  # 127.0.0.1 in decimal
            ("http://0.0.0.0/", "the unspecified address"),
            ("http://[::ffff:127.0.0.1]/", "a loopback address written as IPv6"),
            ("http://169.254.169.254/latest/", "a link-local address"),
            ("http://[fe80::1]/", "a link-local address"),
            ("http://10.0.0.5:6379/", "a private address"),
        ):
            with self.subTest(target=target):
                resolve = {"2130706433": "127.0.0.1", "news.test": "127.0.0.1"}
                with fake_dns(resolve), self.assertRaisesMessage(FetchError, reason):
                    fetch(
                        f"http://news.test:{self.port}/to/{target}", user_agent="test"
                    )

    def test_a_redirect_to_another_scheme_is_refused(self):
        for target in (
            "file:///etc/passwd",
            "ftp://news.test/x",
            "gopher://news.test:70/",
            "data:text/html,<p>x",
            "javascript:alert(1)",
        ):
            with self.subTest(target=target):
                with self.assertRaisesMessage(FetchError, "Not a web address"):
                    self.fetch(f"/to/{target}")

    def test_an_address_with_a_user_name_is_refused_before_connecting(self):
        for url in (
            f"http://news.test@127.0.0.1:{self.port}/",
            f"http://user:secret@news.test:{self.port}/",
        ):
            with self.subTest(url=url), fake_dns({"news.test": "127.0.0.1"}):
                with self.assertRaisesMessage(FetchError, "a user name or password"):
                    fetch(url, user_agent="test")

    def test_a_redirect_to_an_address_with_a_user_name_is_refused(self):
        with self.assertRaisesMessage(FetchError, "a user name or password"):
            self.fetch(f"/to/http://news.test@127.0.0.1:{self.port}/")

    @override_settings(FETCH_ALLOWED_HOSTS=[])
    def test_a_public_host_is_asked_on_the_web_ports_only(self):
        for url in ("http://news.example:22/", "https://news.example:6379/x"):
            with self.subTest(url=url), fake_dns({"news.example": "93.184.215.14"}):
                with self.assertRaisesMessage(
                    FetchError, "is not a web port (80 or 443)"
                ):
                    fetch(url, user_agent="test")


@override_settings(FETCH_ALLOWED_HOSTS=["news.test"])
class TLSFetchTests(SimpleTestCase):
    """The deadline holds over TLS too, where reads go through the TLS socket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server, cls.client_context = tls_server(
            Tricky,
            daemon_threads=True,
            release=threading.Event(),
            outcomes=queue.Queue(),
        )
        cls.port = cls.server.server_address[1]
        cls.thread = serve(cls.server)

    @classmethod
    def tearDownClass(cls):
        cls.server.release.set()
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join()
        super().tearDownClass()

    def fetch(self, path, **kwargs):
        with fake_dns({"news.test": "127.0.0.1"}):
            return fetch(
                f"https://news.test:{self.port}{path}",
                user_agent="test",
                context=self.client_context,
                **kwargs,
            )

    def test_a_page_is_fetched_over_tls(self):
        self.assertEqual(self.fetch("/page/").body, b"ok")

    def test_a_server_trickling_its_headers_over_tls_is_cut_off_at_the_deadline(
        self,
    ):
        with self.assertRaisesMessage(FetchError, "No answer within 1 s."):
            self.fetch("/trickle/", timeout=1)
        # Cut off by the client, not by the server running out of bytes.
        self.assertEqual(self.server.outcomes.get(timeout=60), "the client hung up")
