"""Export every commentary as fulcrum-commentaries JSON (default) or CSV.

    manage.py export_commentaries --output backup.json
    manage.py export_commentaries --format csv --output - | head

The output imports back with import_commentaries; exporting, importing into
an empty database and exporting again gives identical files. Records are
streamed; a file is replaced only once fully written. Cells a spreadsheet
would run as a formula (=, +, -, @) start with an apostrophe, which
import_commentaries removes. The formats are in docs/formats.md.
"""

from django.core.management.base import BaseCommand

from transfer.importing import commentaries, runner


class Command(BaseCommand):
    help = "Export commentaries as JSON or CSV (see docs/formats.md)."

    def add_arguments(self, parser):
        runner.add_export_arguments(parser)

    def handle(self, *args, **options):
        records = map(commentaries.to_record, commentaries.export_queryset())
        runner.run_export(
            self, options, records, commentaries, "commentary", "commentaries"
        )
