"""Operations: health checks and logs."""

import json
import logging
from unittest import mock

from django.db import OperationalError
from django.test import TestCase

from core.logging import JSONFormatter


class HealthTests(TestCase):
    def test_healthz_answers_ok_when_the_database_answers(self):
        """Load balancers get 200 and a JSON body, never cached."""
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])

    def test_healthz_answers_503_when_the_database_does_not(self):
        """A database failure is reported, not raised."""
        with mock.patch(
            "django.db.backends.utils.CursorWrapper.execute",
            side_effect=OperationalError("down"),
        ):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "OperationalError")


def test_json_log_lines_are_one_object_each():
    """LOG_FORMAT=json writes parseable lines with level, logger and message."""
    record = logging.LogRecord(
        "fulcrum", logging.WARNING, __file__, 1, "Hi %s", ("ü",), None
    )
    entry = json.loads(JSONFormatter().format(record))
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "fulcrum"
    assert entry["message"] == "Hi ü"
