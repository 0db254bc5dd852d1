"""Two app servers, one PostgreSQL and one Redis: what one changes, the other serves.

Servers A and B are separate gunicorn processes, each with two workers and
its own FULCRUM_VAR_DIR, so nothing they share lives on local disk: the data
is in PostgreSQL, pages and sessions in Redis.
"""

import secrets

import pytest

from .conftest import Browser, Site, edit_title, read_form, title_in

NEW_TITLE = "A hotline for the peninsula, before the next crisis"


@pytest.fixture(scope="module")
def servers(postgres_server, redis_server, app_server):
    shared = {
        "DATABASE_URL": postgres_server.new_database(),
        "CACHE_URL": redis_server.url(1),
        # Both servers must sign sessions with the same key.
        "SECRET_KEY": secrets.token_urlsafe(64),
    }
    a = app_server(Site(**shared), wait=False)
    b = app_server(Site(**shared), wait=False)
    return a.wait(), b.wait(), postgres_server.seed


@pytest.fixture(scope="module")
def editor(servers):
    """The editor, signed in on server A."""
    a, _b, _seed = servers
    browser = Browser()
    browser.log_in(a)
    return browser


def public_pages(seed, piece):
    return [
        f"/commentaries/{piece['slug']}/",
        "/",
        "/commentaries/",
        f"/members/{seed['member']}/",
    ]


def visit_twice(server, paths):
    """A visitor reads each page twice, so the second answer is the cached one."""
    visitor = Browser()
    for path in paths:
        for _ in range(2):
            answer = visitor.get(server.url + path)
            assert answer.status == 200, (path, answer.status, server.log_tail())
        assert answer.header("X-Cache") == "hit", f"{path} was not cached"
    return visitor


def test_an_edit_through_one_server_is_served_by_the_other_at_once(servers, editor):
    """A title changed in the admin on A is on B's pages at the next request."""
    a, b, seed = servers
    piece = seed["pieces"]["edit"]
    paths = public_pages(seed, piece)
    visitor = visit_twice(b, paths)
    for path in paths:
        assert title_in(visitor.get(b.url + path).text, piece["title"]), path

    edit_title(editor, a, piece["pk"], NEW_TITLE)

    for server in (b, a):
        for path in paths:
            page = visitor.get(server.url + path)
            assert page.status == 200, (path, page.status)
            assert title_in(page.text, NEW_TITLE), (server.url, path)
            assert not title_in(page.text, piece["title"]), (server.url, path)


def test_a_withdrawal_through_one_server_is_a_404_on_the_other_at_once(servers, editor):
    """Withdrawn with the changelist action on A, the piece is gone from B."""
    a, b, seed = servers
    piece = seed["pieces"]["withdraw"]
    summary = f"/commentaries/{piece['slug']}/"
    visitor = visit_twice(b, [summary, "/"])
    assert title_in(visitor.get(b.url + "/").text, piece["title"])

    changelist = f"{a.url}/admin/articles/commentary/"
    token = read_form(editor.get(changelist).text, "changelist-form")
    answer = editor.post(
        changelist,
        {
            "csrfmiddlewaretoken": token["csrfmiddlewaretoken"],
            "action": "withdraw",
            "_selected_action": [str(piece["pk"])],
            "index": "0",
            "select_across": "0",
        },
    )
    assert answer.status == 302, (answer.status, answer.text[:3000])

    assert visitor.get(b.url + summary).status == 404
    assert not title_in(visitor.get(b.url + "/").text, piece["title"])
    assert visitor.get(a.url + summary).status == 404


def test_a_session_made_on_one_server_is_valid_on_the_other(servers, editor):
    """The editor signed in on A opens the admin on B without signing in again."""
    _a, b, _seed = servers
    assert editor.cookie("sessionid")
    answer = editor.get(b.url + "/admin/")
    assert answer.status == 200, answer.status
    assert "Log out" in answer.text
    assert Browser().get(b.url + "/admin/").status == 302
