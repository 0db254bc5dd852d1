"""Import the posts of a WordPress export (WXR) as commentaries.

    manage.py import_wordpress site.WordPress.2024-06-10.xml --dry-run
    manage.py import_wordpress export.xml --media-dir wp-content/uploads --publish

Reads WXR 1.0, 1.1 and 1.2 (Tools → Export in WordPress), streamed, and
refuses DTDs and entities (XML attacks). Posts become commentaries; pages,
attachments, menus and other post types are counted and skipped. Authors are
matched to members by name and aliases, else credited as outside authors (no
member is created); categories and tags become tags; the featured image
becomes an image with its credit, its file copied from --media-dir (a copy of
wp-content/uploads) when there. Nothing is fetched from the internet. Old
permalinks redirect to the new pages.

Posts are drafts unless --publish is given: then published and scheduled
posts that pass the publishing checks are published. The status is set
only on the pieces an import creates: a re-import keeps the status of an
existing piece (an editor's decision) and reports it. Everything is written
in one transaction, so a malformed export writes nothing (the media files
copied are deleted again, also when the import is stopped by SIGTERM); running it twice
changes nothing the second time. See articles/wordpress/importer.py for the
whole mapping. Exit status: 0 success, 1 invalid input, 2 wrong usage.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from transfer.importing import runner
from transfer.wordpress.importer import WordPressImport
from transfer.wordpress.parser import NEWEST_VERSION, WXRReader, version_tuple


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress export (WXR file) as commentaries; "
        "old permalinks redirect to them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="EXPORT.xml")
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help="A copy of the site's wp-content/uploads: featured images' files "
            "are copied from it.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish published and scheduled posts that pass the publishing "
            "checks (default: drafts).",
        )
        runner.add_import_arguments(parser)

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        path = runner.existing_file(options["file"])
        media_dir = options["media_dir"]
        if media_dir and not Path(media_dir).is_dir():
            raise runner.usage_error(f"{media_dir}: no such folder (--media-dir).")
        self.importer = None

        def body(report):
            reader = WXRReader(path)
            size = path.stat().st_size
            bar = runner.progress(self, f"Reading {reader.path}", size, "items")
            export = reader.read_export(progress=bar.update)
            bar.finish(size, export.items)
            self.describe(export)
            self.importer = WordPressImport(
                reader, report, media_dir, options["publish"]
            )
            bar = runner.progress(self, f"Importing {reader.path}", size, "posts")
            count = 0
            for _ in self.importer.import_posts(reader.posts()):
                count += 1
                bar.update(reader.bytes_read, count)
            bar.finish(size, count)

        try:
            with runner.undone_when_stopped():
                runner.run_import(self, "post", body, options["dry_run"])
        except BaseException:
            if self.importer is not None:
                self.importer.cleanup()
            raise
        if options["dry_run"]:
            self.importer.cleanup()
        self.conclude(options)

    def describe(self, export):
        """Say what the file holds and what is skipped, before importing."""
        if self.verbosity < 1:
            return
        site = export.site
        named = f" (“{site.title}”)" if site.title else ""
        self.stdout.write(
            f"Read {export.path}: WXR {export.version} of "
            f"{site.url or 'a site with no address'}{named}."
        )
        if version_tuple(export.version) > NEWEST_VERSION:
            self.stdout.write(
                f"  WXR {export.version} is newer than 1.2: read as 1.2; check the "
                "result."
            )
        types = ", ".join(
            counted(count, kind or "untyped item")
            for kind, count in sorted(
                export.item_types.items(), key=lambda pair: (-pair[1], pair[0])
            )
        )
        self.stdout.write(
            f"  It holds {types or 'no items'}; {counted(len(export.authors), 'author')}, "
            f"{counted(len(export.categories), 'category', 'categories')}, "
            f"{counted(len(export.tags), 'tag')}, "
            f"{counted(len(export.terms), 'other term')}; "
            f"{counted(export.comments, 'comment')}."
        )
        skipped = [
            counted(count, kind or "untyped item")
            for kind, count in sorted(export.item_types.items())
            if kind != "post"
        ]
        if export.comments:
            skipped.append(counted(export.comments, "comment"))
        if skipped:
            self.stdout.write(
                f"  Skipped (only posts are imported; featured images come with "
                f"their posts): {', '.join(skipped)}."
            )

    def conclude(self, options):
        importer = self.importer
        if self.verbosity < 1 or importer is None:
            return
        if importer.redirects:
            verb = "Would redirect" if options["dry_run"] else "Redirected"
            self.stdout.write(
                f"{verb} {counted(importer.redirects, 'old address', 'old addresses')}"
                " to the new pages."
            )
        if importer.drafted:
            self.stdout.write(
                f"{counted(importer.drafted, 'post')} published on WordPress "
                f"{'was' if importer.drafted == 1 else 'were'} imported as drafts: "
                "publish them in the admin (an import sets the status of the "
                "pieces it creates only; --publish publishes those)."
            )


def counted(count, noun, plural=None):
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {plural or noun + 's'}"
