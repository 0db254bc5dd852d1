"""What every import command shares: one transaction, dry runs, exit statuses.

Exit statuses: 0 success, 1 invalid input (nothing written), 2 wrong usage
(Django's argument parser already exits 2 for unknown options).
"""

import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import changes

from .records import (
    CSVRecordReader,
    JSONRecordReader,
    output_file,
    write_csv,
    write_json,
)
from .report import ImportFailed, Progress, Report
from .sources import InputError, display_path

INVALID_INPUT = 1
WRONG_USAGE = 2


def add_import_arguments(parser):
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="Report what would change and write nothing.",
    )


class Stopped(SystemExit):
    """SIGTERM or SIGHUP arrived: the work in progress is undone, then exit."""


@contextmanager
def undone_when_stopped():
    """Turn SIGTERM and SIGHUP into an exception inside this block.

    `kill`, a stopped container or a closed terminal then roll the
    transaction back and let cleanup code delete the files already written,
    instead of ending the process where it stands. (SIGKILL cannot be
    caught: find_orphan_media finds what it leaves.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Stopped(128 + signum)

    previous = {
        sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def usage_error(message):
    return CommandError(message, returncode=WRONG_USAGE)


def existing_file(path):
    """Return path as a Path, or raise a wrong-usage CommandError."""
    path = Path(path)
    if not path.exists():
        raise usage_error(f"{path}: no such file or folder.")
    if not path.is_file():
        raise usage_error(f"{path}: not a file.")
    return path


def file_format(path, given, choices=("json", "csv")):
    """Return the format given with --format, or the file's extension."""
    if given:
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in choices:
        return suffix
    raise usage_error(
        f"{path}: cannot tell the format from the file name; use --format "
        f"{' or --format '.join(choices)}."
    )


def run_import(command, noun, body, dry_run=False, plural=None):
    """Run body(report) in one transaction and print the closing report.

    Any InputError, or any error the body recorded, rolls everything back and
    becomes a CommandError with exit status 1. A dry run always rolls back.
    """
    report = Report(noun, plural)
    try:
        with transaction.atomic():
            # Bulk writes send no signals: cached pages go stale on commit,
            # and the search text of every piece touched is refreshed once.
            with changes.many_changes():
                try:
                    body(report)
                except InputError as err:
                    report.error(err)
                report.check()
            if dry_run:
                transaction.set_rollback(True)
    except ImportFailed as err:
        raise CommandError(err.summary(), returncode=INVALID_INPUT) from None
    verbosity = command.verbosity
    if verbosity >= 1:
        lines = report.lines(verbosity, dry_run)
        command.stdout.write(command.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            command.stdout.write(line)
    return report


def progress(command, label, total=None, unit="records"):
    return Progress(
        command.stderr if command.verbosity >= 1 else None, label, total, unit
    )


def records_body(reader, parse, writer_factory, command):
    """Return an import body that streams reader's records through parse/write."""

    def body(report):
        writer = writer_factory(report)
        bar = progress(
            command, f"Importing {reader.path}", reader.stream.size, "records"
        )
        count = 0
        try:
            for location, record in reader:
                count += 1
                try:
                    writer.write(parse(record, location))
                except InputError as err:
                    report.error(err)
                bar.update(reader.bytes_read, count)
            # Links between records (translations) once all of them exist.
            finish = getattr(writer, "finish", None)
            if finish is not None:
                try:
                    finish()
                except InputError as err:
                    report.error(err)
        finally:
            bar.finish(reader.bytes_read, count)

    return body


def output_target(path):
    """Return (path or None for stdout, name for messages)."""
    if path in (None, "-"):
        return None, "standard output"
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise usage_error(f"{path}: the folder {directory} does not exist.")
    return path, display_path(path)


class TextOut:
    """A file-like view of a command's stdout that adds no line endings."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
        return len(text)


def add_export_arguments(parser):
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument(
        "--output",
        default="-",
        metavar="FILE",
        help="Where to write; - (the default) is standard output.",
    )


def run_export(command, options, records, kind, noun, plural=None):
    """Write records as kind's JSON or CSV to --output; report the count.

    kind is a module with FORMAT, KEY, CSV_COLUMNS and to_csv_row. A file is
    replaced only once fully written; on standard output, the closing
    message goes to stderr so that it stays out of the data.
    """
    path, name = output_target(options["output"])
    if options["format"] == "csv":

        def write(out):
            rows = (kind.to_csv_row(record) for record in records)
            return write_csv(out, kind.CSV_COLUMNS, rows)

    else:

        def write(out):
            return write_json(out, kind.FORMAT, kind.KEY, records)

    if path is None:
        count = write(TextOut(command.stdout))
        messages = command.stderr
    else:
        with output_file(path) as out:
            count = write(out)
        messages = command.stdout
    if options["verbosity"] >= 1:
        word = noun if count == 1 else plural or f"{noun}s"
        messages.write(f"Exported {count} {word} to {name}.")
    return count


class RecordImportCommand(BaseCommand):
    """An import of records from a JSON or CSV file; subclasses name the format.

    `records` is the module of the format (FORMAT, KEY, CSV_COLUMNS,
    parse_record, csv_to_record), `writer` the class that writes a record,
    `required` the CSV columns a file must have.
    """

    records = None
    writer = None
    required = ()
    noun = "record"
    plural = None

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--format",
            choices=["json", "csv"],
            help="The file's format (default: from its extension).",
        )
        add_import_arguments(parser)

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        path = existing_file(options["file"])
        records = self.records
        if file_format(path, options["format"]) == "json":
            reader = JSONRecordReader(path, records.FORMAT, records.KEY)
            parse = records.parse_record
        else:
            reader = CSVRecordReader(
                path, records.CSV_COLUMNS, required=list(self.required)
            )

            def parse(row, location):
                return records.parse_record(records.csv_to_record(row), location)

        body = records_body(reader, parse, self.writer, self)
        run_import(self, self.noun, body, options["dry_run"], plural=self.plural)
