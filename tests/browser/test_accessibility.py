"""axe-core finds no WCAG 2.2 A/AA violation on any public page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import make_commentary, make_image, make_member, make_outlet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture
def pages():
    member = make_member(
        name="Moon Chung-in",
        native_name="문정인",
        native_name_language="ko",
        honorific="Prof.",
        bio="Scholar.\n\nFormer adviser.",
    )
    outlet = make_outlet(name="Korea JoongAng Daily", label="KOREA JOONGANG DAILY")
    piece = make_commentary(
        title="A Korean Peninsula peace process",
        authors=[member, "C. Raja Mohan"],
        outlet=outlet,
        image=make_image(credit="UN Photo", source_url="https://example.org/photo"),
        tags=["Korean Peninsula", "핵군축"],
        summary_is_excerpt=True,
        summary="<p>An excerpt with <em>emphasis</em> and a "
        '<a href="https://example.org">link</a>.</p>',
    )
    for n in range(25):
        make_commentary(title=f"Piece {n}", authors=[member], tags=["Korean Peninsula"])
    # A translation: lang on its title and summary, hreflang on both pages.
    japanese = make_commentary(
        title="朝鮮半島の平和プロセス",
        summary="<p>朝鮮半島の平和プロセスについての論考。</p>",
        language="ja",
        translation_of=piece,
        authors=[member],
    )
    return [
        "/",
        "/commentaries/",
        "/commentaries/?kind=commentary&page=2",
        piece.get_absolute_url(),
        "/members/",
        member.get_absolute_url(),
        f"/tags/{piece.tags.get(name='Korean Peninsula').slug}/",
        outlet.get_absolute_url(),
        "/search/?q=korean",
        "/tags/",
        "/outlets/",
        "/members/?category=board",
        "/commentaries/?tag=Korean+Peninsula&member=Moon+Chung-in&since=2020-01-01",
        "/search/?q=moon+chung-in",
        "/search/?q=平和",
        japanese.get_absolute_url(),
        "/no-such-page/",
    ]


def test_no_public_page_has_an_accessibility_violation(live_server, page, pages):
    """Every rule of WCAG 2.2 A and AA that axe checks passes."""
    axe = Axe()
    problems = {}
    for path in pages:
        page.goto(live_server.url + path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        if results.violations_count:
            problems[path] = [
                f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['html'][:120]})"
                for v in results.response["violations"]
            ]
    assert problems == {}
    assert page.watch.outside == []


def test_keyboard_users_can_skip_to_the_content(live_server, page, pages):
    """The first Tab lands on a visible skip link that moves focus to main."""
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
