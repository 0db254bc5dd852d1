"""Back up the whole site, data and media, into one archive file.

    manage.py backup_site /var/backups/fulcrum/fulcrum-$(date +%F).tar.gz
    manage.py backup_site - | ssh backup-host 'cat > fulcrum.tar.gz'

The archive (gzip-compressed tar, described in docs/formats.md) holds every
row of site content (users and groups, members, commentaries, tags, history,
redirects; not sessions or login lockouts) and every file of the media
storage, with a manifest of counts and checksums. The data is one consistent
snapshot. A file is written as ARCHIVE.partial and renamed once complete.
Restore with restore_site. Exit status: 0 success, 1 failure (no archive
written), 2 wrong usage.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.template.defaultfilters import filesizeformat

from transfer import backup
from transfer.importing.runner import INVALID_INPUT, output_target

SHOWN = ("articles.commentary", "members.member", "auth.user", "images.image")


def describe(manifest):
    """Return "N rows (… commentaries, …) and M media files (size)"."""
    counts = manifest["counts"]
    rows = sum(counts.values())
    shown = []
    for label in SHOWN:
        meta, count = apps.get_model(label)._meta, counts.get(label, 0)
        shown.append(
            f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
        )
    size = sum(entry["size"] for entry in manifest["media"])
    files = len(manifest["media"])
    return (
        f"{rows} rows ({', '.join(shown)}) and {files} media "
        f"{'file' if files == 1 else 'files'} ({filesizeformat(size)})"
    )


class Command(BaseCommand):
    help = (
        "Write data and media of the whole site to one .tar.gz archive "
        "(- for standard output); restore it with restore_site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            metavar="ARCHIVE",
            help="The archive to write, e.g. fulcrum.tar.gz; - for standard output.",
        )

    def handle(self, *args, archive, verbosity, **options):
        path, name = output_target(archive)

        def log(message):
            if verbosity >= 2:
                self.stderr.write(message)

        try:
            if path is None:
                # The command's stdout wraps a text stream; the archive is bytes.
                out = getattr(self.stdout._out, "buffer", self.stdout._out)
                manifest = backup.write_backup(out, log=log)
                out.flush()
            else:
                manifest = backup.backup_to_file(path, log=log)
        except (OSError, DatabaseError) as err:
            kept = "" if path is None else f"; {name} was not written"
            raise CommandError(
                f"Backup failed: {err}{kept}.", returncode=INVALID_INPUT
            ) from err
        if verbosity >= 1:
            # On standard output the report would corrupt the archive.
            messages = self.stderr if path is None else self.stdout
            messages.write(
                self.style.SUCCESS(f"Backed up {describe(manifest)} to {name}.")
            )
