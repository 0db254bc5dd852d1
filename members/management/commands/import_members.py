"""Import members from a fulcrum-members JSON or CSV file.

    manage.py import_members members.csv --dry-run

Records match existing members by slug, else by name or alias (spelled any
way), and update them in place; the rest are created. A CSV file needs only
a name column: columns it leaves out keep their stored values. The formats
are in docs/formats.md. Exit status: 0 success, 1 invalid input, 2 usage.
"""

from django.core.management.base import BaseCommand

from articles.importing import runner
from articles.importing.members import (
    CSV_COLUMNS,
    FORMAT,
    KEY,
    MemberWriter,
    csv_to_record,
    parse_record,
)
from articles.importing.records import CSVRecordReader, JSONRecordReader


class Command(BaseCommand):
    help = "Import members from a JSON or CSV file (see docs/formats.md)."

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
            reader = CSVRecordReader(path, CSV_COLUMNS, required=["name"])

            def parse(row, location):
                return parse_record(csv_to_record(row), location)

        body = runner.records_body(reader, parse, MemberWriter, self)
        runner.run_import(self, "member", body, options["dry_run"])
