"""A reader searches, on a phone and on a desktop: words, names, other scripts."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_commentary, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive():
    le = make_member(name="Lê Thị Thu", position="Senior Fellow")
    make_commentary(
        title="The war in Ukraine seen from Hanoi",
        authors=[le],
        summary="<p>A war far away.</p><p>Alliances shift &amp; hold.</p>",
        tags=["Vietnam"],
    )
    make_commentary(
        title="Raising awareness of risk",
        summary="<p>Steps towards a safer region.</p>",
    )
    make_commentary(
        title="核軍縮の未来",
        summary="<p>日本と韓国の協力が核軍縮を前進させる。</p>",
        language="ja",
    )
    return le


def search(page, live_server, query):
    page.goto(live_server.url + "/search/")
    page.get_by_label("Search commentaries, members and topics").fill(query)
    page.locator("#main").get_by_role("button", name="Search").click()
    page.wait_for_load_state()


def test_a_word_finds_whole_words_and_marks_them(live_server, page, archive):
    search(page, live_server, "war")
    results = page.locator(".search-result")
    expect(results).to_have_count(1)
    expect(results.first.get_by_role("link")).to_have_text(
        "The war in Ukraine seen from Hanoi"
    )
    marks = page.locator(".search-result mark")
    expect(marks.first).to_have_text(re.compile("^war$", re.IGNORECASE))
    # Paragraphs read as one line with a space, the ampersand shown once.
    expect(page.locator(".snippet")).to_contain_text(
        "far away. Alliances shift & hold."
    )
    assert page.watch.errors == []


def test_a_name_without_diacritics_finds_the_member_and_their_piece(
    live_server, page, archive
):
    search(page, live_server, "le thi")
    members = page.get_by_role("region", name="Members")
    expect(members.get_by_role("link", name="Lê Thị Thu")).to_be_visible()
    expect(page.locator(".search-result")).to_have_count(1)
    members.get_by_role("link", name="Lê Thị Thu").click()
    expect(page).to_have_url(re.compile(re.escape(archive.get_absolute_url()) + "$"))


def test_topics_are_offered_with_the_results(live_server, page, archive):
    search(page, live_server, "vietnam")
    topics = page.get_by_role("region", name="Topics")
    expect(topics.get_by_role("link", name="Vietnam")).to_be_visible()


def test_japanese_fragments_are_found_and_marked_in_japanese(
    live_server, page, archive
):
    search(page, live_server, "韓国")
    result = page.locator(".search-result")
    expect(result).to_have_count(1)
    expect(result.get_by_role("link")).to_have_attribute("lang", "ja")
    expect(result.locator(".snippet")).to_have_attribute("lang", "ja")
    expect(result.locator(".snippet mark")).to_have_text("韓国")
