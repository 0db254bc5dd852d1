"""Benchmark: import_commentaries of N commentaries beside loaddata of the same.

    .venv/bin/python bench/import_bench.py                 # 100,000 commentaries
    .venv/bin/python bench/import_bench.py --count 5000    # a quicker run

It generates N commentaries (one to three authors drawn from 300 members and
outside co-authors, 25 outlets, up to three of 60 tags, a summary of about a
kilobyte) twice: as a fulcrum-commentaries JSON file and as a Django fixture
holding the same rows. Each is loaded by `manage.py` in a child process into
its own throwaway SQLite database (FULCRUM_VAR_DIR in a temporary folder,
migrated first), and the child's wall time and peak memory (ru_maxrss, from
wait4) are printed with their ratios. The import must stay under 300 MB for
100,000 commentaries: the script exits 1 if its peak is over that.

loaddata reads the whole fixture into memory and saves rows without
signals; import_commentaries streams its file, matches members, outlets and
tags, sanitises summaries and fills the search text as well.
"""

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 300
WORDS = (
    "deterrence dialogue nuclear disarmament restraint alliance treaty peninsula "
    "security cooperation region summit verification transparency risk reduction "
    "diplomacy missile arms control confidence building humanitarian"
).split()


def say(text):
    """Write a line of the report to stdout at once (a script, not a command)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def generate(count, json_path, fixture_path, seed=1):
    """Write count commentaries as our JSON and as an equivalent fixture."""
    rng = random.Random(seed)
    members = [(f"Member Person {n}", f"member-person-{n}") for n in range(300)]
    outlets = [(f"Outlet {n}", f"outlet-{n}") for n in range(25)]
    tags = [f"topic {n}" for n in range(60)]

    def paragraph():
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 90))) + "."

    def pieces():
        for n in range(count):
            authors = [
                (rng.randrange(len(members)), True) for _ in range(rng.randint(1, 2))
            ]
            authors = list(dict.fromkeys(authors))
            if rng.random() < 0.5:
                authors.append((f"Outside Author {rng.randrange(5000)}", False))
            yield {
                "n": n,
                "title": f"Commentary {n}: {paragraph()[:60]}",
                "slug": f"commentary-{n}",
                "outlet": rng.randrange(len(outlets)),
                "summary": f"<p>{paragraph()}</p><p>{paragraph()}</p>",
                "url": f"https://example.org/{n // 1000}/{n}/",
                "published_at": f"20{10 + n % 15:02d}-0{1 + n % 9}-1{n % 10}"
                "T09:00:00+00:00",
                "authors": authors,
                "tags": sorted(set(rng.sample(tags, rng.randint(0, 3)))),
            }

    with open(json_path, "w", encoding="utf-8") as out:
        out.write('{"format": "fulcrum-commentaries", "version": 1, "commentaries": [')
        for piece in pieces():
            record = {
                "title": piece["title"],
                "slug": piece["slug"],
                "kind": "commentary",
                "status": "published",
                "outlet": dict(
                    zip(("name", "slug"), outlets[piece["outlet"]], strict=True)
                ),
                "summary": piece["summary"],
                "full_article_url": piece["url"],
                "published_at": piece["published_at"],
                "authors": [
                    {"name": members[a][0], "member": members[a][1], "role": ""}
                    if is_member
                    else {"name": a, "member": None, "role": ""}
                    for a, is_member in piece["authors"]
                ],
                "tags": piece["tags"],
            }
            out.write(",\n" if piece["n"] else "\n")
            out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n]}\n")

    rng.seed(seed)  # The fixture holds exactly the same pieces.
    with open(fixture_path, "w", encoding="utf-8") as out:
        first = True

        def emit(model, pk, fields):
            nonlocal first
            out.write("[\n" if first else ",\n")
            first = False
            out.write(json.dumps({"model": model, "pk": pk, "fields": fields}))

        # Raw saves fill no auto_now fields: the fixture carries them.
        stamps = {
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
        }
        for pk, (name, slug) in enumerate(members, start=1):
            key = " ".join(sorted(name.lower().split()))
            emit(
                "members.member",
                pk,
                {"name": name, "slug": slug, "name_key": key, **stamps},
            )
        for pk, (name, slug) in enumerate(outlets, start=1):
            emit("articles.outlet", pk, {"name": name, "slug": slug, **stamps})
        for pk, name in enumerate(tags, start=1):
            emit("taggit.tag", pk, {"name": name, "slug": name.replace(" ", "-")})
        authorship_pk = tagged_pk = 0
        for piece in pieces():
            pk = piece["n"] + 1
            emit(
                "articles.commentary",
                pk,
                {
                    "title": piece["title"],
                    "slug": piece["slug"],
                    "kind": "commentary",
                    "status": "published",
                    "outlet": piece["outlet"] + 1,
                    "summary": piece["summary"],
                    "full_article_url": piece["url"],
                    "published_at": piece["published_at"],
                    "created_at": piece["published_at"],
                    "updated_at": piece["published_at"],
                },
            )
            for position, (author, is_member) in enumerate(piece["authors"]):
                authorship_pk += 1
                fields = {"commentary": pk, "position": position}
                if is_member:
                    fields["member"] = author + 1
                else:
                    fields["name"] = author
                emit("articles.authorship", authorship_pk, fields)
            for name in piece["tags"]:
                tagged_pk += 1
                emit(
                    "articles.taggedcommentary",
                    tagged_pk,
                    {"content_object": pk, "tag": tags.index(name) + 1},
                )
        out.write("\n]\n")


def manage(var_dir, *args):
    """Run manage.py in a child; return (seconds, peak MB)."""
    env = dict(
        os.environ, FULCRUM_VAR_DIR=str(var_dir), DEBUG="0", PYTHONUNBUFFERED="1"
    )
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed with status {child.returncode}")
    return seconds, usage.ru_maxrss / 1024  # KB on Linux


def count_rows(var_dir):
    with sqlite3.connect(var_dir / "fulcrum.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM articles_commentary").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument(
        "--keep", action="store_true", help="Keep the temporary folder."
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fulcrum-bench-"))
    try:
        data, fixture = work / "commentaries.json", work / "fixture.json"
        say(f"Generating {options.count:,} commentaries in {work} ...")
        generate(options.count, data, fixture)
        say("Migrating two throwaway databases ...")
        template = work / "template"
        manage(template, "migrate", "--noinput", "-v0")
        dirs = {}
        for name in ("import", "loaddata"):
            dirs[name] = work / name
            shutil.copytree(template, dirs[name])
        say("Running import_commentaries ...")
        imported = manage(dirs["import"], "import_commentaries", str(data), "-v0")
        say(f"  {imported[0]:.1f} s, peak {imported[1]:.0f} MB")
        say("Running loaddata ...")
        loaded = manage(dirs["loaddata"], "loaddata", str(fixture), "-v0")
        say(f"  {loaded[0]:.1f} s, peak {loaded[1]:.0f} MB")
        for name in dirs:
            rows = count_rows(dirs[name])
            if rows != options.count:
                sys.exit(f"{name} left {rows:,} commentaries, not {options.count:,}")
        report(options.count, data, fixture, imported, loaded)
    finally:
        if options.keep:
            say(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if imported[1] < LIMIT_MB or options.count > 100_000 else 1


def report(count, data, fixture, imported, loaded):
    size = {p: p.stat().st_size / 1024 / 1024 for p in (data, fixture)}
    say("")
    say(
        f"{count:,} commentaries: JSON {size[data]:.1f} MB, fixture "
        f"{size[fixture]:.1f} MB"
    )
    say(f"{'':22}{'time':>10}{'rate':>18}{'peak memory':>14}")
    for name, (seconds, peak) in (
        ("import_commentaries", imported),
        ("loaddata", loaded),
    ):
        rate = count / seconds
        say(f"{name:22}{seconds:9.1f}s{rate:12,.0f} rec/s{peak:11,.0f} MB")
    say(
        f"{'import / loaddata':22}{imported[0] / loaded[0]:9.2f}×"
        f"{loaded[0] / imported[0]:12.2f}× rate{imported[1] / loaded[1]:10.2f}× memory"
    )
    verdict = "OK" if imported[1] < LIMIT_MB else "OVER"
    peak = f"{imported[1]:.0f} MB (limit {LIMIT_MB} MB)"
    say(f"Peak memory of the import: {peak}: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
