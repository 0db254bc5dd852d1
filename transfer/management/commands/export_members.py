"""Export every member as fulcrum-members JSON (default) or CSV.

    manage.py export_members --format csv --output members.csv

The output imports back with import_members; exporting, importing into an
empty database and exporting again gives identical files. Cells a
spreadsheet would run as a formula (=, +, -, @) start with an apostrophe,
which import_members removes. The formats are in docs/formats.md.
"""

from django.core.management.base import BaseCommand

from transfer.importing import members, runner


class Command(BaseCommand):
    help = "Export members as JSON or CSV (see docs/formats.md)."

    def add_arguments(self, parser):
        runner.add_export_arguments(parser)

    def handle(self, *args, **options):
        records = map(members.to_record, members.export_queryset())
        runner.run_export(self, options, records, members, "member")
