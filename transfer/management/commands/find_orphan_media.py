"""List (or delete) media files that no image references.

    manage.py find_orphan_media
    manage.py find_orphan_media --delete

An import or restore killed outright (SIGKILL, a power cut) cannot delete
the files it had copied: its rows are rolled back, its files stay. This
command lists every file in the media storage's images/ and renditions/
folders that no Image uses as its file or as one of its renditions. It is a
dry run unless --delete is given. Files changed in the last --older-than
minutes (default 60) are left out: an upload in progress stores its file
before its row is committed. Works on a local folder or an S3 bucket (the
default storage). Exit status: 0 success, 2 wrong usage.
"""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from images.models import Image
from transfer.backup import media_names

FOLDERS = ("images", "renditions")


def referenced_names():
    """Return the names of every image file and rendition the site uses."""
    names = set()
    for file, renditions in Image.objects.values_list("file", "renditions").iterator():
        if file:
            names.add(file)
        for rendition in renditions or []:
            if isinstance(rendition, dict) and rendition.get("name"):
                names.add(rendition["name"])
    return names


def orphans(storage=None, older_than=datetime.timedelta(hours=1)):
    """Yield (name, size) of each file of FOLDERS that no image references."""
    storage = storage or default_storage
    used = referenced_names()
    cutoff = timezone.now() - older_than
    for folder in FOLDERS:
        for name in media_names(storage, folder):
            if name in used:
                continue
            if older_than and storage.get_modified_time(name) > cutoff:
                continue
            yield name, storage.size(name)


class Command(BaseCommand):
    help = (
        "List media files (images/, renditions/) that no image references; "
        "--delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Delete the files listed (default: only list them).",
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTES",
            help="Leave out files changed in the last MINUTES (default 60): an "
            "upload in progress stores its file before its row.",
        )

    def handle(self, *args, delete, older_than, verbosity, **options):
        found = list(orphans(older_than=datetime.timedelta(minutes=older_than)))
        total = sum(size for _name, size in found)
        for name, size in found:
            if delete:
                default_storage.delete(name)
            if verbosity >= 1:
                self.stdout.write(f"{name} ({filesizeformat(size)})")
        if verbosity >= 1:
            files = f"{len(found)} {'file' if len(found) == 1 else 'files'}"
            if not found:
                self.stdout.write(self.style.SUCCESS("No orphan media files."))
            elif delete:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Deleted {files} no image references ({filesizeformat(total)})."
                    )
                )
            else:
                self.stdout.write(
                    f"{files} no image references ({filesizeformat(total)}); "
                    "run again with --delete to delete them."
                )
