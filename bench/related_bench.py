"""Benchmark: loading one piece's authors and tags for its summary page.

    .venv/bin/python bench/related_bench.py

The summary page reads one commentary, then its authors and tags.
`Commentary.load_related()` does that with two plain queries into the
attributes `with_related()` fills on lists; the baseline, measured in the same
run, is Django's `prefetch_related_objects()` with the same lookups. Also
printed: the whole uncached summary page, through the test client with every
middleware, so the saving is seen as a share of the page.

It builds a throwaway site (SQLite in a temporary FULCRUM_VAR_DIR, migrated,
demo content loaded) and measures CPU time (process_time), the median of 15
rounds of 100 calls each, interleaved so that a busy machine slows both
alike.
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS, CALLS = 15, 100


def build_site(var_dir):
    env = dict(os.environ, FULCRUM_VAR_DIR=var_dir)
    env.pop("DATABASE_URL", None)
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip


def say(text):
    """Write a line of the report to stdout at once (a script, not a command)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def median_ms(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2] * 1000


def main():
    var_dir = tempfile.mkdtemp(prefix="fulcrum-related-bench-")
    say(f"Building a throwaway site in {var_dir} (migrate, load_demo_content)…")
    build_site(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="fulcrum.settings",
        FULCRUM_VAR_DIR=var_dir,
        SECRET_KEY=secrets.token_urlsafe(64),
        PAGE_CACHE_SECONDS="0",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=var_dir,
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import prefetch_related_objects
    from django.test import Client

    from articles.models import Commentary, related_lookups

    piece = Commentary.objects.published().order_by("-pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    url = piece.get_absolute_url()

    def fetch_only():
        Commentary.objects.get(pk=piece.pk)

    def with_load_related():
        Commentary.objects.get(pk=piece.pk).load_related()

    def with_prefetch():
        prefetch_related_objects(
            [Commentary.objects.get(pk=piece.pk)], *related_lookups()
        )

    def page():
        assert client.get(url).status_code == 200

    ways = {
        "fetch the piece only": fetch_only,
        "load_related()": with_load_related,
        "prefetch_related_objects() (baseline)": with_prefetch,
        "whole summary page, uncached": page,
    }
    for way in ways.values():  # warm up
        for _ in range(20):
            way()
    samples = {name: [] for name in ways}
    for _ in range(ROUNDS):
        for name, way in ways.items():
            started = time.process_time()
            for _ in range(CALLS):
                way()
            samples[name].append((time.process_time() - started) / CALLS)
    figures = {name: median_ms(values) for name, values in samples.items()}
    for name, ms in figures.items():
        say(f"  {name:40s} {ms:7.3f} ms")
    base = figures["fetch the piece only"]
    ours = figures["load_related()"] - base
    theirs = figures["prefetch_related_objects() (baseline)"] - base
    whole = figures["whole summary page, uncached"]
    say(
        f"authors and tags: load_related() {ours:.3f} ms, baseline {theirs:.3f} ms "
        f"({ours / theirs:.2f}× the baseline); saves {theirs - ours:.3f} ms, "
        f"{(theirs - ours) / whole:.0%} of the uncached summary page ({whole:.3f} ms)"
    )


if __name__ == "__main__":
    main()
