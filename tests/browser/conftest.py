"""Headless Chromium from Debian's packages, driven by Playwright.

These tests never skip: without /usr/bin/chromium they fail, because CI
installs it (.ci/run) and a skipped browser suite is a missing one.
"""

import os
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would
    # then refuse database access from the test body, which is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class PageWatch:
    """Console errors and requests that would leave this machine."""

    def __init__(self, page):
        self.errors = []
        self.outside = []
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.errors.append(str(err)))
        page.route("**/*", self._route)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(message.text)

    def _route(self, route):
        host = urlsplit(route.request.url).hostname
        if host in {"127.0.0.1", "localhost"} or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser):
    context = browser.new_context(viewport=request.param)
    page = context.new_page()
    page.watch = PageWatch(page)
    yield page
    context.close()
