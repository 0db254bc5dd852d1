"""Import commentaries from a fulcrum-commentaries JSON or CSV file.

    manage.py import_commentaries backlog.json --dry-run
    manage.py import_commentaries sheet.csv

Records match existing pieces by normalised full-article URL, else slug, else
title and outlet, and update them in place; the rest are created. The JSON is
streamed, so files of any size import in bounded memory. The formats are in
docs/formats.md. Exit status: 0 success, 1 invalid input, 2 wrong usage.
"""

from transfer.importing import commentaries, runner


class Command(runner.RecordImportCommand):
    help = "Import commentaries from a JSON or CSV file (see docs/formats.md)."
    records = commentaries
    writer = commentaries.CommentaryWriter
    required = ["title"]
    noun = "commentary"
    plural = "commentaries"
