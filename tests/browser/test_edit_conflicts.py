"""Two tabs, one piece (issue 14, item 6), in headless Chromium: two editors in
two browser contexts open the same piece; each sees the other is editing; one
saves, the other is told at the next heartbeat, and their stale save is
refused with the difference, then reloaded and saved on top."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Commentary
from tests.browser.conftest import DESKTOP, PageWatch
from tests.browser.test_csp import LISTEN, violations
from tests.factories import make_commentary, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def quick_heartbeat(settings):
    settings.EDIT_HEARTBEAT_SECONDS = 1


@pytest.fixture
def new_page(browser):
    """Open fresh desktop pages, each in its own context (its own cookies)."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport=DESKTOP)
        context.add_init_script(LISTEN)
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page)
        page.policy_messages = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and page.policy_messages.append(message.text)
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def assert_clean(page):
    assert violations(page) == []
    assert page.watch.errors == []
    assert page.watch.outside == []


def test_two_editors_one_piece(live_server, new_page):
    base = live_server.url
    # Superusers: the roles' groups do not matter here (and ensure_groups()
    # cannot rebuild them since images and redirects left the articles app).
    hoang = make_user(
        is_superuser=True, password=PASSWORD, first_name="Hoang", last_name="Ha"
    )
    lee = make_user(
        is_superuser=True, password=PASSWORD, first_name="Lee", last_name="Park"
    )
    piece = make_commentary(
        title="A nuclear-weapon-free Korean peninsula",
        authors=["Chung-in Moon"],
        full_article_url="https://example.org/first",
    )
    url = f"{base}/admin/articles/commentary/{piece.pk}/change/"
    a, b = new_page(), new_page()
    log_in(a, base, hoang)
    log_in(b, base, lee)

    # B opens the piece first, then A: each is told the other is editing it,
    # A at once, B at the next heartbeat.
    b.goto(url)
    a.goto(url)
    expect(a.locator(".fulcrum-presence-others")).to_have_text(
        "Lee Park is editing this commentary."
    )
    expect(b.locator(".fulcrum-presence-others")).to_have_text(
        "Hoang Ha is editing this commentary."
    )

    # A renames the piece and saves.
    a.fill("#id_title", "A peninsula without bombs")
    a.click("input[name=_continue]")
    a.wait_for_selector(".messagelist .success")
    # B's page learns it at the next heartbeat.
    expect(b.locator(".fulcrum-presence-changed")).to_contain_text(
        "Hoang Ha changed this commentary at"
    )

    # B, still on the form opened before, changes another field and saves.
    b.fill("#id_full_article_url", "https://example.org/second")
    b.click("input[name=_save]")
    conflict = b.locator(".fulcrum-conflict")
    expect(conflict).to_be_visible()
    expect(b.locator(".errornote + ul.errorlist")).to_contain_text(
        re.compile(
            r"Hoang Ha changed this commentary at \d\d:\d\d, after you opened it"
        )
    )
    assert Commentary.objects.get(pk=piece.pk).title == "A peninsula without bombs"
    # B's input is kept, and the difference shown.
    assert b.input_value("#id_full_article_url") == "https://example.org/second"
    assert b.input_value("#id_title") == "A nuclear-weapon-free Korean peninsula"
    title_row = conflict.locator("tr", has_text="Title")
    expect(title_row.locator(".fulcrum-diff-now")).to_have_text(
        "A peninsula without bombs"
    )
    expect(title_row.locator(".fulcrum-diff-yours")).to_have_text(
        "A nuclear-weapon-free Korean peninsula"
    )
    expect(conflict.locator("tr", has_text="Full article URL")).to_have_count(1)

    # Enter in a field is an ordinary save: refused again, never "keep mine".
    b.press("#id_full_article_url", "Enter")
    b.wait_for_load_state()
    expect(b.locator(".fulcrum-conflict")).to_be_visible()
    assert Commentary.objects.get(pk=piece.pk).title == "A peninsula without bombs"

    # Reload: B's changes are discarded, A's title is in the form.
    b.click("text=Reload (discard my changes)")
    expect(b.locator(".fulcrum-conflict")).to_have_count(0)
    assert b.input_value("#id_title") == "A peninsula without bombs"
    assert b.input_value("#id_full_article_url") == "https://example.org/first"
    # B's edit, made again on top of A's, saves.
    b.fill("#id_full_article_url", "https://example.org/second")
    b.click("input[name=_continue]")
    b.wait_for_selector(".messagelist .success")
    saved = Commentary.objects.get(pk=piece.pk)
    assert (saved.title, saved.full_article_url) == (
        "A peninsula without bombs",
        "https://example.org/second",
    )

    # A leaves the piece: B's next heartbeat no longer names A.
    expect(b.locator(".fulcrum-presence-others")).to_have_text(
        "Hoang Ha is editing this commentary."
    )
    a.goto(f"{base}/admin/articles/commentary/")
    expect(b.locator(".fulcrum-presence-others")).to_be_hidden()
    assert_clean(a)
    assert_clean(b)


def test_keep_my_changes_in_the_browser(live_server, new_page):
    base = live_server.url
    hoang = make_user(is_superuser=True, password=PASSWORD, first_name="Hoang")
    lee = make_user(is_superuser=True, password=PASSWORD, first_name="Lee")
    piece = make_commentary(title="First title", authors=["Chung-in Moon"])
    url = f"{base}/admin/articles/commentary/{piece.pk}/change/"
    a, b = new_page(), new_page()
    log_in(a, base, hoang)
    log_in(b, base, lee)
    b.goto(url)
    a.goto(url)
    a.fill("#id_title", "Hoang's title")
    a.click("input[name=_save]")
    a.wait_for_selector(".messagelist .success")

    b.fill("#id_title", "Lee's title")
    b.click("input[name=_save]")
    expect(b.locator(".fulcrum-conflict")).to_be_visible()
    assert Commentary.objects.get(pk=piece.pk).title == "Hoang's title"

    b.click("button[name=_keep_mine]")
    expect(b.locator(".messagelist")).to_contain_text(
        "Your changes were saved over the other changes"
    )
    assert Commentary.objects.get(pk=piece.pk).title == "Lee's title"
    assert b.input_value("#id_title") == "Lee's title"
    assert_clean(a)
    assert_clean(b)
