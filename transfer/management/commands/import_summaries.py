"""Import summary pages of the old site (.txt or saved .html), files or folders.

    manage.py import_summaries seeds/ old-site/page.html --dry-run

Pieces are drafts unless --publish is given; a piece without a full-article
URL stays a draft and is listed as needing a link. Running it twice changes
nothing the second time. Exit status: 0 success, 1 invalid input, 2 usage.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from transfer.importing import runner
from transfer.importing.commentaries import CommentaryWriter
from transfer.importing.sources import InputError, display_path
from transfer.importing.summaries import SUFFIXES, parse_file


class Command(BaseCommand):
    help = "Import summary pages (.txt or .html) from files or folders (recursive)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish new pieces that have a full-article URL (default: drafts).",
        )
        runner.add_import_arguments(parser)

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        files = self.collect(options["paths"])

        def body(report):
            writer = CommentaryWriter(report)
            bar = runner.progress(self, "Importing summary pages", len(files), "pages")
            for done, path in enumerate(files, start=1):
                try:
                    page = parse_file(path)
                    writer.write(page.incoming(publish=options["publish"]))
                except InputError as err:
                    report.error(err)
                bar.update(done, done)
            bar.finish(len(files), len(files))

        runner.run_import(self, "summary page", body, options["dry_run"])

    def collect(self, paths):
        """Return the page files named, folders searched recursively, in order."""
        files = []
        for given in paths:
            path = Path(given)
            if path.is_dir():
                files += sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUFFIXES
                )
            elif path.is_file():
                if path.suffix.lower() not in SUFFIXES:
                    raise runner.usage_error(
                        f"{display_path(path)}: expected a summary page ending .txt, "
                        ".html or .htm."
                    )
                files.append(path)
            else:
                raise runner.usage_error(f"{given}: no such file or folder.")
        if not files:
            raise runner.usage_error("No .txt or .html summary pages were found.")
        return files
