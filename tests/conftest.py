"""Fixtures for every test, the markers given by folder, and the corpus lane."""

import threading

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.test.testcases import LiveServerThread

from core import pagecache
from tests.corpus import CORPUS, corpus_present, corpus_required
from tests.factories import ensure_groups

# Tests that start real processes (gunicorn, PostgreSQL, Redis): `system`.
SYSTEM = ("tests/system/", "tests/test_serving.py")
# Modules whose tests start processes (manage.py, a local S3 server), commit
# real transactions, load the whole demo site or fill pages by the dozen
# (edit conflicts: two editors' forms, posted and re-rendered; cursor pages
# followed end to end): `slow`, left out of `make check` (the inner loop,
# under a minute here) and run by `make test`.
SLOW = (
    "tests/articles/test_keyset_pagination.py",
    "tests/test_backup.py",
    "tests/test_demo_content.py",
    "tests/test_edit_conflicts.py",
    "tests/test_legacy_database.py",
    "tests/test_media_storage.py",
    "tests/test_settings.py",
)
DESELECTED = pytest.StashKey[int]()


def restore_roles(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Bring the roles' groups back after a transactional test's flush.

    Data migrations make the Contributors, Editors and Admins groups. The
    teardown of a test on the transactional database (the browser tests, the
    live server's) empties every table, then sends post_migrate, once per app,
    as after a migration: content types and permissions come back that way,
    and the groups here, once the last app's permissions exist. Without it, a
    test that signs in an editor passed or failed by the order tests ran in.
    """
    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender is last and using == DEFAULT_DB_ALIAS and not Group.objects.exists():
        ensure_groups()


post_migrate.connect(restore_roles, dispatch_uid="tests.conftest.restore_roles")


def pytest_configure(config):
    if corpus_required() and not corpus_present():
        raise pytest.UsageError(
            f"FULCRUM_REQUIRE_CORPUS is set but the corpus is missing: {CORPUS} "
            "not found (check it out there, or set FULCRUM_CORPUS to its folder)."
        )


def pytest_report_header(config):
    if corpus_present():
        return f"corpus: {CORPUS}"
    return None


def pytest_itemcollected(item):
    path = item.nodeid.split("::")[0]
    if path.startswith("tests/browser/"):
        item.add_marker(pytest.mark.browser)
    if path.startswith(SYSTEM):
        item.add_marker(pytest.mark.system)
    if path.startswith(SLOW):
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Without the corpus, its tests are deselected (not skipped), and said so."""
    if corpus_present():
        return
    deselected = [item for item in items if item.get_closest_marker("corpus")]
    if deselected:
        items[:] = [item for item in items if not item.get_closest_marker("corpus")]
        config.hook.pytest_deselected(items=deselected)
    config.stash[DESELECTED] = len(deselected)


def pytest_terminal_summary(terminalreporter, config):
    count = config.stash.get(DESELECTED, 0)
    if count:
        terminalreporter.write_line(
            f"corpus lane: {count} tests not run: {CORPUS} not found "
            "(set FULCRUM_CORPUS=/path/to/shared to run them)"
        )


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    With SQLite in memory, every thread of the live server uses the test's
    one connection, and a page's own requests (live lede, presence, an
    upload) arrive together: two at once failed with "bad parameter or
    other API misuse". Connections are still accepted by threads, so a
    browser's kept-alive connection blocks nobody between its requests.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session", autouse=True)
def live_server_one_request_at_a_time():
    """Applies to the live server made for this session (pytest-django's)."""
    LiveServerThread.server_class = OneRequestAtATime
    yield
    LiveServerThread.server_class = ThreadedWSGIServer


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache: no page cached by an earlier test."""
    cache.clear()
    # And no cache failure remembered from an earlier test.
    pagecache.reset()
