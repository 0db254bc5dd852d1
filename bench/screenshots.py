"""Screenshots of every public page of a throwaway demo site, at 390 and 1280 px.

Builds the site as bench/page_quality.py does (SQLite and media in a
temporary folder, `migrate`, `load_demo_content`), serves it with
`runserver --noreload` on a free port of 127.0.0.1, and has Playwright with
Debian's Chromium write one full-page PNG per page and width into
var/screenshots/ (or --out DIR): `<page>-390.png`, `<page>-1280.png`.

Run it with `make screenshots`. A page the site does not have (404) is
skipped with a note, so the same script shows a branch before and after.
"""

import argparse
import sys
import tempfile
import urllib.error
from pathlib import Path

from page_quality import (
    CHROME,
    ROOT,
    BenchError,
    build_site,
    check_tools,
    free_port,
    manage,
    say,
    serving,
    site_env,
)

WIDTHS = (390, 1280)


def public_paths(env, summary_path):
    """(name, path) of every kind of public page, read from the demo content."""
    output = manage(
        env,
        "shell",
        "--no-imports",
        "--command",
        "from articles.models import Commentary, Outlet\n"
        "from members.models import Member\n"
        "from taggit.models import Tag\n"
        "m = Member.objects.active().order_by('-authorships__id').first()\n"
        "t = Tag.objects.filter(articles_taggedcommentary_items__isnull=False).first()\n"
        "o = Outlet.objects.filter(commentaries__isnull=False).first()\n"
        "print(m.get_absolute_url() if m else '')\n"
        "print(f'/tags/{t.slug}/' if t else '')\n"
        "print(o.get_absolute_url() if o else '')\n",
        timeout=60,
    )
    # The last three lines, each possibly empty (a demo without that page).
    member, tag, outlet = (["", "", ""] + output.rstrip("\n").split("\n"))[-3:]
    pages = [
        ("home", "/"),
        ("commentaries", "/commentaries/"),
        ("summary", summary_path),
        ("members", "/members/"),
        ("member", member),
        ("tags", "/tags/"),
        ("tag", tag),
        ("outlets", "/outlets/"),
        ("outlet", outlet),
        ("search", "/search/?q=nuclear"),
        ("not-found", "/no-such-page/"),
    ]
    return [(name, path) for name, path in pages if path]


def shoot(site, pages, out):
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=["--no-sandbox"])
        try:
            for width in WIDTHS:
                page = browser.new_page(
                    viewport={"width": width, "height": 900},
                    device_scale_factor=1,
                )
                for name, path in pages:
                    response = page.goto(site + path, wait_until="networkidle")
                    if response.status == 404 and name != "not-found":
                        say(f"  {path}: 404, skipped")
                        continue
                    # Below the fold, images load lazily: a full-page
                    # picture needs them all.
                    page.evaluate(
                        "document.querySelectorAll('img[loading=lazy]')"
                        ".forEach(img => { img.loading = 'eager'; })"
                    )
                    page.wait_for_load_state("networkidle")
                    target = out / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                page.close()
        finally:
            browser.close()
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "var" / "screenshots",
        help="folder for the PNGs (default var/screenshots/)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        check_tools()
        with tempfile.TemporaryDirectory(prefix="fulcrum-shots-") as work:
            work = Path(work)
            (work / "var").mkdir()
            env = site_env(work / "var")
            say("Building a throwaway site (migrate, load_demo_content)…")
            summary_path = build_site(env)
            pages = public_paths(env, summary_path)
            port = free_port()
            site = f"http://127.0.0.1:{port}"
            with serving(
                [sys.executable, "manage.py", "runserver", "--noreload",
                 f"127.0.0.1:{port}"],
                f"{site}/",
                env=env,
                log_path=work / "runserver.log",
                what="runserver",
            ):  # fmt: skip
                written = shoot(site, pages, args.out)
    except (BenchError, urllib.error.URLError) as err:
        sys.stderr.write(f"screenshots: {err}\n")
        return 2
    say(f"{len(written)} screenshots in {args.out}:")
    for path in written:
        say(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
