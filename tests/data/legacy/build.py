"""Rebuild tests/data/legacy/ from the code of the release it stands for.

The files here were made by commit 9a3c326 of main (December 2026), before
the apps were re-cut; tests/test_legacy_database.py migrates the database
with today's code and compares. To rebuild them, run this script on THAT
commit, never on later code (the point is a database the old code made):

    git worktree add /tmp/fulcrum-9a3c326 9a3c326
    cd /tmp/fulcrum-9a3c326 && make install
    .venv/bin/python tests/data/legacy/build.py
    cp tests/data/legacy/* <your checkout>/tests/data/legacy/

(build.py, seed.py and the test were committed after 9a3c326: copy them
into the old worktree first, and copy back only the outputs.)

What it does, each step a fresh process in a clean environment (no
DATABASE_URL or settings of the calling shell leak in):
1. `migrate` a new SQLite database (DATABASE_URL=sqlite:///…, MEDIA_ROOT and
   FULCRUM_VAR_DIR in a temporary folder);
2. `load_demo_content`: 16 members (with drawn photos), 9 outlets, 40
   commentaries (with images), the users "editor" (Editors) and
   "contributor" (Contributors);
3. seed.py: an image edited through the admin (LogEntry and reversion
   Version of articles.image), a member's photo saved in a reversion
   revision and logged, a commentary's and a member's slug renamed (Redirect
   rows through the signals), tests/data/wxr/apln-site.xml imported with
   import_wordpress (WordPressPost rows, more redirects), a group
   "Importers" and a user permission on the moved models;
4. `export_commentaries` and `export_members`, JSON and CSV;
5. VACUUM, then facts.json (tests.test_legacy_database.database_facts: SQL
   only).

The media files are not kept: the exports name images by their stored path
and never open them, and the migration does not touch files. The demo's
passwords are random and printed nowhere; nobody signs in to this database.
"""

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from tests.system.conftest import site_env  # noqa: E402
from tests.test_legacy_database import DATABASE, EXPORTS, database_facts  # noqa: E402


def run(env, *args):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def main():
    folder = Path(tempfile.mkdtemp(prefix="fulcrum-legacy-"))
    try:
        database = folder / "db.sqlite3"
        env = site_env(
            DATABASE_URL=f"sqlite:///{database}",
            FULCRUM_VAR_DIR=folder / "var",
            MEDIA_ROOT=folder / "media",
            PAGE_CACHE_SECONDS=0,
            # The seed edits an image through the admin with Django's test client.
            ALLOWED_HOSTS="testserver",
        )
        run(env, "manage.py", "migrate", "--noinput")
        run(env, "manage.py", "load_demo_content", "--verbosity", "0")
        run(env, str(HERE / "seed.py"), str(ROOT / "tests/data/wxr/apln-site.xml"))
        for name in EXPORTS:
            kind, fmt = name.split(".")
            run(
                env, "manage.py", f"export_{kind}", "--format", fmt,
                "--output", str(HERE / name), "--verbosity", "0",
            )  # fmt: skip
        db = sqlite3.connect(database)
        db.execute("DELETE FROM django_session")  # the seed's admin sign-in
        db.commit()
        db.execute("VACUUM")
        db.close()
        shutil.copyfile(database, DATABASE)
        facts = database_facts(DATABASE)
        (HERE / "facts.json").write_text(
            json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        for name in [DATABASE.name, *EXPORTS]:
            # The exports are written through a private temporary file (0600).
            (HERE / name).chmod(0o644)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.stdout.write(
        f"Wrote {DATABASE.name}, {', '.join(EXPORTS)} and facts.json in {HERE}\n"
    )


if __name__ == "__main__":
    main()
