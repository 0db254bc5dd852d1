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
