"""Restore a backup_site archive into an empty installation.

    manage.py migrate && manage.py restore_site fulcrum-2025-06-01.tar.gz
    ssh backup-host 'cat fulcrum.tar.gz' | manage.py restore_site -

Everything is checked before anything is written: the archive's format
version and migrations, every checksum, and that this site holds no content
yet (only what `migrate` creates). The data loads in one transaction and the
media are copied into the default storage; on any error the database is
rolled back and the media files written are deleted. --dry-run checks and
loads everything, then rolls back and writes no file. The format is in
docs/formats.md.

The archive is not trusted: members the manifest does not list, or larger
than listed, are refused from the tar headers, before anything is unpacked;
images must be images of the format their names say, without metadata;
rich text is sanitised as forms do; accounts with superuser status are
refused unless --with-superusers is given. When BACKUP_SIGNING_KEY is set,
only archives whose manifest is signed with that key are restored. Exit status: 0 success, 1 invalid archive, 2 wrong usage
(no such file, or a site that is not empty); nothing is changed unless 0.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from transfer import backup
from transfer.importing.runner import (
    INVALID_INPUT,
    WRONG_USAGE,
    add_import_arguments,
    existing_file,
    undone_when_stopped,
)
from transfer.importing.sources import display_path

from .backup_site import describe


class Command(BaseCommand):
    help = (
        "Restore data and media from a backup_site archive (- for standard "
        "input) into an empty installation, after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", metavar="ARCHIVE", help="The archive; - for standard input."
        )
        add_import_arguments(parser)
        parser.add_argument(
            "--with-superusers",
            action="store_true",
            help="Restore accounts with superuser status too (refused by default: "
            "check the archive holds the superusers you expect).",
        )

    def handle(self, *args, archive, verbosity, dry_run, with_superusers, **options):
        self.verbosity = verbosity
        self.with_superusers = with_superusers
        if archive == "-":
            label = "standard input"
            source = sys.stdin.buffer
            self.restore(source, label, verbosity, dry_run)
        else:
            path = existing_file(archive)
            with open(path, "rb") as source:
                self.restore(source, display_path(path), verbosity, dry_run)

    def restore(self, source, label, verbosity, dry_run):
        try:
            with backup.Archive(source, label) as archive:
                manifest = archive.manifest
                if verbosity >= 1:
                    self.stdout.write(
                        f"{label}: backup of {manifest.get('created_at')} "
                        f"(Fulcrum {manifest.get('fulcrum_version')}, Django "
                        f"{manifest.get('django_version')}, "
                        f"{manifest.get('database_vendor')})."
                    )
                self.report_signature(archive)
                with undone_when_stopped():
                    written = backup.restore(
                        archive, dry_run=dry_run, with_superusers=self.with_superusers
                    )
                if archive.sanitized and verbosity >= 1:
                    self.stdout.write(
                        self.style.WARNING(
                            f"Sanitised {archive.sanitized} rich-text "
                            f"{'field' if archive.sanitized == 1 else 'fields'} "
                            "holding markup forms do not keep (script, event "
                            "handlers…): the archive was not made by this site, "
                            "or was changed."
                        )
                    )
        except backup.ArchiveError as err:
            raise CommandError(
                f"{err} Nothing was changed.", returncode=INVALID_INPUT
            ) from err
        except backup.SiteNotEmpty as err:
            raise CommandError(str(err), returncode=WRONG_USAGE) from err
        failed = [] if dry_run else backup.clear_caches()
        if verbosity >= 1:
            if dry_run:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Would restore {describe(manifest)}; the archive is "
                        "sound. Nothing was written (dry run)."
                    )
                )
            else:
                kept = len(manifest["media"]) - len(written)
                note = f" ({kept} already in the storage, identical)" if kept else ""
                self.stdout.write(
                    self.style.SUCCESS(f"Restored {describe(manifest)}{note}.")
                )
        for cache in failed:
            self.stderr.write(
                self.style.WARNING(
                    f"Could not clear the cache {cache}: pages cached before the "
                    "restore may show until they expire."
                )
            )

    def report_signature(self, archive):
        """Say whether the archive's signature was checked."""
        if archive.verified:
            if self.verbosity >= 1:
                self.stdout.write(
                    "Signature checked: the manifest was signed with "
                    "BACKUP_SIGNING_KEY."
                )
            return
        if archive.signed:
            message = (
                "The archive is signed, but BACKUP_SIGNING_KEY is not set: its "
                "signature could not be checked. Set the key the backup was made "
                "with to check it."
            )
        else:
            message = (
                "The archive is not signed and BACKUP_SIGNING_KEY is not set: it "
                "could not be verified. Set BACKUP_SIGNING_KEY where backups are "
                "made and restored to sign and check them."
            )
        self.stderr.write(self.style.WARNING(message))
