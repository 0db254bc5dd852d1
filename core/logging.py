"""A JSON log formatter: one object a line, for log collectors (LOG_FORMAT=json)."""

import json
import logging


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("status_code", "request"):
            value = getattr(record, key, None)
            if key == "request" and value is not None:
                entry["method"] = value.method
                entry["path"] = value.path
            elif value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
