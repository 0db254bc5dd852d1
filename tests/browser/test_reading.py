"""Issue 16 in the browser, at phone and desktop sizes: the home page's lead
story and sections, the summary page around the summary, and finding one's
way by topic, outlet, name and date."""

import datetime

import pytest
from django.utils import timezone

from members.models import MembershipCategory
from tests.factories import make_commentary, make_image, make_member, make_outlet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_TITLE = "Japan and Southeast Asia Set to Co-Create an Interwoven Future"


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def site():
    board, _ = MembershipCategory.objects.get_or_create(
        slug="board", defaults={"name": "Board", "position": 1}
    )
    ha = make_member(
        name="Hoàng Thị Hà",
        slug="hoang-thi-ha",
        country="VN",
        category=board,
        photo=make_image(credit="APLN", alt_text="Portrait"),
    )
    moon = make_member(name="Moon Chung-in", country="KR")
    fulcrum = make_outlet(name="Fulcrum", label="FULCRUM")
    seed = make_commentary(
        title=SEED_TITLE,
        authors=[ha, "Pham Thi Phuong Thao"],
        outlet=fulcrum,
        image=make_image(credit="内閣官房内閣広報室", alt_text="Leaders at the summit"),
        tags=["ASEAN", "Japan"],
        is_featured=True,
        original_published_on=datetime.date(2023, 1, 12),
        full_article_url="https://www.fulcrum.sg/japan-and-southeast-asia/",
        published_at=days_ago(1),
    )
    related = make_commentary(
        title="ASEAN and Japan, again",
        tags=["Japan", "ASEAN"],
        published_at=days_ago(3),
    )
    by_ha = [
        make_commentary(
            title=f"Ha on the region {n}",
            authors=[ha],
            tags=["Nuclear"],
            published_at=days_ago(40 + n),
        )
        for n in range(25)
    ]
    make_commentary(
        title="Korea piece", authors=[moon], tags=["Korea"], published_at=days_ago(400)
    )
    return {"ha": ha, "seed": seed, "related": related, "by_ha": by_ha}


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_home_leads_with_a_story_then_sections_in_two_faces(live_server, page, site):
    """Lead story with its image and credit, then Latest and By topic; the
    reading and interface faces load from this site."""
    page.goto(live_server.url + "/")
    lead = page.locator(".card--lead")
    assert lead.get_by_role("link", name=SEED_TITLE).is_visible()
    image = lead.get_by_role("img", name="Leaders at the summit")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert lead.get_by_text("Image: 内閣官房内閣広報室").is_visible()
    assert page.get_by_role("heading", name="Latest commentaries").is_visible()
    assert page.get_by_role("heading", name="By topic").is_visible()
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('1em \"Source Serif 4\"')")
    assert page.evaluate("document.fonts.check('1em Inter')")
    serif = page.locator("h1").evaluate("h => getComputedStyle(h).fontFamily")
    ui = page.locator(".site-nav a").first.evaluate(
        "a => getComputedStyle(a).fontFamily"
    )
    assert serif.startswith('"Source Serif 4"') and ui.startswith("Inter")
    assert no_sideways_scroll(page)
    assert page.watch.errors == [] and page.watch.outside == []


def test_summary_page_surrounds_the_summary_with_what_a_reader_needs(
    live_server, page, site
):
    """Byline with photo, where and when it first appeared, the whole sentence
    as the link with the domain, related and more by the member, share links;
    on paper, only the piece."""
    page.goto(live_server.url + site["seed"].get_absolute_url())
    byline = page.locator(".byline")
    assert byline.get_by_role("link", name="Hoàng Thị Hà").is_visible()
    assert byline.get_by_text("Pham Thi Phuong Thao").is_visible()
    assert byline.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".commentary__header .outlet-label").inner_text() == (
        "Published in FULCRUM, 12 January 2023"
    )
    assert "FULCRUM" not in page.locator(".lede").inner_text()
    link = page.get_by_role("link", name="The full article can be accessed here.")
    assert link.get_attribute("href") == site["seed"].full_article_url
    assert page.locator(".link-line__domain").inner_text().startswith("fulcrum.sg")
    related = page.get_by_role("region", name="Related commentaries")
    assert related.get_by_role("link", name="ASEAN and Japan, again").is_visible()
    assert SEED_TITLE not in related.inner_text()
    more = page.get_by_role("region", name="More by Hoàng Thị Hà")
    assert more.get_by_role("link").count() == 1 + 3  # her page and three pieces
    share = page.locator(".share a")
    assert share.count() >= 3
    for href in share.evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith(("https://", "mailto:"))
    assert no_sideways_scroll(page)

    page.emulate_media(media="print")
    assert not page.locator(".share").is_visible()
    assert not page.locator(".sidebar").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert page.locator(".summary, .lede").first.is_visible()
    assert page.watch.errors == [] and page.watch.outside == []


def test_reader_finds_pieces_by_topic_outlet_name_and_date(live_server, page, site):
    """/tags/ and /outlets/ lead to their pages; the list filters take the
    names readers type, and a date range."""
    page.goto(live_server.url + "/tags/")
    japan = page.locator(".index-list li", has_text="Japan")
    assert "2" in japan.inner_text()
    japan.get_by_role("link").click()
    page.wait_for_url("**/tags/japan/")

    page.goto(live_server.url + "/outlets/")
    page.get_by_role("link", name="Fulcrum").click()
    page.wait_for_url("**/outlets/fulcrum/")

    page.goto(live_server.url + "/commentaries/")
    page.get_by_role("textbox", name="Tag", exact=True).fill("Japan")
    page.get_by_role("textbox", name="Member", exact=True).fill("Hoang Thi Ha")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/commentaries/?*")
    assert page.locator("h1").inner_text() == (
        "Commentaries tagged “Japan” by Hoàng Thị Hà"
    )
    assert page.get_by_role("link", name=SEED_TITLE).is_visible()
    assert page.get_by_role("link", name="ASEAN and Japan, again").count() == 0

    page.goto(live_server.url + "/commentaries/")
    page.get_by_role("textbox", name="From", exact=True).fill(
        (timezone.localdate() - datetime.timedelta(days=500)).isoformat()
    )
    page.get_by_role("textbox", name="To", exact=True).fill(
        (timezone.localdate() - datetime.timedelta(days=300)).isoformat()
    )
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/commentaries/?*")
    assert page.get_by_role("link", name="Korea piece").is_visible()
    assert page.get_by_role("link", name=SEED_TITLE).count() == 0
    assert no_sideways_scroll(page)
    assert page.watch.errors == [] and page.watch.outside == []


def test_members_directory_filters_and_a_member_page_turns_pages(
    live_server, page, site
):
    """Membership filter keeps the board; her page lists her pieces 20 at a time."""
    page.goto(live_server.url + "/members/")
    page.get_by_label("Membership").select_option("board")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/members/?*")
    assert page.get_by_role("link", name="Hoàng Thị Hà").is_visible()
    assert page.get_by_role("link", name="Moon Chung-in").count() == 0

    page.get_by_role("link", name="Hoàng Thị Hà").click()
    page.wait_for_url(f"**{site['ha'].get_absolute_url()}")
    assert page.locator(".cards .card").count() == 20
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**page=2**")
    assert page.locator(".cards .card").count() == 26 - 20
    assert page.watch.errors == [] and page.watch.outside == []
