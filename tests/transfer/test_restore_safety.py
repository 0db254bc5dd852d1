"""restore_site does not trust the archive, and backup_site keeps it private.

Issue 14, items 21 and 22, and the restore side of 13. Each attack is an
archive changed by hand with its checksums recomputed, as an attacker who
can write to the backups' storage would do.
"""

import hashlib
import io
import json
import os
import stat
import sys
import tarfile
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import override_settings

from articles.models import Commentary
from tests.factories import make_commentary, make_image, make_user, png_bytes
from tests.test_backup import BackupTestCase, media_contents, restore, row_counts
from transfer import backup

pytestmark = pytest.mark.slow

SCRIPT = "<script>alert(document.cookie)</script>"


def members_of(path):
    """Return [(name, bytes)] of an archive, in order."""
    with tarfile.open(path) as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]


def write_archive(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def tamper(source, target, change=None, add=(), keep_signature=True):
    """Copy archive source to target as a careful attacker would.

    change(name, bytes) returns new bytes for a member (or the same); add is
    [(name, bytes)] of new media files. The manifest's sizes and checksums
    are recomputed and the new files listed; the old signature is kept
    (an attacker does not have the key).
    """
    members = members_of(source)
    changed = {}
    out = []
    for name, data in members:
        if name in (backup.MANIFEST, backup.SIGNATURE):
            continue
        new = change(name, data) if change else data
        if new != data:
            changed[name] = new
        out.append((name, new))
    out += list(add)
    manifest = json.loads(dict(members)[backup.MANIFEST])
    for entry in manifest["data"]:
        if entry["name"] in changed:
            data = changed[entry["name"]]
            entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    for entry in manifest["media"]:
        name = f"media/{entry['name']}"
        if name in changed:
            data = changed[name]
            entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    for name, data in add:
        manifest["media"].append(
            {
                "name": name.removeprefix("media/"),
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    out.append((backup.MANIFEST, json.dumps(manifest, indent=2).encode()))
    signature = dict(members).get(backup.SIGNATURE)
    if keep_signature and signature is not None:
        out.append((backup.SIGNATURE, signature))
    write_archive(target, out)
    return target


def member_named(path, suffix):
    return next(name for name, _ in members_of(path) if name.endswith(suffix))


class RestoreSafetyTestCase(BackupTestCase):
    """A small site, backed up, then wiped: each test restores an archive."""

    def setUp(self):
        super().setUp()
        make_user(username="editor", password="correct-horse", groups=["Editors"])
        make_commentary(title="A piece", image=make_image(), summary="<p>Calm.</p>")
        self.back_up()
        self.wipe()
        self.empty_counts = row_counts()
        self.tampered_path = os.path.join(self.folder, "tampered.tar.gz")

    def assert_nothing_written(self):
        self.assertEqual(row_counts(), self.empty_counts)
        self.assertEqual(media_contents(), {})

    def assert_refused(self, message, archive, **options):
        with self.assertRaisesMessage(CommandError, message) as caught:
            restore(archive, **options)
        self.assertEqual(caught.exception.returncode, 1)
        self.assert_nothing_written()
        return str(caught.exception)


class SuperuserTests(RestoreSafetyTestCase):
    def superuser_added(self):
        """The auth.user member with one more account, a superuser."""
        user_member = member_named(self.archive, "-auth-user.jsonl")

        def change(name, data):
            if name != user_member:
                return data
            row = json.loads(data.splitlines()[0])
            row["pk"] = 999
            row["fields"].update(
                username="intruder", is_superuser=True, is_staff=True, groups=[]
            )
            return data + json.dumps(row).encode() + b"\n"

        tamper(self.archive, self.tampered_path, change)
        # The manifest's row count is the attacker's to change too.
        members = members_of(self.tampered_path)
        manifest = json.loads(dict(members)[backup.MANIFEST])
        manifest["counts"]["auth.user"] += 1
        write_archive(
            self.tampered_path,
            [
                (name, json.dumps(manifest).encode() if name == "manifest.json" else d)
                for name, d in members
            ],
        )
        return self.tampered_path

    def test_added_superuser_is_refused_without_the_flag(self):
        """Recomputed checksums do not make a superuser acceptable."""
        path = self.superuser_added()
        message = self.assert_refused("1 superuser account (intruder)", path)
        self.assertIn("--with-superusers", message)

    def test_superusers_are_restored_with_the_flag(self):
        path = self.superuser_added()
        restore(path, with_superusers=True)
        self.assertTrue(User.objects.get(username="intruder").is_superuser)


class SanitisingTests(RestoreSafetyTestCase):
    def test_script_in_a_summary_is_restored_sanitised(self):
        """Rich text loaded from an archive is sanitised as forms sanitise it."""
        piece_member = member_named(self.archive, "-articles-commentary.jsonl")

        def change(name, data):
            if name != piece_member:
                return data
            # As JSON text: quotes escaped.
            html = json.dumps(f'<p onclick="steal()">Calm.</p>{SCRIPT}')
            return data.replace(b"<p>Calm.</p>", html[1:-1].encode())

        tamper(self.archive, self.tampered_path, change)
        report = restore(self.tampered_path)
        summary = Commentary.objects.get().summary
        self.assertNotIn("<script", summary)
        self.assertNotIn("onclick", summary)
        self.assertIn("Calm.", summary)
        self.assertIn("Sanitised 1 rich-text field", report)


class MemberSizeTests(RestoreSafetyTestCase):
    """Members are checked against the manifest from the tar headers alone."""

    def unpacked_sizes(self):
        """Patch Archive.close to note how much its temporary folder held."""
        sizes = []
        real = backup.shutil.rmtree

        def measuring_rmtree(folder, *args, **kwargs):
            total = 0
            for root, _dirs, files in os.walk(folder):
                total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
            sizes.append(total)
            return real(folder, *args, **kwargs)

        patcher = mock.patch.object(backup.shutil, "rmtree", measuring_rmtree)
        patcher.start()
        self.addCleanup(patcher.stop)
        return sizes

    def test_unlisted_big_member_is_refused_before_it_is_unpacked(self):
        """A small archive holding an unlisted 5 MB member writes none of it."""
        big = bytes(5 * 1024 * 1024)  # compresses to a few kilobytes
        members = members_of(self.archive)
        members.insert(0, ("media/images/big.png", big))
        write_archive(self.tampered_path, members)
        self.assertLess(os.path.getsize(self.tampered_path), 200 * 1024)
        sizes = self.unpacked_sizes()
        self.assert_refused(
            "member media/images/big.png is not listed in manifest.json",
            self.tampered_path,
        )
        self.assertEqual(sizes, [0])

    def test_member_larger_than_listed_is_refused_before_it_is_unpacked(self):
        """A listed member made bigger (manifest unchanged) is refused unread."""
        members = [
            (name, data + bytes(5 * 1024 * 1024) if name.startswith("media/") else data)
            for name, data in members_of(self.archive)
        ]
        write_archive(self.tampered_path, members)
        sizes = self.unpacked_sizes()
        message = self.assert_refused("manifest.json lists", self.tampered_path)
        self.assertIn("member media/images/", message)
        self.assertEqual(sizes, [0])

    def test_restore_from_a_stream_that_cannot_seek(self):
        """Standard input (a pipe) is copied, compressed, and read twice."""

        class Pipe(io.RawIOBase):
            def __init__(self, data):
                self.data = io.BytesIO(data)

            def readable(self):
                return True

            def readinto(self, buffer):
                chunk = self.data.read(len(buffer))
                buffer[: len(chunk)] = chunk
                return len(chunk)

        with open(self.archive, "rb") as handle:
            stdin = mock.Mock(buffer=io.BufferedReader(Pipe(handle.read())))
        with mock.patch.object(sys, "stdin", stdin):
            call_command(
                "restore_site", "-", stdout=io.StringIO(), stderr=io.StringIO()
            )
        self.assertEqual(Commentary.objects.get().title, "A piece")


class StoredImageTests(RestoreSafetyTestCase):
    """Media files are written as they are: each must be an image Fulcrum stores."""

    def image_member(self):
        return next(
            name
            for name, _ in members_of(self.archive)
            if name.startswith("media/images/")
        )

    def test_script_under_an_image_name_is_refused(self):
        target = self.image_member()
        tamper(
            self.archive,
            self.tampered_path,
            lambda name, data: (
                b"<html><script>alert(1)</script>" if name == target else data
            ),
        )
        message = self.assert_refused(
            "is not an image Fulcrum stores", self.tampered_path
        )
        self.assertIn(f"member {target}", message)

    def test_image_with_appended_bytes_or_wrong_extension_is_refused(self):
        target = self.image_member()
        for label, change in (
            ("trailing", lambda data: data + b"<script>alert(1)</script>"),
            ("jpeg as png", lambda data: png_bytes(fmt="JPEG")),
        ):
            with self.subTest(label):
                tamper(
                    self.archive,
                    self.tampered_path,
                    lambda name, data, change=change: (
                        change(data) if name == target else data
                    ),
                )
                self.assert_refused(f"member {target}", self.tampered_path)


class SigningTests(RestoreSafetyTestCase):
    """BACKUP_SIGNING_KEY signs the manifest; a restore with the key checks it."""

    def signed_archive(self, key="the-right-key"):
        path = os.path.join(self.folder, f"signed-{key}.tar.gz")
        with override_settings(BACKUP_SIGNING_KEY=key):
            self.back_up(path)
        self.wipe()
        return path

    def setUp(self):
        super().setUp()
        # Rows again, to be backed up with a key.
        make_user(username="editor", password="correct-horse", groups=["Editors"])
        make_commentary(title="A piece", summary="<p>Calm.</p>")
        self.signed = self.signed_archive()

    def test_signed_archive_restores_with_its_key(self):
        self.assertIn(backup.SIGNATURE, dict(members_of(self.signed)))
        with override_settings(BACKUP_SIGNING_KEY="the-right-key"):
            report = restore(self.signed)
        self.assertIn("Signature checked", report)
        self.assertEqual(Commentary.objects.get().title, "A piece")

    def test_unsigned_archive_is_refused_when_a_key_is_set(self):
        with override_settings(BACKUP_SIGNING_KEY="the-right-key"):
            self.assert_refused("it is not signed", self.archive)

    def test_archive_signed_with_another_key_is_refused(self):
        with override_settings(BACKUP_SIGNING_KEY="another-key"):
            self.assert_refused("manifest.sig does not match", self.signed)

    def test_changed_archive_with_recomputed_checksums_is_refused(self):
        piece_member = member_named(self.signed, "-articles-commentary.jsonl")
        tamper(
            self.signed,
            self.tampered_path,
            lambda name, data: (
                data.replace(b"Calm.", b"Changed.") if name == piece_member else data
            ),
        )
        with override_settings(BACKUP_SIGNING_KEY="the-right-key"):
            self.assert_refused("manifest.sig does not match", self.tampered_path)

    def test_without_a_key_the_restore_says_it_could_not_verify(self):
        err = io.StringIO()
        call_command("restore_site", self.signed, stdout=io.StringIO(), stderr=err)
        self.assertIn("BACKUP_SIGNING_KEY is not set", err.getvalue())
        self.assertIn("could not be checked", err.getvalue())


class ArchiveModeTests(RestoreSafetyTestCase):
    def test_archive_is_readable_by_its_owner_only(self):
        """The archive holds password hashes: 0600 whatever the umask."""
        path = os.path.join(self.folder, "private.tar.gz")
        # A .partial left behind by a killed run, world-readable.
        with open(f"{path}.partial", "wb"):
            pass
        os.chmod(f"{path}.partial", 0o644)
        old = os.umask(0o022)
        try:
            self.back_up(path)
        finally:
            os.umask(old)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertFalse(os.path.exists(f"{path}.partial"))
