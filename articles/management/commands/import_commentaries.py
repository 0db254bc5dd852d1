"""Import commentaries from a fulcrum-commentaries JSON or CSV file.

    manage.py import_commentaries backlog.json --dry-run
    manage.py import_commentaries sheet.csv

Records match existing pieces by normalised full-article URL, else slug, else
title and outlet, and update them in place; the rest are created. The JSON is
streamed, so files of any size import in bounded memory. The formats are in
docs/formats.md. Exit status: 0 success, 1 invalid input, 2 wrong usage.
"""

from django.core.management.base import BaseCommand

from articles.importing import runner
from articles.importing.commentaries import (
    CSV_COLUMNS,
    FORMAT,
    KEY,
    CommentaryWriter,
    csv_to_record,
    parse_record,
)
from articles.importing.records import CSVRecordReader, JSONRecordReader


class Command(BaseCommand):
    help = "Import commentaries from a JSON or CSV file (see docs/formats.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--format",
            choices=["json", "csv"],
            help="The file's format (default: from its extension).",
        )
        runner.add_import_arguments(parser)

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        path = runner.existing_file(options["file"])
        if runner.file_format(path, options["format"]) == "json":
            reader = JSONRecordReader(path, FORMAT, KEY)
            parse = parse_record
        else:
            reader = CSVRecordReader(path, CSV_COLUMNS, required=["title"])

            def parse(row, location):
                return parse_record(csv_to_record(row), location)

        body = runner.records_body(reader, parse, CommentaryWriter, self)
        runner.run_import(
            self, "commentary", body, options["dry_run"], plural="commentaries"
        )
