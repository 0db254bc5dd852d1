"""Production serving: gunicorn with fulcrum/gunicorn.conf.py, collected static files.

One gunicorn runs for the module, the way the README tells a server to run
it: FULCRUM_ENV=production, a migrated SQLite database in a fresh folder,
static files collected by whitenoise's compressed manifest storage.
"""

import gzip
import json
import os
import queue
import runpy
import secrets
import socket
import subprocess
import sys
import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "fulcrum" / "gunicorn.conf.py"
TEN_YEARS_IMMUTABLE = "max-age=315360000, public, immutable"


class Assets(HTMLParser):
    """The stylesheets and every static URL (href or src) of a page."""

    def __init__(self):
        super().__init__()
        self.stylesheets = []
        self.static = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        for name in ("href", "src"):
            if (attrs.get(name) or "").startswith("/static/"):
                self.static.append(attrs[name])


def production_env(var_dir):
    """Only what a production server is given: no settings leak from this shell."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(var_dir)),
        "LANG": "C.UTF-8",
        "FULCRUM_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "FULCRUM_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "static"),
        "LOG_FORMAT": "json",
        "WEB_CONCURRENCY": "2",
    }


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


class Server:
    def __init__(self, env, stderr):
        # Bind the port here and hand the socket to gunicorn (BIND=fd://N):
        # no race for a free port, and requests wait in the socket's queue
        # until a worker takes them, so nothing needs to poll or sleep.
        listener = socket.create_server(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        fd = listener.fileno()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "fulcrum.wsgi", "-c", str(CONFIG)],
            cwd=ROOT,
            env={**env, "BIND": f"fd://{fd}"},
            pass_fds=[fd],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        # Once gunicorn holds it, a dead server refuses connections at once.
        listener.close()
        self.lines = queue.Queue()
        threading.Thread(target=self.read_stdout, daemon=True).start()

    def read_stdout(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def get(self, path, headers=None, timeout=60):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers=headers or {}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()

    def access_log(self, path, timeout=30):
        """The first JSON access-log line for path, waiting up to timeout."""
        while True:
            line = self.lines.get(timeout=timeout)
            entry = json.loads(line)
            if entry.get("logger") == "gunicorn.access" and entry["path"] == path:
                return entry

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("production")
    env = production_env(var_dir)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    with open(var_dir / "gunicorn.err", "w") as stderr:
        server = Server(env, stderr)
        try:
            status, _, _ = server.get("/healthz")
            assert status == 200, (var_dir / "gunicorn.err").read_text()
            server.static_root = var_dir / "static"
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="module")
def home(site):
    status, _, body = site.get("/")
    assert status == 200
    assets = Assets()
    assets.feed(body.decode())
    return assets


def test_health_check_and_home_page_answer_under_gunicorn(site):
    """The documented command serves /healthz and the home page in production."""
    status, headers, body = site.get("/healthz")
    assert (status, json.loads(body)["database"]) == (200, "ok")
    status, headers, body = site.get("/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")


def test_hashed_stylesheet_is_cached_for_ten_years(site, home):
    """The stylesheet a page links to is fingerprinted and immutable."""
    href = home.stylesheets[0]
    status, headers, body = site.get(href)
    assert status == 200
    assert headers["Cache-Control"] == TEN_YEARS_IMMUTABLE
    assert headers["Content-Type"].startswith("text/css")
    assert b"{" in body


def test_unhashed_file_is_not_cached_for_long(site):
    """The same file by its plain name may change, so it is not immutable."""
    status, headers, _ = site.get("/static/css/site.css")
    assert status == 200
    assert "immutable" not in headers.get("Cache-Control", "")


def test_stylesheet_is_sent_compressed_when_the_browser_accepts_it(site, home):
    """whitenoise serves the gzip file collectstatic made beside the original."""
    href = home.stylesheets[0]
    _, _, plain = site.get(href)
    status, headers, body = site.get(href, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert len(body) < len(plain)
    assert gzip.decompress(body) == plain


def test_pages_reference_only_hashed_static_files(site, home):
    """Every /static/ URL in the page is a fingerprinted name from the manifest."""
    manifest = json.loads((site.static_root / "staticfiles.json").read_text())
    hashed = {f"/static/{name}" for name in manifest["paths"].values()}
    plain = {f"/static/{name}" for name in manifest["paths"]}
    assert home.static
    assert home.stylesheets[0] in home.static
    for url in home.static:
        assert url in hashed, url
        assert url not in plain, url


def test_each_request_is_one_json_line_on_stdout(site):
    """The access log names method, path and status, one JSON object a line."""
    site.get("/healthz?probe=1")
    entry = site.access_log("/healthz")
    while entry["query"] != "probe=1":
        entry = site.access_log("/healthz")
    assert entry["method"] == "GET"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["level"] == "INFO"


def load_config(monkeypatch, **env):
    for name in (
        "BIND",
        "PORT",
        "WEB_CONCURRENCY",
        "THREADS",
        "MAX_REQUESTS",
        "MAX_REQUESTS_JITTER",
        "TIMEOUT",
        "LOG_FORMAT",
        "FULCRUM_ENV",
        "ACCESS_LOG",
        "FORWARDED_ALLOW_IPS",
        "CONTROL_SOCKET",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_gunicorn_defaults_suit_one_small_server(monkeypatch):
    """Loopback port 8000, sync workers, one per core plus one, recycled."""
    config = load_config(monkeypatch)
    assert config["bind"] == "127.0.0.1:8000"
    assert config["worker_class"] == "sync"
    assert config["workers"] == len(os.sched_getaffinity(0)) + 1
    assert config["max_requests"] == 10000
    assert 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert config["accesslog"] == "-"
    # Two gunicorns on one machine must not fight over one control socket.
    assert config["control_socket_disable"] is True


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    """PORT, WEB_CONCURRENCY, THREADS and TIMEOUT change what gunicorn runs."""
    config = load_config(
        monkeypatch, PORT="9001", WEB_CONCURRENCY="5", THREADS="4", TIMEOUT="12"
    )
    assert config["bind"] == "127.0.0.1:9001"
    assert (config["workers"], config["threads"]) == (5, 4)
    assert config["worker_class"] == "gthread"
    assert config["timeout"] == 12
    assert load_config(monkeypatch, BIND="0.0.0.0:80", PORT="1")["bind"] == (
        "0.0.0.0:80"
    )


def test_logs_are_plain_text_outside_production(monkeypatch):
    """Without FULCRUM_ENV=production or LOG_FORMAT the access log is plain text."""
    assert load_config(monkeypatch)["log_format"] == "plain"
    assert load_config(monkeypatch, FULCRUM_ENV="production")["log_format"] == "json"
    assert load_config(monkeypatch, LOG_FORMAT="plain", FULCRUM_ENV="production")[
        "log_format"
    ] == ("plain")
