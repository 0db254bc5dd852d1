"""Settings: production refuses to start unsafely, and `check --deploy` is clean."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    """Run manage.py in a fresh process with only the given settings in the env."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "FULCRUM_ENV",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    # The site's settings, as a server runs them, not the suite's.
    environ["DJANGO_SETTINGS_MODULE"] = "fulcrum.settings"
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    """FULCRUM_ENV=production with no SECRET_KEY stops with a clear message."""
    result = manage("check", FULCRUM_ENV="production", ALLOWED_HOSTS="apln.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_or_insecure_secret_key():
    """A placeholder key is not accepted either."""
    result = manage(
        "check",
        FULCRUM_ENV="production",
        SECRET_KEY="django-insecure-" + "x" * 60,
        ALLOWED_HOSTS="apln.example",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_reports_no_warnings_in_production():
    """With a real key and hosts, `check --deploy` finds nothing to fix."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        FULCRUM_ENV="production",
        SECRET_KEY="k" * 20 + "Zq8-" + "r" * 40,
        ALLOWED_HOSTS="apln.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    """makemigrations --check finds nothing to write."""
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


PRODUCTION_ENV = {
    "FULCRUM_ENV": "production",
    "SECRET_KEY": "k" * 20 + "Zq8-" + "r" * 40,
    "ALLOWED_HOSTS": "apln.example",
}


def test_health_checks_over_plain_http_are_not_redirected_in_production(tmp_path):
    """A load balancer probing http://.../healthz gets 200; pages go to HTTPS."""
    script = (
        "from django.test import Client; c = Client(HTTP_HOST='apln.example'); "
        "print(c.get('/healthz').status_code, c.get('/').status_code)"
    )
    result = manage(
        "shell", "-c", script, FULCRUM_VAR_DIR=str(tmp_path), **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    # The last line: `shell` first reports what it imported.
    assert result.stdout.splitlines()[-1].split() == ["200", "301"]


def test_production_reads_the_readers_address_from_its_proxy():
    """Behind the HTTPS proxy, login throttling sees each reader's own address."""
    script = (
        "from django.test import RequestFactory; from core.security import client_ip; "
        "r = RequestFactory().get('/', REMOTE_ADDR='127.0.0.1', "
        "HTTP_X_FORWARDED_FOR='198.51.100.7, 203.0.113.9'); print(client_ip(r))"
    )
    result = manage("shell", "-c", script, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    # The proxy appended the address it saw; what the client sent is ignored.
    assert result.stdout.splitlines()[-1] == "203.0.113.9"
