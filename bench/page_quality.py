"""Page-quality benchmark: Lighthouse scores, page weight and LCP of the public pages.

Builds a throwaway site (SQLite and media in a temporary FULCRUM_VAR_DIR,
`migrate`, `load_demo_content`), serves it with `runserver --noreload` on a
free port of 127.0.0.1 with DEBUG off, and runs Lighthouse (pinned in
bench/package.json, installed with `npm ci` on first use) against the home
page, the commentaries list, one summary page and the busiest member's page,
at the mobile form factor and with the desktop preset. As a baseline, the home page and the files it
loads are saved to a temporary folder, served by `python -m http.server`, and
measured the same way.

Run it with `make bench-pages`. Exit status: 0 with the figures printed; 1 if
a page made a request outside 127.0.0.1 (the site serves every asset itself);
2 if a tool is missing or a step failed.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--no-first-run"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FORM_FACTORS = ["mobile", "desktop"]
LOCAL_HOSTS = {"127.0.0.1"}

# Seconds; every subprocess is bounded.
NPM_TIMEOUT = 600
MANAGE_TIMEOUT = 300
SERVER_START_TIMEOUT = 60
LIGHTHOUSE_TIMEOUT = 240
FETCH_TIMEOUT = 30


class BenchError(Exception):
    """A missing tool or a failed step: reported in one line, exit status 2."""


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def run(cmd, *, timeout, env=None, cwd=ROOT, what):
    """Run `cmd` in its own process group, killed with its children on timeout."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise BenchError(
            f"{what} took longer than {timeout} s and was stopped."
        ) from None
    if proc.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-20:])
        raise BenchError(f"{what} failed (exit status {proc.returncode}):\n{tail}")
    return output


def kill_group(proc):
    """Stop a process we started and everything it started (Chromium, say)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def check_tools():
    if not shutil.which("node"):
        raise BenchError(
            "node is missing: install Node.js 20 (apt-get install nodejs)."
        )
    if not (os.path.isfile(CHROME) and os.access(CHROME, os.X_OK)):
        raise BenchError(
            f"Chromium is missing at {CHROME}: apt-get install chromium "
            "(or set CHROME_PATH)."
        )


def installed_lighthouse_version():
    manifest = BENCH / "node_modules" / "lighthouse" / "package.json"
    try:
        return json.loads(manifest.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def ensure_lighthouse():
    """Install the pinned Lighthouse from bench/package-lock.json if it is not there."""
    if LIGHTHOUSE.exists() and installed_lighthouse_version() == LIGHTHOUSE_VERSION:
        return
    if not shutil.which("npm"):
        raise BenchError("npm is missing: it is needed once, to install Lighthouse.")
    say(f"Installing Lighthouse {LIGHTHOUSE_VERSION} in bench/node_modules (npm ci)…")
    run(
        ["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"],
        timeout=NPM_TIMEOUT,
        what="npm ci --prefix bench",
    )
    if installed_lighthouse_version() != LIGHTHOUSE_VERSION:
        raise BenchError(
            f"bench/node_modules holds Lighthouse {installed_lighthouse_version()}, "
            f"not {LIGHTHOUSE_VERSION}: check bench/package-lock.json."
        )


def site_env(var_dir):
    """The environment of a development site kept entirely in `var_dir`."""
    env = os.environ.copy()
    for name in ("DATABASE_URL", "MEDIA_ROOT", "MEDIA_URL", "STATIC_ROOT"):
        env.pop(name, None)
    env.update(
        FULCRUM_ENV="development",
        FULCRUM_VAR_DIR=str(var_dir),
        DEBUG="false",
        SERVE_MEDIA="true",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args, timeout=MANAGE_TIMEOUT):
    return run(
        [sys.executable, "manage.py", *args],
        env=env,
        timeout=timeout,
        what=f"manage.py {args[0]}",
    )


def build_site(env):
    """Migrate and load the demo content; return the first summary page's path."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    # The output holds the demo accounts' one-time passwords: keep only the count.
    output = manage(env, "load_demo_content")
    say(output.strip().splitlines()[-1] if output.strip() else "Demo content loaded.")
    path = manage(
        env,
        "shell",
        "--no-imports",
        "--command",
        "from articles.models import Commentary; "
        "first = Commentary.objects.published().first(); "
        "print(first.get_absolute_url() if first else '')",
        timeout=60,
    )
    lines = path.strip().splitlines()
    if not lines or not lines[-1].startswith("/"):
        raise BenchError("load_demo_content left no published commentary to measure.")
    return lines[-1]


def member_path(env):
    """The page of the member with the most pieces in the demo content."""
    output = manage(
        env,
        "shell",
        "--no-imports",
        "--command",
        "from django.db.models import Count; from members.models import Member; "
        "m = Member.objects.active().annotate(n=Count('authorships'))"
        ".order_by('-n', 'pk').first(); "
        "print(m.get_absolute_url() if m else '')",
        timeout=60,
    )
    lines = output.strip().splitlines()
    if not lines or not lines[-1].startswith("/"):
        raise BenchError("load_demo_content left no member page to measure.")
    return lines[-1]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
        return response.read()


@contextlib.contextmanager
def serving(cmd, url, *, env, log_path, what):
    """Start a server, wait until `url` answers, and always stop it afterwards."""
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise BenchError(f"{what} exited early:\n{tail_of(log_path)}")
            try:
                fetch(url)
                if proc.poll() is None:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
                if time.monotonic() > deadline:
                    raise BenchError(
                        f"{what} did not answer {url} within "
                        f"{SERVER_START_TIMEOUT} s ({err}):\n{tail_of(log_path)}"
                    ) from None
                time.sleep(0.2)
        yield proc
    finally:
        kill_group(proc)


def tail_of(path, lines=20):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


class AssetParser(HTMLParser):
    """The URLs of the files a browser loads to render a page."""

    LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & self.LINK_RELS and attrs.get("href"):
                self.urls.append(attrs["href"])
        for name in ("src", "poster"):
            if tag in {"img", "script", "source", "video", "audio", "input"}:
                if attrs.get(name):
                    self.urls.append(attrs[name])
        for name in ("srcset", "imagesrcset"):
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])


MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def save_under(folder, url):
    """Save the body of `url` at the same path under `folder`."""
    path = unquote(urlsplit(url).path)
    if path.endswith("/"):
        path += "index.html"
    target = (folder / path.lstrip("/")).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise BenchError(f"Refusing to save {url} outside {folder}.")
    try:
        body = fetch(url)
    except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
        raise BenchError(f"Could not fetch {url} for the static copy: {err}") from err
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    return body


def mirror_page(page_url, folder):
    """Save a page and the same-origin files it loads, at the same paths."""
    origin = urlsplit(page_url).netloc
    html = save_under(folder, page_url)
    parser = AssetParser()
    parser.feed(html.decode("utf-8", errors="replace"))
    queue = [urljoin(page_url, url) for url in parser.urls]
    seen = set()
    while queue:
        url = queue.pop().split("#")[0]
        if url in seen or url.startswith("data:") or urlsplit(url).netloc != origin:
            continue
        seen.add(url)
        body = save_under(folder, url)
        if urlsplit(url).path.endswith(".css"):
            css = body.decode("utf-8", errors="replace")
            for match in CSS_URL.finditer(css):
                queue.append(urljoin(url, match.group(1) or match.group(2)))
    return len(seen)


def lighthouse(url, form_factor, out_path):
    """Run Lighthouse once and return the figures the table shows."""
    cmd = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out_path}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    env = os.environ.copy()
    env["CHROME_PATH"] = CHROME
    run(
        cmd,
        env=env,
        cwd=BENCH,
        timeout=LIGHTHOUSE_TIMEOUT,
        what=f"Lighthouse ({form_factor}) on {url}",
    )
    report = json.loads(Path(out_path).read_text())
    if report.get("runtimeError"):
        raise BenchError(f"Lighthouse on {url}: {report['runtimeError']['message']}")
    audits = report["audits"]
    requests = audits["network-requests"].get("details", {}).get("items", [])
    return {
        "scores": {name: report["categories"][name]["score"] for name in CATEGORIES},
        "weight": audits["total-byte-weight"].get("numericValue"),
        "requests": len(requests),
        "lcp": audits["largest-contentful-paint"].get("numericValue"),
        "outside": sorted(
            {
                item["url"]
                for item in requests
                if urlsplit(item["url"]).scheme in {"http", "https", "ws", "wss"}
                and urlsplit(item["url"]).hostname not in LOCAL_HOSTS
            }
        ),
        "warnings": report.get("runWarnings", []),
        "weak": weak_audits(report),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
    }


def weak_audits(report):
    """The scored audits below 0.9 that pull a category down, as {id: title}."""
    weak = {}
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if (
                ref.get("weight")
                and audit.get("score") is not None
                and audit["score"] < 0.9
            ):
                weak[audit["id"]] = audit["title"]
    return weak


def score(value):
    return "n/a" if value is None else f"{round(value * 100)}"


def number(value, scale=1, digits=0):
    return "n/a" if value is None else f"{value / scale:,.{digits}f}"


def ratio(a, b):
    return "n/a" if not a or not b else f"{a / b:.2f}×"


def print_table(rows):
    header = [
        "page",
        "form",
        "perf",
        "a11y",
        "best",
        "seo",
        "weight KB",
        "requests",
        "LCP ms",
    ]
    lines = [header]
    for label, form_factor, result in rows:
        lines.append(
            [
                label,
                form_factor,
                *(score(result["scores"][name]) for name in CATEGORIES),
                number(result["weight"], 1024, 1),
                str(result["requests"]),
                number(result["lcp"]),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        say("  ".join(cells).rstrip())
        if index == 0:
            say("  ".join("-" * width for width in widths))


def benchmark(work):
    var_dir = work / "var"
    static_dir = work / "static-copy"
    reports = work / "reports"
    for folder in (var_dir, static_dir, reports):
        folder.mkdir()
    env = site_env(var_dir)

    say("Building a throwaway site (migrate, load_demo_content)…")
    summary_path = build_site(env)

    site_port = free_port()
    site = f"http://127.0.0.1:{site_port}"
    pages = [
        ("home", "/"),
        ("commentaries", "/commentaries/"),
        ("summary", summary_path),
        ("member", member_path(env)),
    ]
    rows = []
    with serving(
        [
            sys.executable,
            "manage.py",
            "runserver",
            "--noreload",
            f"127.0.0.1:{site_port}",
        ],
        f"{site}/",
        env=env,
        log_path=work / "runserver.log",
        what="runserver",
    ):
        saved = mirror_page(f"{site}/", static_dir)
        for label, path in pages:
            for form_factor in FORM_FACTORS:
                say(f"Lighthouse: {label} ({path}), {form_factor}…")
                out = reports / f"{label}-{form_factor}.json"
                rows.append(
                    (label, form_factor, lighthouse(site + path, form_factor, out))
                )

    static_port = free_port()
    static_site = f"http://127.0.0.1:{static_port}"
    with serving(
        [
            sys.executable,
            "-m",
            "http.server",
            str(static_port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(static_dir),
        ],
        f"{static_site}/",
        env=os.environ.copy(),
        log_path=work / "http-server.log",
        what="python -m http.server",
    ):
        for form_factor in FORM_FACTORS:
            say(
                f"Lighthouse: static copy of home (page + {saved} files), {form_factor}…"
            )
            out = reports / f"static-{form_factor}.json"
            rows.append(
                (
                    "home, static copy",
                    form_factor,
                    lighthouse(f"{static_site}/", form_factor, out),
                )
            )
    return rows, summary_path


def report(rows, summary_path):
    say()
    say(
        f"Lighthouse {LIGHTHOUSE_VERSION}, Chromium {CHROME}; summary page: {summary_path}"
    )
    say(
        "Scores 0-100; weight from total-byte-weight; LCP with Lighthouse's simulated throttling."
    )
    indexes = [r["benchmark_index"] for _, _, r in rows if r["benchmark_index"]]
    if indexes:
        # Mobile throttling assumes a fast CPU (index about 1000 or more); on a
        # slower machine TBT and LCP come out worse than on a laptop.
        say(
            f"This machine's CPU benchmarkIndex: {min(indexes):.0f}-{max(indexes):.0f}."
        )
    say()
    print_table(rows)

    say()
    say("Home page against its static copy (real / static):")
    by_key = {(label, form): result for label, form, result in rows}
    for form_factor in FORM_FACTORS:
        real = by_key[("home", form_factor)]
        copy = by_key[("home, static copy", form_factor)]
        say(
            f"  {form_factor:<8} weight {ratio(real['weight'], copy['weight'])}, "
            f"LCP {ratio(real['lcp'], copy['lcp'])}"
        )

    warnings = sorted({w for _, _, result in rows for w in result["warnings"]})
    if warnings:
        say()
        say("Lighthouse warnings:")
        for warning in warnings:
            # Lighthouse writes Markdown links; keep their text only.
            say(f"  - {MARKDOWN_LINK.sub(r'\g<1>', warning)}")

    weak = {}
    for label, form_factor, result in rows:
        for audit_id, title in result["weak"].items():
            weak.setdefault((audit_id, title), []).append(f"{label} ({form_factor})")
    if weak:
        say()
        say("Weighted audits scoring below 90:")
        for (audit_id, title), where in sorted(weak.items()):
            say(f"  {audit_id}: {title} — {', '.join(where)}")

    say()
    outside = sorted(
        {
            (label, form, url)
            for label, form, result in rows
            for url in result["outside"]
        }
    )
    if outside:
        say("Requests outside 127.0.0.1 (the site must serve every asset itself):")
        for label, form_factor, url in outside:
            say(f"  {label} ({form_factor}): {url}")
        return 1
    say("Requests outside 127.0.0.1: none.")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reports",
        type=Path,
        metavar="DIR",
        help="also keep Lighthouse's JSON reports (one per page and form factor) in DIR",
    )
    args = parser.parse_args(argv)
    try:
        check_tools()
        ensure_lighthouse()
        with tempfile.TemporaryDirectory(prefix="fulcrum-bench-") as work:
            rows, summary_path = benchmark(Path(work))
            if args.reports:
                shutil.copytree(
                    Path(work) / "reports", args.reports, dirs_exist_ok=True
                )
    except BenchError as err:
        sys.stderr.write(f"bench-pages: {err}\n")
        return 2
    return report(rows, summary_path)


if __name__ == "__main__":
    sys.exit(main())
