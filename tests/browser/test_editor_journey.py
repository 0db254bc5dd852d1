"""An editor's whole journey in the admin, and a contributor who may not publish,
in headless Chromium at desktop size (editors work at a desk)."""

import pytest

from articles.models import Commentary
from tests.browser.conftest import DESKTOP, PageWatch
from tests.factories import make_user, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
TITLE = "Japan and Southeast Asia Set to Co-Create an Interwoven Future"


@pytest.fixture
def new_page(browser):
    """Open fresh desktop pages, each in its own context (its own cookies)."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport=DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page)
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


def choose(page, container, text):
    """Pick an option in one of the admin's autocomplete (select2) boxes."""
    page.click(f"{container} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def settle(page):
    """Wait until the page's own requests (live lede, presence) are done.

    The live server shares the test's SQLite connection: a query from this
    thread while the server answers one of them fails in either thread
    ("bad parameter or other API misuse").
    """
    page.wait_for_load_state("networkidle")


def test_editor_adds_previews_and_publishes_a_piece(live_server, new_page, tmp_path):
    """Member, image, piece with two authors; preview; publish; public."""
    base = live_server.url
    editor = make_user(groups=["Editors"], password=PASSWORD)
    page = new_page()
    log_in(page, base, editor)

    # A member.
    page.goto(f"{base}/admin/members/member/add/")
    page.fill("#id_name", "Hoang Thi Ha")
    page.fill("#id_position", "Senior Fellow, ISEAS")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    # An image, uploaded with its credit and alt text.
    photo = tmp_path / "summit.png"
    photo.write_bytes(png_bytes(width=64, height=48))
    page.goto(f"{base}/admin/images/image/add/")
    page.set_input_files("input[name=file]", str(photo))
    page.fill("#id_alt_text", "Leaders at the ASEAN-Japan summit")
    page.fill("#id_credit", "内閣官房内閣広報室")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    # The piece: two authors (a member and an outside co-author) and the image.
    page.goto(f"{base}/admin/articles/commentary/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_full_article_url", "https://fulcrum.example.org/japan-asean/")
    choose(page, "#authorships-0 td.field-member", "Hoang Thi Ha")
    page.fill("#authorships-1 td.field-name input", "Pham Thi Phuong Thao")
    choose(page, ".field-image", "Leaders at the ASEAN-Japan summit")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    settle(page)
    piece = Commentary.objects.get(title=TITLE)
    assert piece.status == Commentary.Status.DRAFT
    assert [a.display_name for a in piece.ordered_authorships()] == [
        "Hoang Thi Ha",
        "Pham Thi Phuong Thao",
    ]

    # Preview: "View on site" shows the draft with a banner, to staff only.
    change_page = page.url
    page.click("a.viewsitelink")
    page.wait_for_url(f"**{piece.get_absolute_url()}")
    assert page.get_by_text("Preview: this piece is not public").is_visible()
    assert page.locator(".lede").inner_text() == (
        "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao."
    )

    # Publish.
    page.goto(change_page)
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    settle(page)
    piece.refresh_from_db()
    assert piece.is_published

    # A reader, not signed in, sees it.
    reader = new_page()
    reader.goto(base + piece.get_absolute_url())
    assert reader.locator("h1").inner_text() == TITLE
    assert reader.get_by_text("Preview:").count() == 0
    image = reader.get_by_role("img", name="Leaders at the ASEAN-Japan summit")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    for watched in (page, reader):
        assert watched.watch.errors == []
        assert watched.watch.outside == []


def test_a_contributor_cannot_publish(live_server, new_page):
    """No status control; a forged status is refused; review is the way."""
    base = live_server.url
    contributor = make_user(groups=["Contributors"], password=PASSWORD)
    page = new_page()
    log_in(page, base, contributor)
    page.goto(f"{base}/admin/articles/commentary/add/")
    assert page.locator("select[name=status]").count() == 0
    assert page.get_by_text("Only editors publish").is_visible()
    page.fill("#id_title", "A contributor's piece")
    page.fill("#authorships-0 td.field-name input", "Outside Author")

    # Forge the publishing fields into the form, as a crafted request would.
    page.evaluate(
        """() => {
            const form = document.querySelector('#commentary_form');
            for (const [name, value] of [['status', 'published'],
                                         ['published_at_0', '2020-01-01'],
                                         ['published_at_1', '10:00']]) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
            }
        }"""
    )
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .warning")
    settle(page)
    assert "Only editors change a piece's status" in page.inner_text(".messagelist")
    piece = Commentary.objects.get(title="A contributor's piece")
    assert (piece.status, piece.published_at) == ("draft", None)

    # Submitting for review is what a contributor can do.
    page.click("input[name=_submit_for_review]")
    page.wait_for_selector(".messagelist .info")
    settle(page)
    piece.refresh_from_db()
    assert piece.status == Commentary.Status.REVIEW
    assert not piece.is_published

    # The public does not see it.
    reader = new_page()
    response = reader.goto(base + piece.get_absolute_url())
    assert response.status == 404
    assert page.watch.errors == []
