"""SQLite, the embedded default: a long write does not block readers (WAL)."""

import select
import sqlite3
import subprocess
import sys
import time

import pytest

from .conftest import ROOT, Browser, Site, kill_group, title_in

MARKER = "Written inside one long import"

# A writer like an import: one transaction that writes several megabytes (more
# than SQLite's page cache, so without WAL it would need the exclusive lock
# that shuts readers out), then waits for the test before it commits.
WRITER = f"""
import sys
from django.db import transaction
from django.utils import timezone
from articles.models import Authorship, Commentary

filler = "<p>" + "Deterrence, dialogue and disarmament. " * 60 + "</p>"
with transaction.atomic():
    Commentary.objects.bulk_create(
        Commentary(
            title=f"Backlog piece {{n}}",
            slug=f"backlog-piece-{{n}}",
            summary=filler,
            search_text=filler,
        )
        for n in range(3000)
    )
    piece = Commentary.objects.create(
        title="{MARKER}",
        status=Commentary.Status.PUBLISHED,
        published_at=timezone.now(),
        full_article_url="https://example.org/long-import",
        summary="<p>Written while readers kept reading.</p>",
    )
    Authorship.objects.create(commentary=piece, name="Gareth Evans", position=0)
    print("written", piece.slug, flush=True)
    sys.stdin.readline()
print("committed", flush=True)
"""


@pytest.fixture(scope="module")
def reader(app_server):
    """gunicorn on SQLite, with page caching off so every page reads the file."""
    site = Site(PAGE_CACHE_SECONDS=0)
    seed = site.seed(migrate=True)
    return app_server(site), seed


def read_line(proc, timeout):
    """The next line the writer prints, within timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if ready:
            return proc.stdout.readline()
        if proc.poll() is not None:
            pytest.fail(f"The writer exited:\n{proc.stderr.read()}")
        if time.monotonic() > deadline:
            pytest.fail("The writer did not answer in time.")


def test_the_database_runs_in_wal_mode(reader):
    """The SQLite file is in write-ahead-log mode once the site has used it."""
    server, _seed = reader
    database = sqlite3.connect(server.site.var_dir / "fulcrum.sqlite3")
    try:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        database.close()


def test_readers_are_served_while_an_import_holds_a_write_transaction(
    reader,
):
    """Pages answer 200 while the write is open; its data shows after commit."""
    server, seed = reader
    visitor = Browser()
    pages = [
        "/",
        "/commentaries/",
        f"/commentaries/{seed['pieces']['edit']['slug']}/",
        f"/members/{seed['member']}/",
        "/healthz",
    ]
    writer = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", WRITER],
        cwd=ROOT,
        env=server.site.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        line = read_line(writer, 60)
        assert line.startswith("written "), line
        slug = line.split()[1]

        for path in pages:
            # The timeout only guards against a hang; without WAL a reader
            # would wait for the lock and get an error (database is locked).
            answer = visitor.get(server.url + path, timeout=60)
            assert answer.status == 200, (path, answer.status, server.log_tail())
            # Answered while the writer still holds its open transaction.
            assert writer.poll() is None, writer.stderr.read()
        # Not committed yet: readers see the data as it was.
        assert visitor.get(f"{server.url}/commentaries/{slug}/").status == 404
        assert writer.poll() is None, writer.stderr.read()

        writer.stdin.write("\n")
        writer.stdin.flush()
        assert read_line(writer, 30).strip() == "committed"
        assert writer.wait(timeout=30) == 0, writer.stderr.read()
    finally:
        kill_group(writer)

    summary = visitor.get(f"{server.url}/commentaries/{slug}/")
    assert summary.status == 200
    assert title_in(summary.text, MARKER)
    assert title_in(visitor.get(server.url + "/commentaries/").text, MARKER)
