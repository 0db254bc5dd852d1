"""backup_site and restore_site: the whole site, data and media, as a round trip.

Each test starts from a new installation: the tables emptied (flush) and the
rows the migrations create (groups, membership categories) made again, with
media in a folder of its own.
"""

import functools
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from types import SimpleNamespace
from unittest import mock

import pytest
import reversion
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.test import TransactionTestCase, override_settings
from reversion.models import Version

from articles.models import Commentary, Outlet
from core.models import Redirect
from images.models import Image
from members.models import Member, MembershipCategory
from tests.factories import (
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
    png_bytes,
)
from transfer import backup

PASSWORD = "correct-horse-battery"
FIRST_PARTY_APPS = {"core", "images", "members", "articles", "transfer"}


@functools.cache
def data_migrations():
    """Return the project's RunPython functions in order, each with the apps
    (historical models) its migration sees."""
    loader = MigrationLoader(connection)
    functions = []
    seen = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key[0] not in FIRST_PARTY_APPS or key in seen:
                continue
            seen.add(key)
            operations = loader.graph.nodes[key].operations
            if any(isinstance(operation, RunPython) for operation in operations):
                state = loader.project_state(key, at_end=False)
                for operation in operations:
                    if isinstance(operation, RunPython):
                        functions.append((operation.code, state.apps))
                    else:
                        operation.state_forwards(key[0], state)
    return functions


def run_data_migrations():
    """Create again what the project's data migrations create (flush removes it)."""
    schema_editor = SimpleNamespace(connection=connection)
    for function, state_apps in data_migrations():
        function(state_apps, schema_editor)
    ContentType.objects.clear_cache()


def new_installation():
    """Empty the database as after `migrate` on a new server, and every cache."""
    call_command("flush", interactive=False, verbosity=0)
    run_data_migrations()
    ContentType.objects.clear_cache()
    for alias in caches:
        caches[alias].clear()


def media_contents():
    """Return {name: bytes} of every file in the default storage."""
    files = {}
    for name in backup.media_names(default_storage):
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return files


def wipe_media():
    for name in backup.media_names(default_storage):
        default_storage.delete(name)


def row_counts():
    return {
        backup.model_label(model): model._base_manager.count()
        for model in backup.backed_up_models()
    }


def rewrite(source, target, change):
    """Copy archive source to target, passing each (name, bytes) through change."""
    with tarfile.open(source) as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members:
            changed = change(name, data)
            if changed is None:
                continue
            name, data = changed
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def restore(path, **options):
    out = io.StringIO()
    call_command("restore_site", str(path), stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


class BackupTestCase(TransactionTestCase):
    """A new installation with its own media folder and a folder for archives."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="fulcrum-backup-test-")
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=os.path.join(self.folder, "media"))
        media.enable()
        self.addCleanup(media.disable)
        # Transactional tests leave the tables flushed (content types and
        # permissions made again): only the data migrations' rows are missing.
        run_data_migrations()
        for alias in caches:
            caches[alias].clear()
        self.archive = os.path.join(self.folder, "site.tar.gz")

    def back_up(self, path=None):
        out = io.StringIO()
        call_command("backup_site", path or self.archive, stdout=out)
        return out.getvalue()

    def wipe(self):
        new_installation()
        wipe_media()

    def make_content(self):
        """Members, images with renditions, pieces, a redirect, history, an editor."""
        self.editor = make_user(
            username="editor", password=PASSWORD, groups=["Editors"]
        )
        portrait = make_image(alt_text="Portrait of Hoàng Thị Hà", credit="内閣広報室")
        self.member = make_member(
            name="Hoang Thi Ha",
            native_name="Hoàng Thị Hà",
            native_name_language="vi",
            photo=portrait,
            category=MembershipCategory.objects.get(slug="board"),
        )
        moon = make_member(name="Moon Chung-in", native_name="문정인")
        outlet = make_outlet(name="Fulcrum", label="FULCRUM")
        banner = make_image()
        with reversion.create_revision():
            reversion.set_user(self.editor)
            self.commentary = make_commentary(
                title="Japan and Southeast Asia Set to Co-Create an Interwoven Future",
                authors=[self.member, "Pham Thi Phuong Thao", moon],
                tags=["Japan", "ASEAN"],
                outlet=outlet,
                image=banner,
                created_by=self.editor,
            )
        make_commentary(title="A draft", status=Commentary.Status.DRAFT, tags=["Japan"])
        # Changing a slug leaves a redirect from the old address.
        old = make_commentary(title="Old title", slug="old-title")
        old.slug = "new-title"
        old.save()
        LogEntry.objects.log_actions(
            user_id=self.editor.pk, queryset=[self.commentary], action_flag=ADDITION
        )
        self.pages = [
            self.commentary.get_absolute_url(),
            self.member.get_absolute_url(),
            "/",
            "/commentaries/",
            "/commentaries/old-title/",
        ]

    def assert_signs_in(self, username, password):
        """Sign in through the admin's login form (django-axes wants a request)."""
        response = self.client.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password},
        )
        self.assertRedirects(response, "/admin/")
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def pages_html(self):
        self.client.logout()
        return {url: self.client.get(url) for url in self.pages}


class RoundTripTests(BackupTestCase):
    def test_restored_site_shows_the_same_pages_data_files_and_history(self):
        """Back up, empty everything, restore: pages, rows, files and logins return."""
        self.make_content()
        before_pages = {
            url: (r.status_code, r.content) for url, r in self.pages_html().items()
        }
        before_counts = row_counts()
        before_media = media_contents()
        self.assertGreater(len(before_media), 2, "images and their renditions")
        self.assertEqual(Redirect.objects.count(), 1)
        self.assertEqual(Version.objects.get_for_object(self.commentary).count(), 1)

        report = self.back_up()
        self.assertIn("Backed up", report)
        self.wipe()
        response = self.client.get(self.commentary.get_absolute_url())
        self.assertEqual(response.status_code, 404, "the site is empty before restore")
        self.assertEqual(media_contents(), {})

        report = restore(self.archive)

        self.assertIn("Restored", report)
        self.assertIn("3 commentaries, 2 members, 1 user, 2 images", report)
        self.assertEqual(row_counts(), before_counts)
        self.assertEqual(media_contents(), before_media)
        after_pages = {
            url: (r.status_code, r.content) for url, r in self.pages_html().items()
        }
        self.assertEqual(after_pages, before_pages)
        self.assertEqual(after_pages[self.commentary.get_absolute_url()][0], 200)
        self.assertEqual(after_pages["/commentaries/old-title/"][0], 301)
        # The editor signs in with the same password and keeps the group's rights.
        self.assert_signs_in("editor", PASSWORD)
        editor = User.objects.get(username="editor")
        self.assertTrue(editor.has_perm("articles.publish_commentary"))
        # History: the revision, its author and the admin log are back.
        commentary = Commentary.objects.get(pk=self.commentary.pk)
        versions = Version.objects.get_for_object(commentary)
        self.assertEqual(versions.count(), 1)
        self.assertEqual(versions[0].revision.user, editor)
        self.assertEqual(LogEntry.objects.get().get_edited_object(), commentary)
        self.assertEqual(commentary.created_at, self.commentary.created_at)
        self.assertEqual(commentary.updated_at, self.commentary.updated_at)

    def test_new_rows_after_a_restore_get_new_ids(self):
        """Ids continue after the restored rows (PostgreSQL sequences are reset)."""
        self.make_content()
        highest = Commentary.objects.order_by("-pk").first().pk
        self.back_up()
        self.wipe()
        restore(self.archive)
        commentary = make_commentary(authors=["Someone"], tags=["New"])
        self.assertGreater(commentary.pk, highest)
        self.assertEqual(Group.objects.count(), 3)

    def test_groups_and_categories_are_the_archives_not_duplicated(self):
        """The migrations' groups and categories are replaced by the archive's."""
        self.make_content()
        editors = Group.objects.get(name="Editors")
        editors.permissions.remove(
            editors.permissions.get(codename="delete_commentary")
        )
        Group.objects.filter(name="Contributors").update(name="Writers")
        MembershipCategory.objects.filter(slug="staff").delete()
        self.back_up()
        self.wipe()
        restore(self.archive)
        self.assertQuerySetEqual(
            Group.objects.order_by("name"),
            ["Admins", "Editors", "Writers"],
            transform=str,
        )
        self.assertFalse(
            Group.objects.get(name="Editors")
            .permissions.filter(codename="delete_commentary")
            .exists()
        )
        self.assertFalse(MembershipCategory.objects.filter(slug="staff").exists())
        self.assertEqual(Member.objects.get(pk=self.member.pk).category.slug, "board")

    def test_content_types_and_permissions_are_matched_by_name_not_by_id(self):
        """A site whose content type ids differ still gets the right permissions."""
        self.make_content()
        commentary_type_pk = ContentType.objects.get_for_model(Commentary).pk
        self.back_up()
        self.wipe()
        # Another installation numbers its content types differently.
        ContentType.objects.all().delete()
        ContentType.objects.create(app_label="elsewhere", model="first")
        ContentType.objects.clear_cache()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        run_data_migrations()
        self.assertNotEqual(
            ContentType.objects.get_for_model(Commentary).pk, commentary_type_pk
        )
        types_before = ContentType.objects.count()
        restore(self.archive)
        self.assertEqual(ContentType.objects.count(), types_before)
        self.assert_signs_in("editor", PASSWORD)
        editor = User.objects.get(username="editor")
        self.assertTrue(editor.has_perm("articles.publish_commentary"))
        commentary = Commentary.objects.get(pk=self.commentary.pk)
        self.assertEqual(Version.objects.get_for_object(commentary).count(), 1)
        # Every version still points at the row it records.
        for version in Version.objects.all():
            self.assertIsNotNone(version.object, version)

    @pytest.mark.slow
    def test_demo_content_round_trips(self):
        """The demo site backs up and restores with every row and file."""
        call_command("load_demo_content", stdout=io.StringIO())
        before_counts, before_media = row_counts(), media_contents()
        self.back_up()
        self.wipe()
        restore(self.archive)
        self.assertEqual(row_counts(), before_counts)
        self.assertEqual(media_contents(), before_media)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_backup_to_standard_output_is_the_same_archive(self):
        """`backup_site -` writes the archive to stdout and its report to stderr."""
        self.make_content()
        out, err = io.BytesIO(), io.StringIO()
        call_command("backup_site", "-", stdout=out, stderr=err)
        self.assertIn("to standard output", err.getvalue())
        with open(self.archive, "wb") as handle:
            handle.write(out.getvalue())
        self.wipe()
        restore(self.archive)
        self.assertEqual(Commentary.objects.count(), 3)


class ArchiveContentTests(BackupTestCase):
    def test_manifest_lists_versions_counts_and_every_checksum(self):
        """manifest.json names versions, database, row counts and file checksums."""
        self.make_content()
        self.back_up()
        with tarfile.open(self.archive) as tar:
            names = tar.getnames()
            manifest = json.load(tar.extractfile(backup.MANIFEST))
        self.assertEqual(manifest["format"], "fulcrum-backup")
        self.assertEqual(manifest["format_version"], 1)
        self.assertEqual(manifest["database_vendor"], connection.vendor)
        self.assertEqual(manifest["counts"]["articles.commentary"], 3)
        self.assertIn("0003_editor_groups", manifest["migrations"]["articles"])
        media = {entry["name"]: entry for entry in manifest["media"]}
        self.assertEqual(set(media), set(media_contents()))
        self.assertTrue(all(len(entry["sha256"]) == 64 for entry in media.values()))
        self.assertEqual(names[-1], backup.MANIFEST)
        labels = {entry["model"] for entry in manifest["data"]}
        self.assertIn("reversion.version", labels)
        self.assertIn("core.redirect", labels)
        self.assertNotIn("sessions.session", labels)
        self.assertFalse(any(label.startswith("axes.") for label in labels))

    def test_failed_backup_leaves_no_archive(self):
        """A backup that fails writes neither the archive nor a .partial file."""
        self.make_content()
        with (
            mock.patch.object(
                FileSystemStorage, "open", side_effect=OSError("disk gone")
            ),
            self.assertRaisesMessage(CommandError, "disk gone"),
        ):
            self.back_up()
        self.assertEqual(os.listdir(self.folder), ["media"])


class RefusedRestoreTests(BackupTestCase):
    def setUp(self):
        super().setUp()
        self.make_content()
        self.back_up()
        self.wipe()
        self.empty_counts = row_counts()

    def assert_nothing_written(self):
        self.assertEqual(row_counts(), self.empty_counts)
        self.assertEqual(media_contents(), {})

    def assert_refused(self, message, archive=None, returncode=1):
        with self.assertRaisesMessage(CommandError, message) as caught:
            restore(archive or self.archive)
        self.assertEqual(caught.exception.returncode, returncode)
        self.assert_nothing_written()
        return str(caught.exception)

    def tampered(self, change):
        path = os.path.join(self.folder, "tampered.tar.gz")
        rewrite(self.archive, path, change)
        return path

    def test_restore_refuses_a_site_that_has_content(self):
        """A site holding a member is left alone, with a message and exit status 2."""
        make_member(name="Someone Already Here")
        self.empty_counts = row_counts()
        self.assert_refused("This site is not empty (it holds 1 members", returncode=2)

    def test_changed_media_byte_is_refused_before_anything_is_written(self):
        """One changed byte in an image fails its checksum; nothing is restored."""

        def change(name, data):
            if name.startswith("media/images/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            return name, data

        message = self.assert_refused(
            "does not match its checksum", self.tampered(change)
        )
        self.assertIn("member media/images/", message)

    def test_archive_without_manifest_is_refused(self):
        """An archive cut before its manifest is not restored."""
        path = self.tampered(
            lambda name, data: None if name == "manifest.json" else (name, data)
        )
        self.assert_refused("no manifest.json", path)

    def test_unknown_format_version_is_refused(self):
        """A manifest of a later format version is refused, naming the versions."""

        def change(name, data):
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["format_version"] = 2
                data = json.dumps(manifest).encode()
            return name, data

        self.assert_refused("format version 2", self.tampered(change))

    def test_archive_from_other_migrations_is_refused(self):
        """An archive made at a later migration is refused."""

        def change(name, data):
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"]["articles"].append("9999_future")
                data = json.dumps(manifest).encode()
            return name, data

        self.assert_refused("articles.9999_future", self.tampered(change))

    def test_corrupt_and_truncated_archives_are_refused(self):
        """Bytes that are not a whole gzip tar are refused as corrupt."""
        with open(self.archive, "rb") as handle:
            data = handle.read()
        for content in (data[: len(data) // 2], b"hello, world\n" * 10):
            with self.subTest(size=len(content)):
                path = os.path.join(self.folder, "bad.tar.gz")
                with open(path, "wb") as handle:
                    handle.write(content)
                self.assert_refused("cut short", path)

    def test_member_with_an_unsafe_name_is_refused(self):
        """A member that would land outside the media folder is refused."""

        def change(name, data):
            if name.startswith("media/images/"):
                return "media/../../etc/evil.png", data
            return name, data

        self.assert_refused("has a name a backup never holds", self.tampered(change))

    def test_bad_record_is_named_and_rolls_back(self):
        """A record that cannot be loaded names its archive member; nothing stays."""
        with tarfile.open(self.archive) as tar:
            member = next(
                m
                for m in tar.getmembers()
                if m.name.endswith("-articles-commentary.jsonl")
            )
            data = tar.extractfile(member).read()
        # A consistent archive (checksums updated) holding an invalid row.
        bad = data.replace(b'"status": "published"', b'"status": null', 1)
        self.assertNotEqual(bad, data)

        def change(name, data):
            if name == member.name:
                data = bad
            if name == "manifest.json":
                manifest = json.loads(data)
                for entry in manifest["data"]:
                    if entry["name"] == member.name:
                        entry["size"] = len(bad)
                        entry["sha256"] = hashlib.sha256(bad).hexdigest()
                data = json.dumps(manifest).encode()
            return name, data

        message = self.assert_refused("Could not load the data", self.tampered(change))
        self.assertIn(f"member {member.name}", message)

    def test_dry_run_writes_nothing(self):
        """--dry-run checks and loads everything, then keeps no row and no file."""
        report = restore(self.archive, dry_run=True)
        self.assertIn("Would restore", report)
        self.assert_nothing_written()
        # Ids were not used up either (PostgreSQL sequences are put back).
        self.assertEqual(make_outlet().pk, 1)

    def test_failure_while_copying_media_removes_the_files_and_rolls_back(self):
        """If the storage fails mid-way, no row stays and no copied file stays."""
        real_save = FileSystemStorage._save
        calls = []

        def failing_save(storage, name, content):
            calls.append(name)
            if len(calls) == 3:
                raise OSError("bucket unreachable")
            return real_save(storage, name, content)

        with (
            mock.patch.object(FileSystemStorage, "_save", failing_save),
            self.assertRaisesMessage(OSError, "bucket unreachable"),
        ):
            restore(self.archive)
        self.assertEqual(len(calls), 3)
        self.assert_nothing_written()

    def test_identical_media_already_in_storage_is_kept(self):
        """A media file already there with the same bytes is not a conflict."""
        with tarfile.open(self.archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.startswith("media/"))
            data = tar.extractfile(member).read()
        name = member.name.removeprefix("media/")
        default_storage.save(name, io.BytesIO(data))
        report = restore(self.archive)
        self.assertIn("1 already in the storage", report)
        self.assertEqual(Image.objects.count(), 2)

    def test_different_media_already_in_storage_is_refused(self):
        """A media file already there with other bytes stops the restore."""
        with tarfile.open(self.archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.startswith("media/"))
        name = member.name.removeprefix("media/")
        default_storage.save(name, io.BytesIO(png_bytes(color=(1, 2, 3))))
        with self.assertRaisesMessage(CommandError, "already exists") as caught:
            restore(self.archive)
        self.assertEqual(caught.exception.returncode, 2)
        self.assertEqual(row_counts(), self.empty_counts)
        self.assertEqual(list(media_contents()), [name])
        self.assertFalse(Outlet.objects.exists())
