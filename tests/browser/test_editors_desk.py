"""The editors' desk (issue 15): the commentary form and list in Chromium.

Authors, images, the lede, preview, publishing buttons, tags, the list and
the warning before unsaved changes are lost; the form and the list on a
phone-sized window too.
"""

import contextlib
import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from articles.models import Commentary
from tests.browser.conftest import DESKTOP, PHONE, PageWatch
from tests.browser.test_editor_journey import PASSWORD, choose, log_in, settle
from tests.factories import (
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
    png_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADD = "/admin/articles/commentary/add/"


@pytest.fixture
def open_page(browser):
    """Open pages signed in as a new editor, at a given window size."""
    contexts = []

    def opener(viewport=DESKTOP, groups=("Editors",), base=None):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page)
        log_in(page, base, make_user(groups=list(groups), password=PASSWORD))
        return page

    yield opener
    # Leave each page before the test database is emptied: an admin form's
    # presence heartbeat or "leave" beacon reaching the live server during
    # the flush locked its tables ("database table is locked") now and then.
    for context in contexts:
        for page in context.pages:
            # A page that asks before leaving (unsaved changes) stays put.
            with contextlib.suppress(PlaywrightError):
                page.evaluate(QUIET_LEAVE)
                page.goto("about:blank")
        context.close()
    time.sleep(0.5)  # Requests already sent finish before the flush.


# Stops editing.js's pagehide beacon (a capturing listener on window runs first).
QUIET_LEAVE = (
    "() => window.addEventListener("
    "'pagehide', (event) => event.stopImmediatePropagation(), true)"
)


def lede(page):
    return page.locator(".field-generated_lede_display .readonly")


def test_the_lede_follows_authors_outlet_and_kind_before_saving(live_server, open_page):
    make_member(name="Hoang Thi Ha")
    make_outlet(name="Fulcrum", label="FULCRUM")
    page = open_page(base=live_server.url)
    page.goto(live_server.url + ADD)
    choose(page, "#authorships-0 td.field-member", "Hoang Thi Ha")
    choose(page, ".field-outlet", "Fulcrum")
    page.wait_for_function(
        "() => document.querySelector('.field-generated_lede_display .readonly')"
        ".textContent.includes('for Fulcrum')"
    )
    assert lede(page).inner_text() == (
        "APLN member Hoang Thi Ha writes a commentary for Fulcrum."
    )
    page.fill("#authorships-1 td.field-name input", "Pham Thi Phuong Thao")
    page.select_option("#id_kind", "article")
    page.wait_for_function(
        "() => document.querySelector('.field-generated_lede_display .readonly')"
        ".textContent.includes('article with')"
    )
    assert lede(page).inner_text() == (
        "APLN member Hoang Thi Ha co-writes an article with Pham Thi Phuong Thao."
    )
    assert not Commentary.objects.exists()
    assert page.watch.errors == []


def test_authors_reordered_with_the_buttons_are_saved_in_that_order(
    live_server, open_page
):
    """Moving rows up and down in the browser decides the saved order."""
    commentary = make_commentary(
        authors=[make_member(name="Hoang Thi Ha"), "Outside One"],
    )
    page = open_page(base=live_server.url)
    page.goto(f"{live_server.url}/admin/articles/commentary/{commentary.pk}/change/")
    # Move the second author up, then add a third author and move it to the top.
    page.click("#authorships-1 .fulcrum-move-up")
    page.click("#authorships-group .add-row a")
    page.fill("#authorships-2 td.field-name input", "New Person")
    page.click("#authorships-2 .fulcrum-move-up")
    page.click("#authorships-2 .fulcrum-move-up")
    shown = page.eval_on_selector_all(
        "#authorships-group td.field-position input",
        "inputs => inputs.map(input => input.value)",
    )
    assert shown[:3] == ["1", "2", "3"]
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    settle(page)
    saved = Commentary.objects.get(pk=commentary.pk).ordered_authorships()
    assert [a.display_name for a in saved] == [
        "New Person",
        "Outside One",
        "Hoang Thi Ha",
    ]
    assert page.watch.errors == []


def test_an_outside_name_that_is_a_member_offers_to_link_the_member(
    live_server, open_page
):
    make_member(name="Moon Chung-in")
    page = open_page(base=live_server.url)
    page.goto(live_server.url + ADD)
    page.fill("#authorships-0 td.field-name input", "moon chung-in")
    offer = page.get_by_role("button", name="Link APLN member Moon Chung-in")
    offer.click()
    assert page.input_value("#authorships-0 td.field-name input") == ""
    assert "Moon Chung-in" in page.inner_text("#authorships-0 td.field-member")
    page.wait_for_function(
        "() => document.querySelector('.field-generated_lede_display .readonly')"
        ".textContent.startsWith('APLN member Moon')"
    )
    assert offer.count() == 0


def test_adding_a_member_from_the_search_box_keeps_the_typed_name(
    live_server, open_page
):
    page = open_page(base=live_server.url)
    page.goto(live_server.url + ADD)
    page.click("#authorships-0 td.field-member .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "Lee Sook-jong")
    with page.expect_popup() as opened:
        page.click("#authorships-0 td.field-member a.add-related")
    popup = opened.value
    popup.wait_for_load_state()
    assert popup.input_value("#id_name") == "Lee Sook-jong"
    popup.fill("#id_position", "Senior Fellow")
    popup.click("input[name=_save]")
    page.wait_for_function(
        "() => document.querySelector('#authorships-0 td.field-member')"
        ".innerText.includes('Lee Sook-jong')"
    )
    # An outlet, the same way.
    page.click(".field-outlet .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "East Asia Forum")
    with page.expect_popup() as opened:
        page.click(".field-outlet a.add-related")
    popup = opened.value
    popup.wait_for_load_state()
    assert popup.input_value("#id_name") == "East Asia Forum"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_authors_are_numbered_from_one_and_fit_the_window(
    live_server, open_page, viewport
):
    member = make_member(name="Hoang Thi Ha")
    piece = make_commentary(
        status=Commentary.Status.DRAFT, authors=[member, "Pham Thi Phuong Thao"]
    )
    page = open_page(viewport=viewport, base=live_server.url)
    page.goto(f"{live_server.url}/admin/articles/commentary/{piece.pk}/change/")
    positions = page.locator(
        "#authorships-group tr.form-row.has_original td.field-position input"
    ).evaluate_all("inputs => inputs.map(input => input.value)")
    assert positions == ["1", "2"]
    if viewport == DESKTOP:
        group = page.locator("#authorships-group .tabular")
        overflow = group.evaluate(
            "el => { const w = el.querySelector('table').scrollWidth;"
            " return w - el.clientWidth; }"
        )
        assert overflow <= 0
        assert page.locator(
            "#authorships-0 .inline-deletelink, #authorships-0 td.delete input"
        ).first.is_visible()


def test_publish_now_says_published_and_the_live_save_button_says_so(
    live_server, open_page
):
    member = make_member(name="Hoang Thi Ha")
    piece = make_commentary(status=Commentary.Status.DRAFT, authors=[member])
    change = f"{live_server.url}/admin/articles/commentary/{piece.pk}/change/"
    page = open_page(base=live_server.url)
    page.goto(change)
    assert page.locator("input[name=_save]").first.input_value() == "Save draft"
    assert page.locator("input[name=_unpublish]").count() == 0
    page.locator("input[name=_publish]").first.click()
    assert page.locator(".messagelist .success").inner_text() == (
        f"Published: “{piece.title}” is live."
    )
    piece.refresh_from_db()
    assert piece.is_published

    page.goto(change)
    assert page.locator("input[name=_save]").first.input_value() == (
        "Save and update the live page"
    )
    assert page.locator("input[name=_publish]").count() == 0
    page.locator("input[name=_save]").first.click()
    assert "the live page of" in page.locator(".messagelist .success").inner_text()

    page.goto(change)
    page.locator("input[name=_unpublish]").first.click()
    assert page.locator(".messagelist .success").inner_text().startswith("Unpublished:")
    piece.refresh_from_db()
    assert piece.status == Commentary.Status.DRAFT


def test_schedule_names_the_time_in_the_site_time_zone(live_server, open_page):
    piece = make_commentary(status=Commentary.Status.DRAFT, authors=["An Author"])
    page = open_page(base=live_server.url)
    page.goto(f"{live_server.url}/admin/articles/commentary/{piece.pk}/change/")
    assert page.get_by_text("Times are in Asia/Seoul time.").first.is_visible()
    # Without a time, Schedule asks for one beside the field.
    page.locator("input[name=_schedule]").first.click()
    assert "give the time it goes out" in page.inner_text(".field-published_at")
    page.fill("#id_published_at_0", "2099-05-12")
    page.fill("#id_published_at_1", "09:00")
    page.locator("input[name=_schedule]").first.click()
    assert page.locator(".messagelist .success").inner_text() == (
        f"Scheduled for 12 May 2099, 09:00: “{piece.title}”."
    )
    piece.refresh_from_db()
    assert piece.is_scheduled


def test_preview_shows_unsaved_changes_in_a_new_tab(live_server, open_page):
    make_outlet(name="Fulcrum", label="FULCRUM")
    page = open_page(base=live_server.url)
    page.goto(live_server.url + ADD)
    page.fill("#id_title", "An unsaved title")
    page.fill("#authorships-0 td.field-name input", "Pham Thi Phuong Thao")
    choose(page, ".field-outlet", "Fulcrum")
    with page.expect_popup() as opened:
        page.locator("input[name=_preview]").first.click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == "An unsaved title"
    assert preview.locator(".lede").inner_text() == (
        "Pham Thi Phuong Thao writes a commentary for Fulcrum."
    )
    assert preview.get_by_text("Preview: this piece is not public").count() == 0
    # Nothing was saved, and the form is still there with what was typed.
    assert not Commentary.objects.exists()
    assert page.input_value("#id_title") == "An unsaved title"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_leaving_a_changed_form_asks_first(live_server, open_page, viewport):
    page = open_page(viewport=viewport, base=live_server.url)
    page.goto(live_server.url + ADD)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    # Unchanged: leaving asks nothing.
    page.wait_for_timeout(500)
    page.click("#id_title")
    page.goto(live_server.url + "/admin/")
    assert dialogs == []
    page.goto(live_server.url + ADD)
    page.wait_for_timeout(500)
    page.click("#id_title")
    page.keyboard.type("Half-written")
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload"]


def test_tags_are_suggested_from_existing_ones_and_kept_in_order(
    live_server, open_page
):
    make_commentary(tags=["Korean Peninsula", "ASEAN"])
    page = open_page(base=live_server.url)
    page.goto(live_server.url + ADD)
    page.click("#id_tags")
    page.keyboard.type("Japan, kor")
    page.get_by_role("button", name="Korean Peninsula").click()
    page.keyboard.type("ase")
    page.get_by_role("button", name="ASEAN").click()
    assert page.input_value("#id_tags") == 'Japan, "Korean Peninsula", ASEAN, '
    page.fill("#id_title", "Tagged in order")
    page.fill("#authorships-0 td.field-name input", "An Author")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_selector(".messagelist .success")
    assert page.input_value("#id_tags") == 'Japan, "Korean Peninsula", ASEAN'


def test_a_contributor_without_the_tag_permission_is_told_before_saving(
    live_server, open_page
):
    from django.contrib.auth.models import Group, Permission

    Group.objects.get(name="Contributors").permissions.remove(
        Permission.objects.get(codename="add_tag")
    )
    make_commentary(tags=["ASEAN"])
    page = open_page(groups=["Contributors"], base=live_server.url)
    page.goto(live_server.url + ADD)
    page.click("#id_tags")
    page.keyboard.type("Brand new")
    page.get_by_text(
        "“Brand new” is not a tag yet: only editors create tags."
    ).wait_for()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_list_is_one_line_a_piece_and_its_filters_search(
    live_server, open_page, viewport
):
    moon = make_member(name="Moon Chung-in")
    other = make_member(name="Other Member")
    long_title = "A very long title about the Korean Peninsula " * 4
    make_commentary(
        title=long_title.strip(),
        authors=[moon, "Pham Thi Phuong Thao", "Somebody Else Entirely"],
        outlet=make_outlet(name="Korea JoongAng Daily"),
        image=make_image(),
        tags=["Korean Peninsula"],
    )
    make_commentary(title="Not his", authors=[other], tags=["ASEAN"])
    page = open_page(viewport=viewport, base=live_server.url)
    page.goto(f"{live_server.url}/admin/articles/commentary/")
    headers = page.locator("#result_list thead th").evaluate_all(
        "ths => ths.map(th => th.innerText.trim().toLowerCase())"
    )
    assert headers[1:] == [
        "image",
        "title",
        "outlet",
        "authors",
        "status",
        "date",
    ]
    lines = page.locator("#result_list tbody .field-title a").evaluate_all(
        "links => links.map(a => new Set(Array.from(a.getClientRects(),"
        " rect => Math.round(rect.top))).size)"
    )
    assert lines == [1, 1]
    if viewport == DESKTOP:
        overflow = page.locator(".results").evaluate(
            "el => el.scrollWidth - el.clientWidth"
        )
        assert overflow <= 0
    # No list of every member: a search box, which finds and filters.
    filters = page.locator("#changelist-filter")
    if not filters.is_visible():
        page.locator(
            "#changelist-filter-toggle, .changelist-filter-toggle"
        ).first.click()
    assert filters.get_by_text("Other Member").count() == 0
    box = page.locator("details[data-filter-title=member] .select2-selection")
    box.scroll_into_view_if_needed()
    box.click()
    page.fill(".select2-container--open .select2-search__field", "Moon")
    with page.expect_navigation():
        page.click(".select2-results__option:has-text('Moon Chung-in')")
    assert f"member={moon.pk}" in page.url
    titles = page.locator("#result_list tbody .field-title").all_inner_texts()
    assert len(titles) == 1 and titles[0].startswith("A very long title")
    assert page.watch.errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_image_is_chosen_from_thumbnails_and_shown_with_its_credit(
    live_server, open_page, viewport
):
    make_image(alt_text="A harbour at dawn", credit="Kim Photo")
    make_image(
        alt_text="Leaders at the summit",
        credit="UN Photo",
        source_url="https://example.org/photo",
    )
    page = open_page(viewport=viewport, base=live_server.url)
    page.goto(live_server.url + ADD)
    page.get_by_role("button", name="Choose from the library").click()
    page.get_by_role("searchbox", name="Search the image library").fill("UN Ph")
    choice = page.get_by_role("button", name="Choose Leaders at the summit (UN Photo)")
    choice.click()
    chosen = page.locator(".field-image_chosen .fulcrum-image-chosen")
    assert "UN Photo" in chosen.inner_text()
    assert chosen.get_by_role("img", name="Leaders at the summit").evaluate(
        "img => img.complete && img.naturalWidth > 0"
    )
    assert "Leaders at the summit" in page.inner_text(".field-image .select2-selection")
    assert page.locator(".fulcrum-library-grid").is_hidden()
    assert page.watch.errors == []


def test_an_image_is_uploaded_in_the_commentary_form(live_server, open_page, tmp_path):
    photo = tmp_path / "summit.png"
    photo.write_bytes(png_bytes(width=64, height=48))
    page = open_page(base=live_server.url)
    page.goto(live_server.url + ADD)
    page.fill("#id_title", "With an uploaded image")
    page.fill("#authorships-0 td.field-name input", "An Author")
    page.set_input_files("#id_new_image-file", str(photo))
    page.fill("#id_new_image-alt_text", "Leaders at the summit")
    page.fill("#id_new_image-credit", "内閣官房内閣広報室")
    page.fill("#id_new_image-source_url", "https://example.org/photo")
    page.select_option("#id_new_image-licence", "government")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_selector(".messagelist .success")
    piece = Commentary.objects.get(title="With an uploaded image")
    assert piece.image.credit == "内閣官房内閣広報室"
    assert "内閣官房内閣広報室" in page.inner_text(".field-image_chosen")


def test_the_desk_controls_pass_the_accessibility_checks(live_server, open_page):
    """axe finds no WCAG 2.2 A/AA violation in what the desk adds to the form."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility import WCAG

    make_member(name="Moon Chung-in")
    make_image(alt_text="Leaders at the summit", credit="UN Photo")
    make_commentary(tags=["Korean Peninsula"])
    page = open_page(base=live_server.url)
    page.goto(live_server.url + ADD)
    page.fill("#authorships-0 td.field-name input", "moon chung-in")
    page.get_by_role("button", name="Link APLN member Moon Chung-in").wait_for()
    page.click("#id_tags")
    page.keyboard.type("kor")
    page.get_by_role("button", name="Korean Peninsula").wait_for()
    page.get_by_role("button", name="Choose from the library").click()
    page.get_by_role(
        "button", name="Choose Leaders at the summit (UN Photo)"
    ).wait_for()
    context = {
        "include": [
            [".fulcrum-member-offer"],
            [".fulcrum-tag-suggestions"],
            [".fulcrum-library"],
            [".fulcrum-new-image"],
            [".fulcrum-submit-row"],
            [".field-image_chosen"],
        ]
    }
    results = Axe().run(
        page, context=context, options={"runOnly": {"type": "tag", "values": WCAG}}
    )
    assert [
        f"{v['id']}: {v['nodes'][0]['html'][:120]}"
        for v in results.response["violations"]
    ] == []
