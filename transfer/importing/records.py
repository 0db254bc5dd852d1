"""The versioned record files, JSON and CSV, streamed in both directions.

JSON files are one object, {"format": F, "version": 1, KEY: [records]}; the
records are read one at a time by ijson's event parser (its C backend when
installed), so a file of any size imports in bounded memory. CSV files have a
header row naming the columns. The field rules shared by both live here too:
each helper either returns a clean value or raises an InputError naming the
record and the field; limits, choices and URL rules come from the models.
"""

import csv
import datetime
import json
import os
import re
import tempfile
from contextlib import contextmanager

import ijson
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone

from core.validators import http_url

from .sources import InputError, Location, TextStream

VERSION = 1
# One record, as JSON text, may be at most this big: a larger one is refused
# before the rest of it is read (ijson holds a string whole until it ends).
MAX_RECORD_BYTES = 5 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
# No record nests deeper than a handful of levels (a record, its authors, an
# author); a value nested deeper is refused where it starts, before Python's
# recursion limit turns it into a traceback.
MAX_DEPTH = 32

MISSING = object()


def shown(value, size=60):
    """Return value as JSON, cut short for an error message."""
    if nesting_depth(value) > MAX_DEPTH:
        return f"a value nested more than {MAX_DEPTH} levels deep"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= size else text[: size - 3] + "..."


def nesting_depth(value):
    """Return how deeply lists and objects nest in value (0 for a scalar),
    counting no further than MAX_DEPTH + 1; without recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if not isinstance(current, list | dict):
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        items = current.values() if isinstance(current, dict) else current
        pending.extend((item, depth + 1) for item in items)
    return deepest


# --- JSON -------------------------------------------------------------------


class JSONRecordReader:
    """Iterate over the records of one versioned JSON file, streaming.

    ijson's push parser is fed the file a line at a time, so each event is
    known to come from the line just sent; only the record being built is
    held in memory. Yields (location, record); after iteration, the format
    and version have been checked whatever the order of the top-level keys.
    """

    def __init__(self, path, format_name, key):
        self.stream = TextStream(path)
        self.path = self.stream.path
        self.format_name = format_name
        self.key = key
        self.header = {}
        self.records = 0

    @property
    def bytes_read(self):
        return self.stream.bytes_read

    def _pieces(self):
        """Yield (UTF-8 bytes, line number): the file's lines, cut at chunks.

        The last piece, None, stands for the end of the file.
        """
        line = 1
        for chunk in self.stream:
            *ended, rest = chunk.split("\n")
            for part in ended:
                yield f"{part}\n".encode(), line
                line += 1
            if rest:
                yield rest.encode(), line
        yield None, line

    def __iter__(self):
        events = ijson.sendable_list()
        parser = ijson.basic_parse_coro(events, use_float=True)
        # The state between events: how deep the parser is, the top-level key
        # whose value comes next, and the value being built (with where it
        # started, as a Location and as the count of bytes sent before it).
        self.depth, self.top_key, self.in_list = 0, None, False
        self.built, self.start, self.sent, self.start_sent = None, None, 0, 0
        self.quiet_from = 0  # bytes sent before the last piece with events
        self.seen_records = False
        for piece, line in self._pieces():
            # The events before an error are followed first: they say where.
            try:
                parser.send(piece) if piece is not None else parser.close()
            except ijson.JSONError as err:
                error = err
            else:
                error = None
            if events:
                self.quiet_from = self.sent
            for event, value in events:
                yield from self._event(event, value, line)
            events.clear()
            if error is not None:
                raise self._invalid(error, line)
            self.sent += len(piece or b"")
            self._check_size(line)
        for key in ("format", "version"):
            if key not in self.header:
                raise InputError(
                    Location(self.path),
                    f"the “{key}” key is missing; expected "
                    f'"format": "{self.format_name}", "version": {VERSION}.',
                )
        if not self.seen_records:
            raise InputError(Location(self.path), f"the “{self.key}” list is missing.")

    def _invalid(self, error, line):
        message = str(error).split("\n")[0].split(": ", 1)[-1]
        record = self.records if self.built and self.in_list else None
        return InputError(
            Location(self.path, line, record), f"invalid JSON: {message}."
        )

    def _event(self, event, value, line):
        """Follow one parser event; yield (location, record) when one is whole."""
        starts = event in ("start_map", "start_array")
        ends = event in ("end_map", "end_array")
        if starts and self.depth >= MAX_DEPTH:
            record = self.records if self.in_list else None
            raise InputError(
                Location(self.path, line, record),
                f"lists or objects nested more than {MAX_DEPTH} levels deep; no "
                "record of this format nests so deep (is a bracket unclosed?).",
            )
        if self.built is None and not ends and event != "map_key":
            # A value begins: the document, a record or a header value.
            if self.depth == 0 and event != "start_map":
                raise InputError(
                    Location(self.path, line),
                    f'expected a JSON object {{"format": "{self.format_name}", '
                    f'"version": {VERSION}, "{self.key}": [...]}}, found '
                    f"{shown(value) if not starts else '“[”'}.",
                )
            if self.depth == 1 and self.top_key == self.key and event == "start_array":
                self.in_list = True
            elif self.depth > 0:
                if self.in_list:
                    self.records += 1
                self.built = ijson.ObjectBuilder()
                self.start = Location(
                    self.path, line, self.records if self.in_list else None
                )
                self.start_sent = self.sent
        if self.built is not None:
            self.built.event(event, value)
            if not self.built.containers:
                yield from self._value(self.built.value)
                self.built = None
        elif event == "map_key" and self.depth == 1:
            if value not in ("format", "version", self.key):
                raise InputError(
                    Location(self.path, line),
                    f"unknown key “{value}”; expected “format”, “version” and "
                    f"“{self.key}”.",
                )
            self.top_key = value
            self.seen_records = self.seen_records or value == self.key
        elif ends and self.depth == 2:
            self.in_list = False
        self.depth += starts - ends

    def _value(self, value):
        """Check a header value or yield a record, both whole."""
        if self.in_list:
            if not isinstance(value, dict):
                raise InputError(
                    self.start, f"expected an object {{...}}, found {shown(value)}."
                )
            yield self.start, value
        elif self.top_key == self.key:
            raise InputError(
                self.start, f"expected a list of {self.key} “[”, found {shown(value)}."
            )
        else:
            self.header[self.top_key] = (value, self.start)
            self._check_header(self.top_key)

    def _check_size(self, line):
        """Refuse a value too big to hold, before the rest of it is read."""
        if self.built is None:  # a key or a string ijson is holding whole
            limit, since, where = MAX_RECORD_BYTES, self.quiet_from, None
        else:
            limit = MAX_RECORD_BYTES if self.in_list else MAX_HEADER_BYTES
            since, where = self.start_sent, self.start
        if self.sent - since > limit:
            raise InputError(
                where or Location(self.path, line),
                f"this value is larger than {limit // 1024 // 1024 or 1} MB; is a "
                "closing quote or bracket missing?",
            )

    def _check_header(self, key):
        value, where = self.header[key]
        if key == "format" and value != self.format_name:
            raise InputError(
                where,
                f"this is not a {self.format_name} file: expected "
                f"“format”: “{self.format_name}”, found {shown(value)}.",
                "format",
            )
        if key == "version" and (type(value) is not int or value != VERSION):
            raise InputError(
                where,
                f"version {shown(value)} is not supported; this Fulcrum reads "
                f"version {VERSION}.",
                "version",
            )


def write_json(out, format_name, key, records):
    """Write records to out as one versioned JSON document, a record per line."""
    out.write(f'{{"format": "{format_name}", "version": {VERSION}, "{key}": [')
    count = 0
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count


# --- CSV --------------------------------------------------------------------

# A cell starting with one of these would run as a formula in a spreadsheet;
# exports prefix it (after any apostrophes) with one more apostrophe, which
# imports take off again, so every value round-trips.
FORMULA = re.compile(r"'*[=+\-@\t\r]")


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    value = str(value)
    return "'" + value if FORMULA.match(value) else value


def csv_value(cell):
    if cell.startswith("'") and FORMULA.match(cell, 1):
        return cell[1:]
    return cell


def write_csv(out, columns, rows):
    """Write dict rows to out with a header; formula-like cells neutralised."""
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
        count += 1
    return count


class CSVRecordReader:
    """Iterate over the rows of a CSV file with a header, as dicts.

    Yields (location, row); columns missing from the header are missing
    from the row, so a partial sheet updates only the columns it has.
    """

    def __init__(self, path, columns, required=()):
        self.stream = TextStream(path)
        self.path = self.stream.path
        self.columns = columns
        self.required = required
        self.records = 0

    @property
    def bytes_read(self):
        return self.stream.bytes_read

    def __iter__(self):
        reader = csv.reader(self.stream.lines(), strict=True)
        line = 1
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(
                    Location(self.path), "the file is empty; expected a header row."
                )
            header = [csv_value(cell).strip() for cell in header]
            self._check_header(header)
            line = reader.line_num + 1
            for row in reader:
                location = Location(self.path, line, None)
                line = reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                self.records += 1
                location = Location(self.path, location.line, self.records)
                if len(row) != len(header):
                    raise InputError(
                        location,
                        f"the row has {len(row)} cells; expected {len(header)}, one "
                        "per column of the header (is a quote or comma out of place?).",
                    )
                yield (
                    location,
                    {
                        column: csv_value(cell)
                        for column, cell in zip(header, row, strict=True)
                    },
                )
        except csv.Error as err:
            raise InputError(
                Location(self.path, reader.line_num or line),
                f"malformed CSV: {err} (is a quote missing or out of place?).",
            ) from None

    def _check_header(self, header):
        location = Location(self.path, 1)
        unknown = [c for c in header if c not in self.columns]
        if unknown:
            raise InputError(
                location,
                f"unknown column “{unknown[0]}”; the columns are: "
                f"{', '.join(self.columns)}.",
            )
        repeated = {c for c in header if header.count(c) > 1}
        if repeated:
            raise InputError(location, f"the column “{sorted(repeated)[0]}” repeats.")
        missing = [c for c in self.required if c not in header]
        if missing:
            raise InputError(location, f"the column “{missing[0]}” is required.")


@contextmanager
def output_file(path):
    """Yield a text file that replaces path only once fully written."""
    directory = os.path.dirname(os.path.abspath(path))
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=directory, delete=False, suffix=".tmp"
    )
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise


# --- Field rules -------------------------------------------------------------


# text()'s default: as many characters as the model's field of that name holds.
FROM_MODEL = object()


def model_field(model, name):
    """Return the field called name of model, or None if it has none."""
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def max_length(model, name):
    """Return the most characters model's field holds (None: no limit).

    Imports read limits, choices and validators from the models, so what they
    accept cannot drift from what the database and the admin accept.
    """
    return getattr(model_field(model, name), "max_length", None)


class Fields:
    """Read the fields of one record, raising located InputErrors.

    model, when given, is where the record's fields of the same names are
    stored: their maximum lengths, choices and URL validators apply.
    """

    def __init__(self, record, location, allowed, model=None):
        self.record = record
        self.location = location
        self.model = model
        unknown = [key for key in record if key not in allowed]
        if unknown:
            raise self.error(
                unknown[0], f"unknown field; the fields are: {', '.join(allowed)}."
            )

    def error(self, field, message):
        return InputError(self.location, message, field)

    def raw(self, field):
        return self.record.get(field, MISSING)

    def text(self, field, limit=FROM_MODEL, required=False, strip=False):
        value = self.record.get(field, MISSING)
        if value is MISSING:
            if required:
                raise self.error(field, "this field is required.")
            return MISSING
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.error(field, f"expected text, found {shown(value)}.")
        if strip:
            value = value.strip()
        if required and not value.strip():
            raise self.error(field, "expected a non-empty value.")
        if limit is FROM_MODEL:
            limit = max_length(self.model, field)
        check_text(self, field, value, limit)
        return value

    def choice(self, field):
        value = self.text(field)
        if value is MISSING:
            return MISSING
        values = [choice for choice, _ in model_field(self.model, field).choices]
        if value not in values:
            raise self.error(
                field, f"expected one of {', '.join(values)}; found “{value}”."
            )
        return value

    def boolean(self, field):
        value = self.record.get(field, MISSING)
        if value is MISSING or isinstance(value, bool):
            return value
        if isinstance(value, str):
            word = value.strip().lower()
            if word in ("true", "yes", "1"):
                return True
            if word in ("false", "no", "0", ""):
                return False
        raise self.error(field, f"expected true or false, found {shown(value)}.")

    def url(self, field):
        value = self.text(field, strip=True)
        if value is MISSING or not value:
            return value
        return check_url(self, field, value, model_field(self.model, field))

    def datetime(self, field):
        value = self.text(field, strip=True)
        if value is MISSING or not value:
            return None if value == "" else value
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise self.error(
                field,
                f"expected an ISO 8601 date and time such as "
                f"2024-05-01T09:30:00+09:00; found “{value}”.",
            ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def partial_date(self, field):
        """Return (date, precision) from "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
        value = self.text(field, strip=True)
        if value is MISSING:
            return MISSING
        return parse_partial_date(value, lambda m: self.error(field, m))

    def json_list(self, field):
        """Return a list: given as JSON in a JSON file, or in a CSV cell."""
        value = self.record.get(field, MISSING)
        if value is MISSING or isinstance(value, list):
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            return []
        if isinstance(value, str) and value.lstrip().startswith("["):
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError as err:
                raise self.error(
                    field, f"expected a JSON list in this cell: {err.msg}."
                ) from None
            except RecursionError:
                parsed = None
            if parsed is None or nesting_depth(parsed) > MAX_DEPTH:
                raise self.error(
                    field,
                    f"lists or objects nested more than {MAX_DEPTH} levels deep "
                    "in this cell.",
                )
            if isinstance(parsed, list):
                return parsed
        if isinstance(value, str):
            # A hand-written cell: items separated by semicolons or lines.
            return [item.strip() for item in re.split(r"[;\n]", value) if item.strip()]
        raise self.error(field, f"expected a list, found {shown(value)}.")


def check_text(fields, field, value, max_length=None):
    if "\x00" in value:
        raise fields.error(field, "the text contains a NUL character.")
    if max_length and len(value) > max_length:
        raise fields.error(
            field,
            f"expected at most {max_length} characters; found {len(value)}.",
        )


def check_url(fields, field, value, model_field=None):
    """Return value if it passes model_field's validators (else http_url)."""
    try:
        for validate in model_field.validators if model_field else [http_url]:
            validate(value)
    except ValidationError:
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise fields.error(
            field, f"expected a web address starting with http:// or https://; "
            f"found “{shown}”.",
        ) from None  # fmt: skip
    return value


SLUG = re.compile(r"[-\w]+")
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_partial_date(value, error):
    """Return (date, precision) for "", "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    if not value:
        return None, "day"
    match = PARTIAL_DATE.fullmatch(value)
    if match:
        year, month, day = match.groups()
        try:
            date = datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            pass
        else:
            precision = "day" if day else "month" if month else "year"
            return date, precision
    raise error(f"expected YYYY, YYYY-MM or YYYY-MM-DD; found “{value}”.")


class Sub(Fields):
    """Fields of a nested object, reported as e.g. “authors[0].name”."""

    def __init__(self, record, location, allowed, prefix, model=None):
        self.prefix = prefix
        if not isinstance(record, dict):
            raise InputError(
                location,
                f"expected an object {{...}}, found {shown(record)}.",
                prefix,
            )
        super().__init__(record, location, allowed, model)

    def error(self, name, message):
        return InputError(self.location, message, f"{self.prefix}.{name}")


def check_slug(fields, name, value):
    if value and not SLUG.fullmatch(value):
        raise fields.error(
            name, f"expected letters, digits and hyphens only; found “{value}”."
        )
    return value
