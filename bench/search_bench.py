"""How search's cost grows with the archive: 100 pieces against 100,000.

    .venv/bin/python bench/search_bench.py [--postgres URL [--no-sqlite]]

For SQLite (built once into var/bench/search-v<version>-<count>/) and, given --postgres, a PostgreSQL database
(flushed and refilled: never a database you keep), it builds the site with
bench/serve_data.py at each size, then measures in-process, with Django's
test client and the page cache off:

- query: articles.search.ranked_ids() for the word bench-serve searches;
- page: the whole /search/ request (query, cards, members, topics, HTML);
- baseline: /robots.txt, a page that reads no table, measured in the same
  process to take the machine's speed out of the ratio.

The ratio is page/baseline at the large size over page/baseline at 100;
the target (issue 16) is 1.5 or less. `make bench-serve` measures the same
page over HTTP under load; this one needs no idle machine.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))
from serve_data import VERSION  # noqa: E402

WORD = "deterrence"


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def timed(functions, repeat):
    """Median milliseconds of each function over repeat rounds, after a warm-up.

    The functions take turns within each round, so load from other programs
    falls on all of them alike.
    """
    for function in functions:
        for _ in range(3):
            function()
    samples = [[] for _ in functions]
    for _ in range(repeat):
        for function, taken in zip(functions, samples, strict=True):
            started = time.perf_counter()
            function()
            taken.append((time.perf_counter() - started) * 1000)
    return [statistics.median(taken) for taken in samples]


def measure(count, repeat):
    """In a child process: build `count` pieces, return the timings (JSON)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from serve_data import build

    from articles import search
    from articles.models import Commentary

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    complete = Path(os.environ["FULCRUM_VAR_DIR"]) / "complete"
    if connection.vendor != "sqlite" or not complete.exists():
        call_command("flush", verbosity=0, interactive=False)
        build(count, members=2000, tags=5000, outlets=50)
        complete.write_text(f"{count}\n")
    built = time.monotonic() - started
    client = Client()

    def query():
        search.ranked_ids(Commentary.objects.published(), WORD)

    def page():
        response = client.get("/search/", {"q": WORD})
        assert response.status_code == 200, response.status_code

    def baseline():
        response = client.get("/robots.txt")
        assert response.status_code == 200, response.status_code

    found = len(search.ranked_ids(Commentary.objects.published(), WORD))
    query_ms, page_ms, baseline_ms = timed([query, page, baseline], repeat)
    return {
        "vendor": connection.vendor,
        "count": count,
        "built_s": round(built, 1),
        "found": found,
        "query_ms": query_ms,
        "page_ms": page_ms,
        "baseline_ms": baseline_ms,
    }


def child(count, database_url, repeat):
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url:
        folder = tempfile.mkdtemp(prefix="fulcrum-search-bench-")
    else:
        # Built once, as serve_bench keeps its sites: var/bench/search-v3-100000/.
        folder = ROOT / "var" / "bench" / f"search-v{VERSION}-{count}"
        folder.mkdir(parents=True, exist_ok=True)
    env.update(
        FULCRUM_VAR_DIR=str(folder),
        DEBUG="false",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    try:
        output = subprocess.run(
            [PYTHON, __file__, "--child", str(count), "--repeat", str(repeat)],
            env=env,
            cwd=ROOT,
            check=False,
            capture_output=True,
            text=True,
        )
        if output.returncode:
            sys.stderr.write(output.stderr[-3000:])
            raise SystemExit(f"measuring {count} pieces failed")
        output = output.stdout
    finally:
        if database_url:
            shutil.rmtree(folder, ignore_errors=True)
    return json.loads(output.strip().splitlines()[-1])


def report(name, small, large):
    say(f"{name}:")
    for row in (small, large):
        say(
            f"  {row['count']:>7,} pieces (built in {row['built_s']} s): "
            f"query {row['query_ms']:.2f} ms, page {row['page_ms']:.2f} ms, "
            f"baseline {row['baseline_ms']:.2f} ms, {row['found']} ranked"
        )
    query_ratio = large["query_ms"] / small["query_ms"]
    raw_ratio = large["page_ms"] / small["page_ms"]
    page_ratio = (large["page_ms"] / large["baseline_ms"]) / (
        small["page_ms"] / small["baseline_ms"]
    )
    verdict = "met" if page_ratio <= 1.5 else "MISSED"
    say(
        f"  query {query_ratio:.2f}x; page {raw_ratio:.2f}x, against baseline "
        f"{page_ratio:.2f}x (target 1.5x: {verdict})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="also measure this database")
    parser.add_argument(
        "--no-sqlite", action="store_true", help="measure PostgreSQL only"
    )
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        say(json.dumps(measure(args.child, args.repeat)))
        return
    databases = [] if args.no_sqlite else [("SQLite", None)]
    if args.postgres:
        databases.append(("PostgreSQL", args.postgres))
    for name, url in databases:
        small = child(args.small, url, args.repeat)
        large = child(args.large, url, args.repeat)
        report(name, small, large)


if __name__ == "__main__":
    main()
