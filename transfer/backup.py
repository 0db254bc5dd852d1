"""Back up the whole site, data and media, into one archive; restore it.

The archive is a gzip-compressed tar file (docs/formats.md, "Backups"):

    data/NNN-<app>-<model>.jsonl   the rows of one model, JSON Lines
    media/<name>                   every file of the default storage
    manifest.json                  written last: versions, counts, checksums
    manifest.sig                   with BACKUP_SIGNING_KEY: the manifest's
                                   HMAC-SHA256, after it

Data is read inside one transaction (REPEATABLE READ on PostgreSQL, a read
transaction on SQLite), model by model through temporary files, so the
archive is a consistent snapshot and memory does not grow with the tables.
Media files are read through the default storage's API, so the same code
backs up a local folder or an S3 bucket.

A restore goes into an empty installation (after `migrate`). It checks the
whole archive (format version, migrations, every checksum) before writing
anything, loads the data in one transaction with loaddata, then copies the
media; if anything fails, the database is rolled back and the media files it
wrote are deleted.

A restore does not trust the archive. It reads the tar headers and the
manifest first (a stream from standard input is first copied, compressed,
to a temporary file): a member the manifest does not list, or of another
size than listed, is refused before any member is unpacked. When
BACKUP_SIGNING_KEY is set, the manifest must carry a valid signature made
with that key (kept outside the archive), so checksums recomputed after
tampering are refused. Every stored image must be an image of the format its
name says, without metadata or appended bytes (images.validators). Rich text
is sanitised as forms sanitise it, and superuser accounts are refused unless
the operator expects them (with_superusers).

Content types and permissions exist in every installation under ids of its
own, so they travel by natural key (app label, model, codename) and are
matched, never duplicated. Groups and membership categories are created by
the migrations of an empty installation: the archive's rows replace them.
Every other row keeps its primary key, so addresses, history (reversion
stores object ids as text) and admin log entries stay valid.
"""

import datetime
import gzip
import hashlib
import hmac
import importlib.metadata
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import zlib
from contextlib import contextmanager
from pathlib import PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from core import pagecache
from images.validators import check_stored_image

FORMAT = "fulcrum-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNATURE_ALGORITHM = "HMAC-SHA256"
# The manifest and its signature are read into memory: bounded.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_SIGNATURE_BYTES = 1024
# Media files checked as stored images (images.validators.check_stored_image).
IMAGE_FOLDERS = ("images/", "renditions/")
DATA_FOLDER = "data"
MEDIA_FOLDER = "media"
# Sessions and login throttling are not content: a restored site starts
# with everyone signed out and no lockouts.
EXCLUDED_APPS = {"sessions", "axes"}
# Rows every installation creates under ids of its own: matched by natural key.
NATURAL_KEY_MODELS = (ContentType, Permission)
# Rows the migrations create in an empty installation; the archive's replace them.
SEEDED_MODELS = ("auth.group", "members.membershipcategory")
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be restored; nothing was written."""


class SiteNotEmpty(Exception):
    """The installation already holds content; nothing was written."""


# --- What is backed up ---------------------------------------------------------


def backed_up_models():
    """Return the models holding site state, each after those it refers to."""
    app_list = [
        (config, None)
        for config in apps.get_app_configs()
        if config.label not in EXCLUDED_APPS and config.models_module is not None
    ]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if not model._meta.proxy
    ]


def model_label(model):
    return model._meta.label_lower


def data_member(index, model):
    meta = model._meta
    return f"{DATA_FOLDER}/{index:03d}-{meta.app_label}-{meta.model_name}.jsonl"


def applied_migrations(connection, labels):
    """Return {app label: sorted applied migration names} for the given apps."""
    applied = {label: [] for label in labels}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        if app_label in applied:
            applied[app_label].append(name)
    return {label: sorted(names) for label, names in sorted(applied.items())}


def fulcrum_version():
    try:
        return importlib.metadata.version("fulcrum")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, keeping microseconds (it cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(jsonl.Serializer):
    """JSON Lines, with natural keys only for content types and permissions."""

    def start_serialization(self):
        super().start_serialization()
        self.count = 0

    def end_object(self, obj):
        super().end_object(obj)
        self.count += 1

    def handle_fk_field(self, obj, field):
        target = field.remote_field.model
        if target is ContentType:
            # The manager caches content types: no query per row.
            pk = getattr(obj, field.attname)
            self._current[field.name] = (
                None if pk is None else ContentType.objects.get_for_id(pk).natural_key()
            )
        elif target in NATURAL_KEY_MODELS:
            self.use_natural_foreign_keys = True
            try:
                super().handle_fk_field(obj, field)
            finally:
                self.use_natural_foreign_keys = False
        else:
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in NATURAL_KEY_MODELS
        try:
            super().handle_m2m_field(obj, field)
        finally:
            self.use_natural_foreign_keys = False


def serialize_model(model, stream):
    """Write every row of model to stream as JSON Lines; return the row count."""
    m2m = [
        field.name
        for field in model._meta.many_to_many
        if field.serialize and field.remote_field.through._meta.auto_created
    ]
    queryset = model._base_manager.order_by(model._meta.pk.name)
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    serializer = Serializer()
    serializer.serialize(
        queryset.iterator(chunk_size=2000),
        stream=stream,
        use_natural_primary_keys=model in NATURAL_KEY_MODELS,
        cls=Encoder,
    )
    return serializer.count


# --- Signing -----------------------------------------------------------------------


def signing_key():
    """Return settings.BACKUP_SIGNING_KEY ("" when unset)."""
    return getattr(settings, "BACKUP_SIGNING_KEY", "") or ""


def signature(body, key):
    """Return the text of manifest.sig for the manifest bytes body."""
    digest = hmac.new(key.encode(), body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_ALGORITHM} {digest}\n"


# --- Backup ----------------------------------------------------------------------


@contextmanager
def read_snapshot(using=DEFAULT_DB_ALIAS):
    """Read everything inside this block from one consistent state of the data."""
    connection = connections[using]
    if connection.in_atomic_block:
        # Already in a transaction (a caller's, or a test's): read what it sees.
        yield
        return
    if connection.vendor == "sqlite":
        # A deferred (read) transaction sees one snapshot and, in WAL mode,
        # lets writers carry on; the site's IMMEDIATE mode would lock them out.
        connection.ensure_connection()
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic(using=using):
                connection.transaction_mode = mode
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        yield


def media_names(storage, folder=""):
    """Yield the name of every file in storage, folders walked in order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return  # No media folder yet: nothing was ever uploaded.
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from media_names(storage, f"{folder}/{sub}" if folder else sub)


class HashingReader:
    """Read a file, keeping the sha256 and size of what was read."""

    def __init__(self, handle):
        self.handle = handle
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data


def add_member(tar, name, handle, size):
    """Add size bytes of handle as name; return its sha256."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o644
    reader = HashingReader(handle)
    tar.addfile(info, reader)
    return reader.hash.hexdigest()


def write_backup(out, storage=None, using=DEFAULT_DB_ALIAS, log=None, key=None):
    """Write the archive of the whole site to the binary stream out.

    Return the manifest. log(message) is told about each step. With a
    signing key (default: BACKUP_SIGNING_KEY), manifest.sig follows the
    manifest.
    """
    storage = storage or default_storage
    key = signing_key() if key is None else key
    log = log or (lambda message: None)
    connection = connections[using]
    models = backed_up_models()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "fulcrum_version": fulcrum_version(),
        "django_version": django.get_version(),
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database_vendor": connection.vendor,
        "migrations": {},
        "counts": {},
        "data": [],
        "media": [],
    }
    with tarfile.open(fileobj=out, mode="w|gz", format=tarfile.PAX_FORMAT) as tar:
        with read_snapshot(using):
            manifest["migrations"] = applied_migrations(
                connection, sorted({m._meta.app_label for m in models})
            )
            for index, model in enumerate(models, start=1):
                name = data_member(index, model)
                with tempfile.TemporaryFile() as spool:
                    text = io.TextIOWrapper(spool, encoding="utf-8", newline="\n")
                    count = serialize_model(model, text)
                    text.flush()
                    size = spool.tell()
                    spool.seek(0)
                    digest = add_member(tar, name, spool, size)
                    text.detach()
                label = model_label(model)
                manifest["counts"][label] = count
                manifest["data"].append(
                    {
                        "name": name,
                        "model": label,
                        "count": count,
                        "size": size,
                        "sha256": digest,
                    }
                )
                log(f"{label}: {count}")
        # Media after the data: a file uploaded meanwhile is only an extra file.
        for name in media_names(storage):
            size = storage.size(name)
            with storage.open(name, "rb") as handle:
                try:
                    digest = add_member(tar, f"{MEDIA_FOLDER}/{name}", handle, size)
                except OSError as err:
                    raise OSError(
                        f"media file {name} changed while it was backed up ({err}); "
                        "run the backup again."
                    ) from err
            manifest["media"].append({"name": name, "size": size, "sha256": digest})
        log(f"media: {len(manifest['media'])} files")
        body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        add_member(tar, MANIFEST, io.BytesIO(body), len(body))
        if key:
            signed = signature(body, key).encode()
            add_member(tar, SIGNATURE, io.BytesIO(signed), len(signed))
    return manifest


def backup_to_file(path, **kwargs):
    """Write the archive to path.partial, then rename it: return the manifest.

    The archive holds password hashes: it is readable by its owner only (0600)
    from its creation, whatever the umask.
    """
    partial = f"{path}.partial"
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        # A .partial left by a killed run keeps its mode through O_CREAT.
        os.fchmod(descriptor, 0o600)
        with open(descriptor, "wb") as out:
            manifest = write_backup(out, **kwargs)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    return manifest


# --- Reading an archive ------------------------------------------------------------


def member_kind(name):
    """Return "manifest", "signature", "data" or "media" for a safe member
    name, else None."""
    if name == MANIFEST:
        return "manifest"
    if name == SIGNATURE:
        return "signature"
    path = PurePosixPath(name)
    if (
        name.startswith("/")
        or "\\" in name
        or any(part in {"", ".", ".."} for part in name.split("/"))
        or len(path.parts) < 2
    ):
        return None
    return {DATA_FOLDER: "data", MEDIA_FOLDER: "media"}.get(path.parts[0])


class Archive:
    """An archive checked against its manifest, then unpacked into a temporary
    folder.

    First pass: the tar headers only, and the manifest (with its signature):
    every member must be listed with its exact size before any is unpacked.
    Second pass: the members are unpacked, each hashed as it is written and
    never beyond its listed size, and compared with their checksums.
    """

    def __init__(self, source, label, key=None):
        self.label = label
        self.key = signing_key() if key is None else key
        self.sanitized = 0  # rich-text fields the restore had to sanitise
        self.signed = False  # the archive carries manifest.sig
        self.verified = False  # ... and it was checked with the key
        self.folder = tempfile.mkdtemp(prefix="fulcrum-restore-")
        self.members = {}  # name -> (path on disk, size, sha256)
        self.spool = None
        try:
            source = self._seekable(source)
            start = source.tell()
            headers, manifest_body, signed = self._scan(source)
            self.manifest = self._read_manifest(manifest_body)
            self._check_signature(manifest_body, signed)
            listed = self._check_listing(headers)
            source.seek(start)
            self._unpack(source, headers, listed)
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.spool is not None:
            self.spool.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def error(self, message):
        return ArchiveError(f"{self.label}: {message}")

    def unreadable(self, err):
        return self.error(
            f"not a readable backup archive (corrupt or cut short?): {err}"
        )

    def _seekable(self, source):
        """Return source, or a copy of a stream (standard input) that seeks.

        The copy holds the compressed bytes only: what the archive's sender
        sent, never what it would unpack to.
        """
        try:
            if source.seekable():
                source.tell()
                return source
        except (AttributeError, OSError):
            pass
        self.spool = open(os.path.join(self.folder, "archive"), "w+b")  # noqa: SIM115
        shutil.copyfileobj(source, self.spool, CHUNK)
        self.spool.seek(0)
        return self.spool

    def _scan(self, source):
        """Read the headers; return ([(name, size)], manifest bytes, signature).

        Only the manifest and its signature are read, each with a size limit;
        the other members are skipped.
        """
        headers = []
        seen = set()
        special = {}
        try:
            with tarfile.open(fileobj=source, mode="r:*") as tar:
                while (member := tar.next()) is not None:
                    name = member.name
                    kind = self._check_header(member, seen)
                    seen.add(name)
                    headers.append((name, member.size))
                    if kind in ("manifest", "signature"):
                        limit = (
                            MAX_MANIFEST_BYTES
                            if kind == "manifest"
                            else MAX_SIGNATURE_BYTES
                        )
                        if member.size > limit:
                            raise self.error(
                                f"member {name} is {member.size:,} bytes; it may "
                                f"be at most {limit:,}."
                            )
                        with tar.extractfile(member) as handle:
                            special[kind] = handle.read(limit + 1)
                    # The archive's list grows with every member: keep none.
                    tar.members = []
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise self.unreadable(err) from err
        if "manifest" not in special:
            raise self.error(
                f"no {MANIFEST}: not a Fulcrum backup, or a backup cut short."
            )
        return headers, special["manifest"], special.get("signature")

    def _check_header(self, member, seen):
        name = member.name
        if not member.isfile():
            raise self.error(f"member {name} is not a regular file.")
        kind = member_kind(name)
        if kind is None:
            raise self.error(f"member {name} has a name a backup never holds.")
        if name in seen:
            raise self.error(f"member {name} appears twice.")
        return kind

    def _read_manifest(self, body):
        try:
            manifest = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise self.error(f"{MANIFEST} is not valid JSON: {err}") from err
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise self.error(f"{MANIFEST} does not describe a {FORMAT} archive.")
        version = manifest.get("format_version")
        if version != FORMAT_VERSION:
            raise self.error(
                f"{MANIFEST}: format version {version!r} is not one this Fulcrum "
                f"reads (it reads version {FORMAT_VERSION}); restore it with the "
                f"Fulcrum version that made it ({manifest.get('fulcrum_version')})."
            )
        for key in ("data", "media", "counts", "migrations"):
            if not isinstance(manifest.get(key), list | dict):
                raise self.error(f"{MANIFEST}: “{key}” is missing.")
        for key in ("data", "media"):
            if not isinstance(manifest[key], list) or not all(
                isinstance(entry, dict) for entry in manifest[key]
            ):
                raise self.error(f"{MANIFEST}: “{key}” is not a list of files.")
        return manifest

    def _check_signature(self, body, signed):
        """With a signing key, refuse an unsigned or otherwise signed manifest."""
        self.signed = signed is not None
        if not self.key:
            return
        if signed is None:
            raise self.error(
                f"it is not signed (no {SIGNATURE}), and BACKUP_SIGNING_KEY is set: "
                "only archives signed with that key are restored."
            )
        expected = signature(body, self.key).encode()
        if not hmac.compare_digest(signed.strip(), expected.strip()):
            raise self.error(
                f"{SIGNATURE} does not match {MANIFEST}: the archive was changed "
                "after it was made, or signed with another BACKUP_SIGNING_KEY."
            )
        self.verified = True

    def _check_listing(self, headers):
        """Return {member name: manifest entry}; refuse unlisted members and
        members of another size than listed (from the headers alone)."""
        sizes = dict(headers)
        listed = {}
        for kind, prefix in (("data", ""), ("media", f"{MEDIA_FOLDER}/")):
            for entry in self.manifest[kind]:
                name = prefix + str(entry.get("name", ""))
                if member_kind(name) != kind:
                    raise self.error(f"{MANIFEST} lists {name}, not a {kind} file.")
                if name in listed:
                    raise self.error(f"{MANIFEST} lists {name} twice.")
                size = entry.get("size")
                if type(size) is not int or size < 0:
                    raise self.error(f"{MANIFEST} gives {name} no valid size.")
                if name not in sizes:
                    raise self.error(f"member {name} is listed but missing.")
                if sizes[name] != size:
                    raise self.error(
                        f"member {name} holds {sizes[name]:,} bytes, {MANIFEST} "
                        f"lists {size:,}: the archive is damaged or was changed."
                    )
                listed[name] = entry
        for name, _size in headers:
            if name not in listed and member_kind(name) in ("data", "media"):
                raise self.error(f"member {name} is not listed in {MANIFEST}.")
        return listed

    def _unpack(self, source, headers, listed):
        """Unpack the listed members, checking each against the manifest."""
        expected = iter(headers)
        try:
            with tarfile.open(fileobj=source, mode="r|*") as tar:
                for number, member in enumerate(tar):
                    if next(expected, None) != (member.name, member.size):
                        raise self.error(
                            f"member {member.name} differs from a first reading: "
                            "the archive changed while it was read."
                        )
                    if member.name in listed:
                        self._extract(tar, member, number, listed[member.name])
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise self.unreadable(err) from err
        if next(expected, None) is not None:
            raise self.error("the archive changed while it was read.")

    def _extract(self, tar, member, number, entry):
        name = member.name
        # loaddata reads the format from the file name's extension.
        suffix = ".jsonl" if member_kind(name) == "data" else ""
        path = os.path.join(self.folder, f"{number:07d}{suffix}")
        digest = hashlib.sha256()
        size = 0
        limit = entry["size"]
        with tar.extractfile(member) as handle, open(path, "wb") as copy:
            while chunk := handle.read(min(CHUNK, limit - size + 1)):
                size += len(chunk)
                if size > limit:
                    raise self.error(f"member {name} is larger than listed.")
                digest.update(chunk)
                copy.write(chunk)
        if size != limit or digest.hexdigest() != entry.get("sha256"):
            raise self.error(
                f"member {name} does not match its checksum in {MANIFEST}: "
                "the archive is damaged or was changed."
            )
        self.members[name] = (path, size, digest.hexdigest())

    def data_files(self):
        """Yield (member name, path on disk) of the non-empty data, in order."""
        for entry in self.manifest["data"]:
            # loaddata warns about a fixture without rows.
            if entry.get("count"):
                yield entry["name"], self.members[entry["name"]][0]

    def media_files(self):
        """Yield (storage name, path on disk, size, sha256) of every media file."""
        for entry in self.manifest["media"]:
            path, size, digest = self.members[f"{MEDIA_FOLDER}/{entry['name']}"]
            yield entry["name"], path, size, digest


# --- Restore -----------------------------------------------------------------------


def check_migrations(archive, connection):
    """Refuse an archive made at another migration state than this installation."""
    theirs = archive.manifest["migrations"]
    ours = applied_migrations(connection, sorted(theirs))
    for app_label in sorted(theirs):
        missing = sorted(set(theirs[app_label]) - set(ours[app_label]))
        extra = sorted(set(ours[app_label]) - set(theirs[app_label]))
        if missing:
            raise archive.error(
                f"it was made after migration {app_label}.{missing[-1]}, which this "
                "installation does not have: restore it with the Fulcrum version "
                f"that made it ({archive.manifest.get('fulcrum_version')})."
            )
        if extra:
            raise archive.error(
                f"it was made before migration {app_label}.{extra[0]}: restore it "
                "into the Fulcrum version that made it "
                f"({archive.manifest.get('fulcrum_version')}), then upgrade and "
                "run `manage.py migrate`."
            )


def check_empty():
    """Refuse a site that holds anything beyond what `migrate` creates."""
    held = []
    for model in backed_up_models():
        if model in NATURAL_KEY_MODELS or model_label(model) in SEEDED_MODELS:
            continue
        count = model._base_manager.count()
        if count:
            held.append(f"{count} {model._meta.verbose_name_plural}")
    if held:
        raise SiteNotEmpty(
            "This site is not empty (it holds "
            + ", ".join(held[:5])
            + ("…" if len(held) > 5 else "")
            + "); a backup is restored only into a new installation, after "
            "`manage.py migrate`. Nothing was changed."
        )


def check_media(archive, storage):
    """Return the media names to write; refuse files that exist with other bytes.

    Every image (images/, renditions/) must be what Fulcrum stores: an image
    of the format its extension names, without comments, EXIF/XMP data or
    bytes after its end (images.validators.check_stored_image). Media files
    are written as they are, so a file that is HTML or script under an image
    name would be served from the site's own address.
    """
    to_write = []
    for name, path, _size, digest in archive.media_files():
        if name.startswith(IMAGE_FOLDERS):
            with open(path, "rb") as handle:
                try:
                    check_stored_image(handle, name)
                except ValidationError as err:
                    raise archive.error(
                        f"member {MEDIA_FOLDER}/{name} is not an image Fulcrum "
                        f"stores: {' '.join(err.messages)}"
                    ) from err
        if not storage.exists(name):
            to_write.append(name)
            continue
        existing = hashlib.sha256()
        with storage.open(name, "rb") as handle:
            while chunk := handle.read(CHUNK):
                existing.update(chunk)
        if existing.hexdigest() != digest:
            raise SiteNotEmpty(
                f"The media file {name} already exists in the storage with other "
                "content. Nothing was changed."
            )
    return to_write


def reset_sequences(connection, models):
    """Put id sequences back after a rollback (PostgreSQL never rolls them back)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def load_data(archive, connection):
    """Load the archive's rows (inside the caller's transaction)."""
    for label in SEEDED_MODELS:
        apps.get_model(label)._base_manager.all().delete()
    names = {path: name for name, path in archive.data_files()}
    try:
        call_command("loaddata", *names, database=connection.alias, verbosity=0)
    except Exception as err:
        message = str(err)
        for path, name in names.items():
            message = message.replace(path, f"{archive.label} member {name}")
        raise ArchiveError(f"Could not load the data: {message}") from err
    counts = archive.manifest["counts"]
    for model in backed_up_models():
        label = model_label(model)
        if model in NATURAL_KEY_MODELS or label not in counts:
            continue
        found = model._base_manager.count()
        if found != counts[label]:
            raise ArchiveError(
                f"{archive.label}: {label} holds {found} rows after loading, "
                f"the manifest says {counts[label]}."
            )


def check_superusers(archive, with_superusers, using=DEFAULT_DB_ALIAS):
    """Refuse superuser accounts unless the operator expects them (after loading,
    inside the transaction: whatever member the rows came from)."""
    if with_superusers:
        return
    names = sorted(
        get_user_model()
        ._base_manager.using(using)
        .filter(is_superuser=True)
        .values_list(get_user_model().USERNAME_FIELD, flat=True)
    )
    if names:
        shown = ", ".join(names[:5]) + ("…" if len(names) > 5 else "")
        raise archive.error(
            f"it holds {len(names)} superuser "
            f"{'account' if len(names) == 1 else 'accounts'} ({shown}); a superuser "
            "can do anything on the site, and an archive changed by someone else "
            "could add one. If you expect them, restore with --with-superusers."
        )


def sanitize_rich_text(using=DEFAULT_DB_ALIAS):
    """Sanitise every rich-text field as forms and saves do; return the count.

    loaddata writes rows as they are (raw, no save()): an archive changed by
    hand could hold script in a summary.
    """
    changed = 0
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            sanitize = getattr(field, "sanitize", None)
            if not callable(sanitize):
                continue
            rows = (
                model._base_manager.using(using)
                .exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .values_list("pk", field.attname)
            )
            for pk, value in rows.iterator():
                clean = sanitize(value)
                if clean != value:
                    model._base_manager.using(using).filter(pk=pk).update(
                        **{field.attname: clean}
                    )
                    changed += 1
    return changed


def restore(
    archive,
    storage=None,
    using=DEFAULT_DB_ALIAS,
    dry_run=False,
    with_superusers=False,
):
    """Restore archive into this empty installation; return the media names written.

    Raise ArchiveError or SiteNotEmpty, having written nothing, on bad input.
    """
    storage = storage or default_storage
    connection = connections[using]
    check_migrations(archive, connection)
    check_empty()
    to_write = check_media(archive, storage)
    paths = {name: path for name, path, _size, _digest in archive.media_files()}
    written = []
    committed = False
    try:
        with transaction.atomic(using=using):
            load_data(archive, connection)
            check_superusers(archive, with_superusers, using)
            archive.sanitized = sanitize_rich_text(using)
            if dry_run:
                transaction.set_rollback(True, using=using)
            else:
                for name in to_write:
                    with open(paths[name], "rb") as handle:
                        saved = storage.save(name, File(handle, name=name))
                    written.append(saved)
                    if saved != name:
                        raise ArchiveError(
                            f"The storage saved media file {name} as {saved}."
                        )
        committed = not dry_run
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    finally:
        if not committed:
            # Content types created and rolled back may sit in the cache.
            ContentType.objects.clear_cache()
            reset_sequences(connection, backed_up_models())
    return written


def clear_caches():
    """Make every cached page stale: pages cached before the restore show an
    empty site. Only the page cache's generation is replaced, not the whole
    cache, which may be a Redis database shared with others (FLUSHDB)."""
    return [] if pagecache.bump() else ["default (see the log)"]
