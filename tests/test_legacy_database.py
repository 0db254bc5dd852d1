"""A database made by the previous release migrates with nothing lost.

tests/data/legacy/ holds a small SQLite database built by Fulcrum as it was
before the apps were re-cut (commit 9a3c326, when Image, Redirect and
WordPressPost were still in `articles`), the exports that code made from it,
and facts.json: what must survive (see build.py there, which rebuilds them
all from that commit). Nothing here imports the old code.

The module migrates a copy of that database once, in a subprocess with an
environment of its own (tests.system.conftest.site_env), so it works on
SQLite whatever DATABASE_URL the suite itself runs on: it runs in both CI
lanes. The migrated copy must then give the same exports, byte for byte, the
same rows in every table, and the same permissions, history and admin log
under the moved models' new labels (MOVED).
"""

import csv
import importlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.system.conftest import site_env

# The models that move to other apps, keeping their tables: "app_label.model"
# before → after. Every other label stays as it was.
MOVED = {
    "articles.image": "images.image",
    "articles.redirect": "core.redirect",
    "articles.wordpresspost": "transfer.wordpresspost",
}
# Tables the new release may add with rows in them (others must be empty):
# SQLite's word and trigram search indexes (articles 0015) and their FTS5
# shadow tables, filled from the pieces already there.
NEW_TABLES_WITH_ROWS = {
    f"articles_commentary_{index}{part}"
    for index in ("words", "grams")
    for part in ("", "_config", "_data", "_docsize", "_idx")
}
# Fields the new release adds to the commentaries exports, with the value
# every piece of an older database must get: the old page's own link wording
# (issue 13), the language and the translated piece (issue 16). CSV writes
# None as an empty cell.
NEW_EXPORT_FIELDS = {"link_text": "", "language": "en", "translation_of": None}


def granted_since():
    """{group: {"app.model.codename"}} that migrations since the legacy
    database grant on purpose (0012: contributors add tags, Admins unlock
    logins)."""
    grants = importlib.import_module(
        "articles.migrations.0012_contributors_add_tags_admins_unlock"
    )
    return {
        group: {
            f"{app}.{codename.split('_', 1)[1]}.{codename}"
            for app, codename in grants.codenames(spec)
        }
        for group, spec in grants.GRANTS
    }


ROOT = Path(__file__).resolve().parent.parent
LEGACY = ROOT / "tests" / "data" / "legacy"
DATABASE = LEGACY / "main-2026-12.sqlite3"
EXPORTS = ["commentaries.json", "commentaries.csv", "members.json", "members.csv"]
# Not data: migration bookkeeping (new migrations add rows), sessions and
# SQLite's own tables (sqlite_sequence's counters, sqlite_stat1's planner
# statistics, which ANALYZE or a VACUUM may rewrite).
NOT_COUNTED = {"django_migrations", "django_session"}


def new_label(label):
    return MOVED.get(label, label)


def new_permission(name):
    """'articles.image.add_image' → 'images.image.add_image'."""
    app_label, model, codename = name.split(".", 2)
    return f"{new_label(f'{app_label}.{model}')}.{codename}"


def relabelled(counts):
    result = Counter()
    for label, count in counts.items():
        result[new_label(label)] += count
    return dict(result)


# --- Facts read straight from the database (no Django: same SQL before and after)


def database_facts(path):
    """What must survive a migration, read from a SQLite database with SQL only.

    build.py stores this for the old database (facts.json); the tests read it
    again from the migrated copy.
    """
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            "group_permissions": grouped(
                db,
                """SELECT g.name, ct.app_label || '.' || ct.model || '.' || p.codename
                FROM auth_group g
                JOIN auth_group_permissions gp ON gp.group_id = g.id
                JOIN auth_permission p ON p.id = gp.permission_id
                JOIN django_content_type ct ON ct.id = p.content_type_id""",
                db.execute("SELECT name FROM auth_group").fetchall(),
            ),
            "user_permissions": grouped(
                db,
                """SELECT u.username, ct.app_label || '.' || ct.model || '.' || p.codename
                FROM auth_user u
                JOIN auth_user_user_permissions up ON up.user_id = u.id
                JOIN auth_permission p ON p.id = up.permission_id
                JOIN django_content_type ct ON ct.id = p.content_type_id""",
                [],
            ),
            "user_groups": grouped(
                db,
                """SELECT u.username, g.name FROM auth_user u
                JOIN auth_user_groups ug ON ug.user_id = u.id
                JOIN auth_group g ON g.id = ug.group_id""",
                [],
            ),
            "versions_per_model": per_content_type(db, "reversion_version"),
            "log_entries_per_model": per_content_type(db, "django_admin_log"),
            "table_rows": table_rows(db),
            "redirects": [
                dict(
                    zip(
                        ("old_path", "new_path", "created_at", "updated_at"),
                        row,
                        strict=True,
                    )
                )
                for row in db.execute(
                    "SELECT old_path, new_path, created_at, updated_at "
                    "FROM articles_redirect ORDER BY old_path"
                )
            ],
        }
    finally:
        db.close()


def grouped(db, sql, keys):
    result = {key: [] for (key,) in keys}
    for key, value in db.execute(sql):
        result.setdefault(key, []).append(value)
    return {key: sorted(values) for key, values in sorted(result.items())}


def per_content_type(db, table):
    rows = db.execute(
        f"SELECT ct.app_label || '.' || ct.model, count(*) FROM {table} t "
        "JOIN django_content_type ct ON ct.id = t.content_type_id GROUP BY 1"
    )
    return dict(sorted(rows))


def table_rows(db):
    names = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        if name not in NOT_COUNTED
    ]
    return {
        name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in names
    }


# --- The migrated copy ----------------------------------------------------------

# Run in the migrated copy by `manage.py shell`: the four exports, through the
# commands themselves, and every history version and admin log entry read back
# through Django, as the admin's History and Recover pages read them.
CHECK = """
import json
from collections import Counter
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from reversion.models import Version

for command, name in [("export_commentaries", "commentaries"), ("export_members", "members")]:
    for fmt in ("json", "csv"):
        call_command(command, format=fmt, output=f"{OUT}/{name}.{fmt}", verbosity=0)

def label(ct):
    return f"{ct.app_label}.{ct.model}"

versions, log_entries, problems = Counter(), Counter(), []
for version in Version.objects.select_related("content_type").order_by("pk"):
    model = version.content_type.model_class()
    try:
        obj = version._object_version.object
    except Exception as err:
        problems.append(f"version {version.pk} of {label(version.content_type)}: {err!r}")
        continue
    if model is None or type(obj) is not model or str(obj.pk) != version.object_id:
        problems.append(
            f"version {version.pk} of {label(version.content_type)} reads back as "
            f"{type(obj).__name__} {obj.pk}"
        )
        continue
    versions[label(version.content_type)] += 1
for entry in LogEntry.objects.select_related("content_type").order_by("pk"):
    model = entry.content_type.model_class()
    if model is None or not model._default_manager.filter(pk=entry.object_id).exists():
        problems.append(f"log entry {entry.pk} of {label(entry.content_type)}: no object")
        continue
    log_entries[label(entry.content_type)] += 1
print(json.dumps({"versions": versions, "log_entries": log_entries, "problems": problems}))
"""


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args[:2])} failed:\n{result.stdout}{result.stderr}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """The legacy database, migrated: its path, exports and what Django reads."""
    folder = tmp_path_factory.mktemp("legacy")
    database = folder / "db.sqlite3"
    shutil.copyfile(DATABASE, database)
    exports = folder / "exports"
    exports.mkdir()
    env = site_env(
        DATABASE_URL=f"sqlite:///{database}",
        FULCRUM_VAR_DIR=folder / "var",
        MEDIA_ROOT=folder / "media",
        PAGE_CACHE_SECONDS=0,
    )
    manage(env, "migrate", "--noinput")
    code = f"OUT = {str(exports)!r}\n{CHECK}"
    output = manage(env, "shell", "--no-imports", "-c", code)
    return {
        "database": database,
        "exports": exports,
        "read_back": json.loads(output.strip().splitlines()[-1]),
        "facts": database_facts(database),
    }


@pytest.fixture(scope="module")
def before():
    return json.loads((LEGACY / "facts.json").read_text())


# --- The tests --------------------------------------------------------------------


def test_a_database_made_by_the_previous_release_migrates_with_nothing_lost(
    migrated, before
):
    """Every table keeps its rows; a new table is empty unless listed."""
    after = migrated["facts"]["table_rows"]
    old = dict(before["table_rows"])
    had = before["group_permissions"]
    old["auth_group_permissions"] += sum(
        len({p for p in names if p not in map(new_permission, had.get(group, []))})
        for group, names in granted_since().items()
    )
    assert sorted(set(old) - set(after)) == [], "tables gone after migrating"
    assert {name: after[name] for name in old} == old
    added = {
        name: count
        for name, count in after.items()
        if name not in old and count and name not in NEW_TABLES_WITH_ROWS
    }
    assert added == {}, "new tables with rows nobody listed in NEW_TABLES_WITH_ROWS"


@pytest.mark.parametrize("name", EXPORTS)
def test_the_exports_are_the_same_before_and_after_migrating(migrated, name):
    """Byte for byte: neither format carries an export date, records come in
    primary-key order and images are named by their stored path (no media
    file is read), so nothing needs normalising."""
    expected = (LEGACY / name).read_text(encoding="utf-8")
    actual = (migrated["exports"] / name).read_text(encoding="utf-8")
    if name.startswith("commentaries"):
        # Fields added since carry their defaults; the rest is as it was.
        actual, expected = without_new_fields(name, actual), read_export(name, expected)
        # But generated ledes name the outlet by its name now, not its label
        # in capitals (issue 16): they may differ in letter case alone.
        for new, old in zip(actual, expected, strict=True):
            if new["lede_is_custom"] in (False, "false"):
                assert new.pop("lede").casefold() == old.pop("lede").casefold()
    else:
        actual, expected = actual.splitlines(), expected.splitlines()
    assert actual == expected


def read_export(name, text):
    if name.endswith(".json"):
        return json.loads(text)["commentaries"]
    return list(csv.DictReader(io.StringIO(text)))


def without_new_fields(name, text):
    records = read_export(name, text)
    for record in records:
        for field, default in NEW_EXPORT_FIELDS.items():
            if name.endswith(".csv"):
                default = "" if default is None else default
            assert record.pop(field) == default, (record["slug"], field)
    return records


def test_redirects_are_kept_row_for_row(migrated, before):
    assert before["redirects"], "the fixture should hold redirects"
    assert migrated["facts"]["redirects"] == before["redirects"]


def test_every_group_and_user_keeps_its_permissions_under_the_new_labels(
    migrated, before
):
    expected = {
        key: {
            name: sorted(map(new_permission, permissions))
            for name, permissions in before[key].items()
        }
        for key in ("group_permissions", "user_permissions")
    }
    for group, names in granted_since().items():
        stored = expected["group_permissions"].setdefault(group, [])
        stored[:] = sorted(set(stored) | names)
    after = migrated["facts"]
    assert after["group_permissions"] == expected["group_permissions"]
    assert after["user_permissions"] == expected["user_permissions"]
    assert after["user_groups"] == before["user_groups"]


def test_the_history_of_every_model_is_kept_under_its_new_label(migrated, before):
    """Counted in the tables, and read back through django-reversion: each
    version still deserialises to an object of its content type's model."""
    expected = relabelled(before["versions_per_model"])
    assert migrated["facts"]["versions_per_model"] == expected
    assert migrated["read_back"]["problems"] == []
    assert migrated["read_back"]["versions"] == expected


def test_admin_log_entries_still_point_at_their_objects(migrated, before):
    expected = relabelled(before["log_entries_per_model"])
    assert migrated["facts"]["log_entries_per_model"] == expected
    assert migrated["read_back"]["problems"] == []
    assert migrated["read_back"]["log_entries"] == expected
