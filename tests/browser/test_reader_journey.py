"""A reader's journey in headless Chromium, at phone and desktop sizes."""

import pytest

from tests.factories import make_commentary, make_image, make_member, make_outlet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_TITLE = "Japan and Southeast Asia Set to Co-Create an Interwoven Future"


@pytest.fixture
def site():
    ha = make_member(name="Hoang Thi Ha", position="Senior Fellow", country="VN")
    outlet = make_outlet(name="Fulcrum", label="FULCRUM")
    image = make_image(
        credit="内閣官房内閣広報室",
        source_url="https://www.kantei.go.jp/jp/101_kishida/actions/202211/12asean.html",
        alt_text="Leaders at the ASEAN-Japan summit",
    )
    seed = make_commentary(
        title=SEED_TITLE,
        authors=[ha, "Pham Thi Phuong Thao"],
        outlet=outlet,
        image=image,
        tags=["ASEAN", "Japan"],
        is_featured=True,
        full_article_url="https://fulcrum.example.org/japan-and-southeast-asia/",
        summary="<p>They argue that Japan’s decades of cultivating relations "
        "with Southeast Asia have deepened ties.</p>",
    )
    for n in range(3):
        make_commentary(title=f"Other piece {n}", authors=[make_member()])
    make_commentary(title="Draft piece", status="draft", authors=[ha])
    return {"member": ha, "seed": seed}


def test_reader_goes_from_home_to_summary_member_and_tag_pages(live_server, page, site):
    """Home → summary page → author page → tag page, with no error or leak."""
    page.goto(live_server.url + "/")
    assert page.locator("h1, h2").first.is_visible()
    assert "Draft piece" not in page.content()

    page.get_by_role("link", name=SEED_TITLE).first.click()
    page.wait_for_url(f"**{site['seed'].get_absolute_url()}")
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert page.get_by_text("FULCRUM", exact=True).is_visible()
    assert page.locator(".lede").inner_text() == (
        "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao."
    )
    full = page.get_by_role(
        "link", name="The full article can be accessed here.", exact=True
    )
    assert full.get_attribute("href") == site["seed"].full_article_url
    assert "noopener" in full.get_attribute("rel")
    assert full.is_visible()
    credit = page.get_by_text("内閣官房内閣広報室")
    assert credit.is_visible()
    image = page.get_by_role("img", name="Leaders at the ASEAN-Japan summit")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")

    page.get_by_role("link", name="Hoang Thi Ha").first.click()
    page.wait_for_url(f"**{site['member'].get_absolute_url()}")
    assert "Hoang Thi Ha" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name=SEED_TITLE).is_visible()
    assert "Draft piece" not in page.content()

    page.goto(live_server.url + site["seed"].get_absolute_url())
    page.get_by_role("link", name="ASEAN", exact=True).first.click()
    page.wait_for_url("**/tags/asean/")
    assert page.get_by_role("link", name=SEED_TITLE).is_visible()

    feed = page.locator('link[rel="alternate"][type="application/rss+xml"]').last
    feed_url = live_server.url + feed.get_attribute("href")
    answer = page.request.get(feed_url)
    assert answer.ok
    assert SEED_TITLE in answer.text()
    assert "Draft piece" not in answer.text()

    assert page.watch.errors == []
    assert page.watch.outside == []


def test_pages_fit_the_screen_without_sideways_scrolling(live_server, page, site):
    """No public page is wider than the viewport, phone included."""
    for path in ("/", "/commentaries/", site["seed"].get_absolute_url(), "/members/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    assert page.watch.errors == []
