"""The client's address behind proxies (core.security.client_ip): X-Forwarded-For
is believed only from the proxies in FORWARDED_ALLOW_IPS, read from the right.

Issue 14, item 11: in production (one trusted proxy by count) any client could
send the header straight to the server and name itself anew at each attempt.
"""

from django.test import RequestFactory, SimpleTestCase, override_settings

from core.security import client_ip

factory = RequestFactory()


def address(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(factory.get("/", REMOTE_ADDR=remote, **headers))


@override_settings(FORWARDED_ALLOW_IPS=["127.0.0.1", "::1"])
class ForwardedForTests(SimpleTestCase):
    def test_a_client_that_is_not_a_proxy_is_known_by_its_own_address(self):
        """The header sent by anyone but our proxy is ignored, however it varies."""
        for forwarded in ("198.51.100.7", "192.0.2.1, 198.51.100.7", "garbage", ""):
            with self.subTest(forwarded=forwarded):
                self.assertEqual(address("203.0.113.9", forwarded), "203.0.113.9")

    def test_behind_our_proxy_the_address_it_appended_is_the_client(self):
        """The proxy on the loopback appended what it saw; the rest is forgeable."""
        self.assertEqual(address("127.0.0.1", "203.0.113.9"), "203.0.113.9")
        self.assertEqual(
            address("127.0.0.1", "6.6.6.6, 1.2.3.4, 203.0.113.9"), "203.0.113.9"
        )
        self.assertEqual(address("::1", "2001:db8::7"), "2001:db8::7")

    def test_our_proxy_without_the_header_is_the_client(self):
        """A request made on the server itself (a health check) is its own."""
        self.assertEqual(address("127.0.0.1"), "127.0.0.1")

    def test_a_mapped_ipv4_peer_counts_as_the_ipv4_proxy(self):
        """Dual-stack sockets name 127.0.0.1 as ::ffff:127.0.0.1."""
        self.assertEqual(address("::ffff:127.0.0.1", "203.0.113.9"), "203.0.113.9")
        self.assertEqual(address("::ffff:203.0.113.9", "1.2.3.4"), "203.0.113.9")

    def test_ports_appended_by_a_proxy_are_dropped(self):
        self.assertEqual(address("127.0.0.1", "203.0.113.9:4711"), "203.0.113.9")
        self.assertEqual(address("127.0.0.1", "[2001:db8::7]:4711"), "2001:db8::7")

    def test_something_that_is_not_an_address_stops_the_reading(self):
        """Nothing left of a bad entry is believed: the proxy is the client."""
        self.assertEqual(address("127.0.0.1", "203.0.113.9, unknown"), "127.0.0.1")

    @override_settings(FORWARDED_ALLOW_IPS=["10.0.0.0/8"])
    def test_a_chain_of_our_proxies_is_read_past_to_the_client(self):
        """Proxies in the listed network are skipped, right to left."""
        self.assertEqual(
            address("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.5.1, 10.0.0.9"),
            "203.0.113.9",
        )
        # The loopback is no longer listed: a local client is itself.
        self.assertEqual(address("127.0.0.1", "203.0.113.9"), "127.0.0.1")

    @override_settings(FORWARDED_ALLOW_IPS=["*"])
    def test_trusting_any_peer_still_takes_only_the_entry_it_appended(self):
        """'*' (gunicorn's "any peer") trusts the peer, not the header's entries."""
        self.assertEqual(address("192.0.2.50", "6.6.6.6, 203.0.113.9"), "203.0.113.9")

    @override_settings(FORWARDED_ALLOW_IPS=[])
    def test_with_no_proxy_listed_the_header_is_ignored(self):
        self.assertEqual(address("127.0.0.1", "203.0.113.9"), "127.0.0.1")
