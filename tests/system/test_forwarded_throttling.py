"""Login throttling behind gunicorn, with forged X-Forwarded-For (issue 14, item 11).

One gunicorn in production mode, as the README runs it, with
FORWARDED_ALLOW_IPS=127.0.0.2: the proxy in front of it. The test connects
from two addresses of the loopback: from 127.0.0.1 it is a client reaching
gunicorn directly, past the proxy, who may put anything in X-Forwarded-For;
from 127.0.0.2 it is the proxy, which appends the address it saw.

Before the fix, production believed the last X-Forwarded-For entry from
anyone: rotating it gave unlimited attempts, and a forged one signed in while
the real address was locked out.
"""

import http.client
import secrets
import string
from urllib.parse import urlencode

import pytest

from .conftest import Site

PROXY = "127.0.0.2"
PASSWORD = "Seoul-Canberra-Hanoi-2026"
# A CSRF secret of our own, as cookie and as form field (no page to read first).
TOKEN = "".join(secrets.choice(string.ascii_letters) for _ in range(32))


@pytest.fixture(scope="module")
def server(app_server):
    site = Site(
        FULCRUM_ENV="production",
        SECURE_SSL_REDIRECT="false",
        FORWARDED_ALLOW_IPS=PROXY,
        WEB_CONCURRENCY="2",
    )
    site.env["STATIC_ROOT"] = str(site.var_dir / "static")
    site.manage("collectstatic", "--noinput")
    site.shell(
        "from django.core.management import call_command\n"
        "from django.contrib.auth.models import User\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "for name in ('editor', 'admin', 'writer'):\n"
        f"    User.objects.create_user(name, password={PASSWORD!r}, is_staff=True)\n"
    )
    # Stopped, and its folder removed, by app_server at the end.
    return app_server(site)


def log_in(server, username, password, source="127.0.0.1", forwarded=None):
    """POST the admin's login form from source; return (status, Location)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", server.port, timeout=30, source_address=(source, 0)
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={TOKEN}",
        "Origin": server.url,
    }
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded
    body = urlencode(
        {
            "username": username,
            "password": password,
            "next": "/admin/",
            "csrfmiddlewaretoken": TOKEN,
        }
    )
    try:
        connection.request("POST", "/admin/login/?next=/admin/", body, headers)
        answer = connection.getresponse()
        text = answer.read().decode("utf-8", "replace")
    finally:
        connection.close()
    if answer.status == 200:
        assert "Please enter the correct username" in text, text[:2000]
    return answer.status, answer.getheader("Location")


SIGNED_IN = (302, "/admin/")
LOCKED = (429, None)
WRONG = (200, None)


def test_rotating_forwarded_for_from_a_client_does_not_reset_the_lockout(server):
    """Five failures, each "from" another address: locked all the same."""
    answers = [
        log_in(server, "editor", "wrong", forwarded=f"198.51.100.{n}")
        for n in range(1, 6)
    ]
    assert answers == [WRONG] * 4 + [LOCKED], server.log_tail()
    # More "new" addresses, and the proxy's own: still locked.
    for forwarded in ("203.0.113.77", "10.0.0.1, 192.0.2.8", PROXY):
        assert log_in(server, "editor", "wrong", forwarded=forwarded) == LOCKED


def test_a_forged_header_does_not_sign_in_while_the_real_address_is_locked(server):
    """The right password, sent with an address never used: refused (429)."""
    for n in range(5):
        log_in(server, "admin", "wrong", forwarded=f"192.0.2.{n}")
    for forwarded in (None, "203.0.113.200", "203.0.113.200, 127.0.0.2"):
        assert log_in(server, "admin", PASSWORD, forwarded=forwarded) == LOCKED


def test_behind_the_listed_proxy_the_lock_follows_the_address_it_appended(server):
    """From the proxy, the client is its appended entry; what the client added
    to the left changes nothing, and other clients are not locked out."""
    for n in range(5):
        status = log_in(
            server, "writer", "wrong", PROXY, forwarded=f"6.6.6.{n}, 203.0.113.7"
        )
    assert status == LOCKED
    assert log_in(server, "writer", PASSWORD, PROXY, "203.0.113.7") == LOCKED
    assert log_in(server, "writer", PASSWORD, PROXY, "1.1.1.1, 203.0.113.7") == LOCKED
    assert log_in(server, "writer", PASSWORD, PROXY, "198.51.100.4") == SIGNED_IN
