"""The Content Security Policy in a real browser: Chromium reports no violation
on public pages or in the admin, and the admin's editor and ordering still work
under it."""

import pytest

from articles.models import Commentary
from tests.browser.conftest import DESKTOP, PageWatch
from tests.factories import (
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
# Runs before the page's own scripts (DevTools injects it, so the policy does
# not apply to it) and records every violation the page reports.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
  );
});
"""


@pytest.fixture
def watched(browser):
    """A desktop page that records console errors and policy violations."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(LISTEN)
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
    yield page
    context.close()


def violations(page):
    return page.evaluate("window.__violations || []") + page.policy_messages


def assert_clean(page):
    assert violations(page) == []
    assert page.watch.errors == []
    assert page.watch.outside == []


def test_public_pages_raise_no_policy_violation(live_server, watched):
    """Home, lists, a summary page with JSON-LD, members, tags, search, 404."""
    member = make_member(name="Chung-in Moon")
    outlet = make_outlet(name="The Korea Herald")
    piece = make_commentary(
        title="A nuclear-weapon-free Korean peninsula",
        authors=[member],
        outlet=outlet,
        image=make_image(alt_text="Delegates in the plenary hall"),
        tags=["Korean Peninsula"],
    )
    base = live_server.url
    pages = [
        "/",
        "/commentaries/",
        piece.get_absolute_url(),
        "/members/",
        member.get_absolute_url(),
        outlet.get_absolute_url(),
        "/tags/korean-peninsula/",
        "/search/?q=korean",
    ]
    for path in pages:
        response = watched.goto(base + path)
        assert response.status == 200, path
        policy = response.header_value("content-security-policy")
        assert "script-src 'self';" in policy
        assert "nonce" not in policy
        assert_clean(watched)
    watched.goto(base + piece.get_absolute_url())
    assert watched.locator('script[type="application/ld+json"]').count() == 1
    image = watched.get_by_role("img", name="Delegates in the plenary hall")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    response = watched.goto(base + "/no-such-page/")
    assert response.status == 404
    assert violations(watched) == []
    # The only console error is the browser noting the 404 itself.
    assert [e for e in watched.watch.errors if "404" not in e] == []


def test_the_policy_blocks_injected_inline_code(live_server, watched):
    """The listener does hear violations: an inline script is refused."""
    watched.goto(live_server.url + "/")
    watched.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__ran = true;";
            document.body.append(script);
        }"""
    )
    assert watched.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations(watched))


def log_in(page, base, user):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def author_names(page):
    return page.locator(
        "#authorships-group tbody tr.form-row:not(.empty-form) td.field-name input"
    ).evaluate_all("inputs => inputs.map(input => input.value)")


def test_the_admin_editor_and_author_ordering_work_under_the_policy(
    live_server, watched
):
    """Type a summary, add and reorder authors, save: no violation anywhere."""
    base = live_server.url
    editor = make_user(groups=["Editors"], password=PASSWORD)
    log_in(watched, base, editor)
    assert_clean(watched)

    watched.goto(f"{base}/admin/articles/commentary/add/")
    menubar = watched.locator(".field-summary .prose-menubar")
    menubar.wait_for()
    assert menubar.locator("button").count() > 5
    watched.fill("#id_title", "Strict policies and working editors")
    watched.fill("#id_full_article_url", "https://example.org/strict-policy/")
    watched.click(".field-summary .ProseMirror[contenteditable=true]")
    watched.keyboard.type("Typed in the editor under a strict policy.")
    watched.keyboard.press("Control+b")
    watched.keyboard.type(" Bold words.")

    # Three authors, then reorder them with the buttons and by dragging.
    watched.fill("#authorships-0 td.field-name input", "First Author")
    watched.fill("#authorships-1 td.field-name input", "Second Author")
    watched.click("#authorships-group .add-row a")
    watched.fill("#authorships-group tr#authorships-2 td.field-name input", "Third")
    watched.click("#authorships-1 .fulcrum-move-up")
    assert author_names(watched)[:3] == ["Second Author", "First Author", "Third"]
    # Drag Third by its handle onto the top half of First's row.
    handle = watched.locator("#authorships-2 .fulcrum-drag-handle").bounding_box()
    target = watched.locator("#authorships-0").bounding_box()
    watched.mouse.move(handle["x"] + 4, handle["y"] + 4)
    watched.mouse.down()
    for step in range(1, 11):
        watched.mouse.move(
            handle["x"] + 4,
            handle["y"] + (target["y"] + 4 - handle["y"]) * step / 10,
        )
    watched.mouse.up()
    assert author_names(watched)[:3] == ["Second Author", "Third", "First Author"]

    watched.click("input[name=_continue]")
    watched.wait_for_selector(".messagelist .success")
    piece = Commentary.objects.get(title="Strict policies and working editors")
    assert "Typed in the editor under a strict policy." in piece.summary
    assert "<strong>" in piece.summary
    assert [a.display_name for a in piece.ordered_authorships()] == [
        "Second Author",
        "Third",
        "First Author",
    ]
    # The change form, with the saved summary back in the editor.
    watched.locator(".field-summary .prose-menubar").wait_for()
    assert "strict policy" in watched.inner_text(
        ".field-summary .ProseMirror[contenteditable=true]"
    )
    assert_clean(watched)


def test_admin_lists_and_forms_raise_no_policy_violation(live_server, watched):
    """Changelists, member and image forms, history and delete pages."""
    base = live_server.url
    editor = make_user(is_superuser=True, password=PASSWORD)
    member = make_member(name="Ramesh Thakur")
    image = make_image(alt_text="A hall")
    piece = make_commentary(title="Listed piece", authors=[member])
    log_in(watched, base, editor)
    pages = [
        "/admin/",
        "/admin/articles/commentary/",
        "/admin/articles/commentary/?q=listed",
        f"/admin/articles/commentary/{piece.pk}/change/",
        f"/admin/articles/commentary/{piece.pk}/history/",
        f"/admin/articles/commentary/{piece.pk}/delete/",
        "/admin/members/member/",
        "/admin/members/member/add/",
        f"/admin/members/member/{member.pk}/change/",
        "/admin/images/image/add/",
        f"/admin/images/image/{image.pk}/change/",
        "/admin/articles/outlet/",
        "/admin/taggit/tag/",
        "/admin/axes/accessattempt/",
    ]
    for path in pages:
        response = watched.goto(base + path)
        assert response.status == 200, path
        assert "'nonce-" in response.header_value("content-security-policy")
        assert_clean(watched)
    # An autocomplete box opens and searches under the policy too.
    watched.goto(f"{base}/admin/articles/commentary/{piece.pk}/change/")
    watched.click("#authorships-1 td.field-member .select2-selection")
    watched.fill(".select2-container--open .select2-search__field", "Ramesh")
    watched.wait_for_selector(".select2-results__option:has-text('Ramesh Thakur')")
    assert_clean(watched)
