"""Real processes for the system tests: PostgreSQL, Redis and gunicorn.

Each fixture starts its own throwaway server on a free port and always stops
it, even when a test fails; the packaged PostgreSQL cluster on 5432 (the
suite itself may be running on it) is never touched. A missing binary fails
the test with the name of the Debian package that provides it: CI installs
them (.ci/run), and a skipped system test is a missing one.

The child processes get a clean environment (see `site_env`), so the
suite's own DATABASE_URL or CACHE_URL never leaks into them.
"""

import html
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_LIB = Path("/usr/lib/postgresql")
EDITOR = "editor"
EDITOR_PASSWORD = "Seoul-Canberra-Hanoi-2026"
# Only these variables of the suite's environment reach the child processes.
PASSED_ON = {"PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "USER"}


# --- Waiting -----------------------------------------------------------------


def wait_for(check, timeout, what, interval=0.05):
    """Poll check() until it returns a true value; fail after timeout seconds.

    Polling with a short interval is how we wait for another process; the
    deadline, not the interval, bounds the test.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout} s waiting for {what}.")
        time.sleep(interval)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def require(binary, package):
    path = shutil.which(binary) if "/" not in str(binary) else str(binary)
    if not path or not os.path.exists(path):
        pytest.fail(f"{binary} is missing: apt-get install {package}")
    return path


def kill_group(proc, timeout=10, sig=signal.SIGTERM):
    """Stop a process we started in its own session, and all its children."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=timeout)


# --- PostgreSQL ----------------------------------------------------------------


def postgres_bin(name):
    versions = (
        sorted((p.name for p in PG_LIB.iterdir()), key=int) if PG_LIB.is_dir() else []
    )
    if not versions:
        pytest.fail(f"No PostgreSQL under {PG_LIB}: apt-get install postgresql")
    return require(PG_LIB / versions[-1] / "bin" / name, "postgresql")


def as_postgres(*args):
    """PostgreSQL's programs refuse to run as root: run them as postgres."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return list(args)


class PostgresServer:
    """A throwaway cluster in a temporary folder, on its own port."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="fulcrum-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.port = free_port()
        self.user = "fulcrum"
        self.password = "fulcrum"
        self._template = None
        self._count = 0
        self.seed = None
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, *args, timeout=60):
        result = subprocess.run(
            as_postgres(*args), capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, (
            f"{' '.join(map(str, args))} failed:\n{result.stdout}{result.stderr}"
            f"\n{tail(self.log)}"
        )
        return result.stdout

    def init(self):
        self.run(
            postgres_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        # Throwaway data: durability is not what these tests are about.
        settings = (
            f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.dir}'\nfsync = off\n"
            "synchronous_commit = off\nfull_page_writes = off\n"
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(settings)

    def pg_ctl(self, action, *args):
        self.run(
            postgres_bin("pg_ctl"),
            action,
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "30",
            *args,
        )

    def start(self):
        self.pg_ctl("start")

    def stop(self):
        self.pg_ctl("stop", "-m", "fast")

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")

    def psql(self, sql, database="postgres"):
        return self.run(
            postgres_bin("psql"),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            str(self.dir),
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-c",
            sql,
        )

    def url(self, name):
        return f"postgres://{self.user}:{self.password}@127.0.0.1:{self.port}/{name}"

    @property
    def database_url(self):
        return self.url("fulcrum")

    def new_database(self):
        """A fresh database, migrated and seeded; return its DATABASE_URL.

        Migrations and seed run once, into a template that each new database
        copies, which is much faster than migrating each one. What the seed
        made is in self.seed (the same in every copy).
        """
        if self._template is None:
            self.psql("CREATE DATABASE fulcrum_template OWNER fulcrum")
            site = Site(DATABASE_URL=self.url("fulcrum_template"))
            try:
                self.seed = site.seed(migrate=True)
            finally:
                shutil.rmtree(site.var_dir, ignore_errors=True)
            self._template = "fulcrum_template"
        self._count += 1
        name = f"fulcrum_{self._count}"
        self.psql(f"CREATE DATABASE {name} TEMPLATE {self._template} OWNER fulcrum")
        return self.url(name)

    def close(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                as_postgres(
                    postgres_bin("pg_ctl"),
                    "stop",
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                ),
                capture_output=True,
                timeout=30,
            )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster with role and database fulcrum."""
    server = PostgresServer()
    try:
        server.init()
        server.start()
        server.psql(f"CREATE ROLE fulcrum LOGIN SUPERUSER PASSWORD '{server.password}'")
        server.psql("CREATE DATABASE fulcrum OWNER fulcrum")
        yield server
    finally:
        server.close()


# --- Redis ---------------------------------------------------------------------


class RedisServer:
    """redis-server with no persistence: a restart starts it empty."""

    def __init__(self):
        self.binary = require("redis-server", "redis-server")
        self.dir = Path(tempfile.mkdtemp(prefix="fulcrum-redis-"))
        self.log = self.dir / "redis.log"
        self.port = free_port()
        self.proc = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        assert self.proc is None or self.proc.poll() is not None
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--logfile",
                str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(
            lambda: self.ping() or self.proc.poll() is not None, 10, "redis-server"
        )
        assert self.proc.poll() is None, f"redis-server exited:\n{tail(self.log)}"

    def stop(self):
        kill_group(self.proc)

    def close(self):
        if self.proc is not None:
            kill_group(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


# --- The application -------------------------------------------------------------


def site_env(**overrides):
    """The environment of a Fulcrum process: nothing of the suite's own."""
    env = {key: value for key, value in os.environ.items() if key in PASSED_ON}
    env.update(
        DJANGO_SETTINGS_MODULE="fulcrum.settings",
        PYTHONUNBUFFERED="1",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY=secrets.token_urlsafe(64),
        LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


class Site:
    """One installation: its environment, with a temporary FULCRUM_VAR_DIR."""

    def __init__(self, **env):
        self.var_dir = Path(tempfile.mkdtemp(prefix="fulcrum-site-"))
        env.setdefault("FULCRUM_VAR_DIR", self.var_dir)
        self.env = site_env(**env)

    def manage(self, *args, timeout=120):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, (
            f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
        )
        return result.stdout

    def shell(self, code):
        return self.manage("shell", "--no-imports", "-c", code)

    def seed(self, migrate=False):
        """Create the editor, an outlet, a member and published commentaries.

        With migrate=True, migrate first, in the same process (one Django
        start-up fewer).
        """
        code = MIGRATE + SEED if migrate else SEED
        return json.loads(self.shell(code).strip().splitlines()[-1])


MIGRATE = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
"""


SEED = f"""
import json
from django.contrib.auth.models import Group, User
from articles.models import Authorship, Commentary, Outlet
from members.models import Member
from django.utils import timezone

editor = User.objects.create_user(
    "{EDITOR}", password="{EDITOR_PASSWORD}", is_staff=True
)
editor.groups.add(Group.objects.get(name="Editors"))
outlet = Outlet.objects.create(name="The Korea Times")
member = Member.objects.create(
    name="Chung-in Moon", position="Former Special Advisor", country="KR"
)
pieces = {{}}
for key, title, hours in [
    ("edit", "Why the peninsula needs a hotline now", 2),
    ("withdraw", "Nuclear risk reduction after Hanoi", 3),
]:
    piece = Commentary.objects.create(
        title=title,
        outlet=outlet,
        status=Commentary.Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(hours=hours),
        full_article_url="https://www.koreatimes.co.kr/opinion/" + key,
        summary="<p>Chung-in Moon argues that dialogue must come first.</p>",
    )
    Authorship.objects.create(commentary=piece, member=member, position=0)
    piece.tags.add("Korean Peninsula")
    pieces[key] = {{"pk": piece.pk, "slug": piece.slug, "title": piece.title}}
print(json.dumps({{
    "pieces": pieces, "member": member.slug, "outlet": outlet.slug,
}}))
"""


class AppServer:
    """gunicorn serving Fulcrum on a free port of 127.0.0.1."""

    def __init__(self, site, workers=2):
        self.site = site
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = site.var_dir / f"gunicorn-{self.port}.log"
        command = [sys.executable, "-m", "gunicorn", "fulcrum.wsgi:application"]
        config = ROOT / "fulcrum" / "gunicorn.conf.py"
        if config.exists():
            command += ["-c", str(config)]
        command += [
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=site.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self):
        wait_for(self._healthy, 30, f"gunicorn on {self.url}/healthz")
        return self

    def _healthy(self):
        assert self.proc.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
        try:
            return Browser().get(self.url + "/healthz", timeout=2).status == 200
        except OSError:
            return False

    def log_tail(self):
        return tail(self.log)

    def stop(self):
        # Throwaway servers: no graceful shutdown to wait for (it takes
        # seconds); what they wrote is committed already.
        kill_group(self.proc, sig=signal.SIGKILL)


@pytest.fixture(scope="module")
def app_server():
    """Start gunicorn for a Site: app_server(site, workers=2); stopped at the end.

    With wait=False it returns at once; call the server's wait() before use.
    """
    servers = []

    def start(site, workers=2, wait=True):
        server = AppServer(site, workers)
        servers.append(server)
        return server.wait() if wait else server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()
        for server in servers:
            shutil.rmtree(server.site.var_dir, ignore_errors=True)


# --- HTTP ---------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: object
    text: str
    seconds: float

    def header(self, name):
        return self.headers.get(name)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor or an editor: urllib with its own cookie jar, no redirects."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, url, data=None, headers=None, timeout=10):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        request = urllib.request.Request(url, data=body, headers=headers or {})
        if body is not None:
            parts = urllib.parse.urlsplit(url)
            request.add_header("Origin", f"{parts.scheme}://{parts.netloc}")
            request.add_header("Referer", url)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as answer:
                status, headers, raw = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        return Response(
            status, headers, raw.decode("utf-8", "replace"), time.monotonic() - started
        )

    def get(self, url, **kwargs):
        return self.request(url, **kwargs)

    def post(self, url, data, **kwargs):
        return self.request(url, data=data, **kwargs)

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def log_in(self, server, username=EDITOR, password=EDITOR_PASSWORD):
        """Sign in through the admin's login form, as a person would."""
        url = server.url + "/admin/login/?next=/admin/"
        form = read_form(self.get(url).text, "login-form")
        form.update(username=username, password=password)
        answer = self.post(url, form)
        assert answer.status == 302, (answer.status, answer.text[:2000])
        assert answer.header("Location") == "/admin/"
        return answer


class FormReader(HTMLParser):
    """The fields a browser would submit from one form (no buttons, no files)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.fields = []
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
            self.found = self.found or self.inside
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
                return
            self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "opts": []}
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
            self._select["opts"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the one newline that follows <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            opts = self._select["opts"]
            chosen = [o for o in opts if o[1]]
            if not chosen and opts and not self._select["multiple"]:
                chosen = opts[:1]
            for value, _selected, text in chosen:
                value = text.strip() if value is None else value
                self.fields.append((self._select["name"], value))
            self._select = None


def read_form(page, form_id=None):
    """Return the form's fields as a dict of lists (first form if no id)."""
    reader = FormReader(form_id)
    reader.feed(page)
    assert reader.found, f"No form {form_id!r} in the page:\n{page[:2000]}"
    fields = {}
    for name, value in reader.fields:
        fields.setdefault(name, []).append(value)
    return fields


def edit_title(editor, server, pk, title):
    """Change a commentary's title through its admin change form, as a person would."""
    url = f"{server.url}/admin/articles/commentary/{pk}/change/"
    form = read_form(editor.get(url).text, "commentary_form")
    assert "title" in form, "No title field: is the editor signed in?"
    form["title"] = [title]
    form["_save"] = ["Save"]
    answer = editor.post(url, form)
    assert answer.status == 302, (answer.status, answer.text[:3000])
    return form


def title_in(page, title):
    """True when the title is on the page, as the page escapes it."""
    return html.escape(title) in page or title in page
