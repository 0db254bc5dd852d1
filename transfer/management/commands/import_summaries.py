"""Import summary pages of the old site (.txt or saved .html), files or folders.

    manage.py import_summaries seeds/ old-site/page.html --dry-run
    manage.py import_summaries newsletters-2023/ --year 2023 --strict
    manage.py import_summaries statements/ --kind statement

Pieces are drafts unless --publish is given; a piece without a full-article
URL stays a draft and is listed as needing a link. Pages that are not
summaries (statements, policy briefs, newsletters, event notices, press
releases) are not imported, each with its reason, unless --kind names their
kind. Someone a page calls an APLN member who is not on the roster becomes a
member *to review*, hidden from the public until an editor confirms them.
The report lists, per file, what could not be read; --strict makes any such
file an error. Running it twice changes nothing the second time. Exit
status: 0 success, 1 invalid input (nothing written), 2 usage.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from transfer.importing import runner
from transfer.importing.commentaries import CommentaryWriter
from transfer.importing.page_kinds import IMPORTABLE
from transfer.importing.sources import InputError, display_path
from transfer.importing.summaries import SUFFIXES, Options, parse_file


class Command(BaseCommand):
    help = "Import summary pages (.txt or .html) from files or folders (recursive)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish new pieces that have a full-article URL (default: drafts).",
        )
        parser.add_argument(
            "--year",
            type=int,
            help="The year of ledes dated without one (“On 8 March, APLN member "
            "...”) on pages that give no posted date.",
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=IMPORTABLE,
            default=[],
            help="Import pages of this kind (not summaries) as pieces of their own "
            "kind: statement, press-release (as statements), policy-brief (as "
            "reports). May be repeated.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Treat every file not imported or not fully read as an error: "
            "exit 1 and write nothing.",
        )
        runner.add_import_arguments(parser)

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        year = options["year"]
        if year is not None and not 1900 <= year <= 2100:
            raise runner.usage_error(f"--year {year}: expected a year like 2023.")
        files = self.collect(options["paths"])
        reading = Options(year=year, kinds=tuple(options["kind"]))

        def body(report):
            report.closing_counts = True
            writer = CommentaryWriter(report)
            bar = runner.progress(self, "Importing summary pages", len(files), "pages")
            for done, path in enumerate(files, start=1):
                try:
                    self.import_page(path, reading, writer, report, options)
                except InputError as err:
                    report.error(err)
                bar.update(done, done)
            bar.finish(len(files), len(files))

        runner.run_import(self, "summary page", body, options["dry_run"])

    def import_page(self, path, reading, writer, report, options):
        """Import one file, or say in the report why it was not imported."""
        strict = options["strict"]
        page = parse_file(path, reading)
        refusal = page.refusal()
        if refusal:
            if strict:
                raise InputError(page.location, refusal)
            report.refuse(page.location, refusal)
            return
        if strict and page.unread:
            where, why = page.unread[0]
            raise InputError(where, f"{why} (--strict)")
        for where, why in page.unread:
            report.could_not_read(where, why)
        writer.write(page.incoming(publish=options["publish"]))

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
