"""Media on S3-compatible object storage (django-storages), against moto's S3 server.

moto runs in server mode on 127.0.0.1, in a thread of this process; nothing
here reaches the internet. Images are uploaded through the admin as an editor
would, and the summary page is read as a visitor would.
"""

import io
import os
import runpy
import tempfile
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import boto3
from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from reversion.models import Version
from storages.backends.s3 import S3Storage

from images.models import Image
from tests.articles.test_renditions import jpeg_with_exif
from tests.factories import make_commentary, make_user

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "fulcrum-media"
PREFIX = "media"
DUMMY_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


class ImageURLs(HTMLParser):
    """Every URL an <img> or <picture><source> of the page may load."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        if tag not in {"img", "source"}:
            return
        attrs = dict(attrs)
        if attrs.get("src"):
            self.urls.append(attrs["src"])
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


class ObjectStorageTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.enterClassContext(mock.patch.dict(os.environ, DUMMY_AWS))
        cls.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        cls.server.start()
        cls.addClassCleanup(cls.server.stop)
        host, port = cls.server.get_host_and_port()
        cls.endpoint = f"http://{host}:{port}"
        cls.s3 = boto3.client("s3", endpoint_url=cls.endpoint)
        cls.s3.create_bucket(Bucket=BUCKET)
        cls.media_root = tempfile.mkdtemp(prefix="fulcrum-media-root-")
        cls.enterClassContext(
            override_settings(
                MEDIA_ROOT=cls.media_root,
                STORAGES={
                    **settings.STORAGES,
                    "default": {
                        "BACKEND": "storages.backends.s3.S3Storage",
                        "OPTIONS": {
                            "bucket_name": BUCKET,
                            "endpoint_url": cls.endpoint,
                            "location": PREFIX,
                            "querystring_auth": False,
                            # Images are public: moto honours object ACLs.
                            "default_acl": "public-read",
                            "file_overwrite": False,
                        },
                    },
                },
            )
        )
        super().setUpClass()

    def setUp(self):
        self.editor = make_user(groups=["Editors"])
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:images_image_add"),
            {
                "file": jpeg_with_exif(width=1000, height=600, orientation=1),
                "alt_text": "Foreign ministers at a summit",
                "credit": "内閣官房内閣広報室",
                "source_url": "https://www.kantei.go.jp/",
                "licence": "government",
                "caption": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.image = Image.objects.get()
        self.addCleanup(self.empty_bucket)

    def empty_bucket(self):
        for key in self.keys():
            self.s3.delete_object(Bucket=BUCKET, Key=key)

    def keys(self):
        listing = self.s3.list_objects_v2(Bucket=BUCKET)
        return {item["Key"] for item in listing.get("Contents", [])}

    def stored(self, key):
        return self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def files_of(self, image):
        names = [image.file.name] + [r["name"] for r in image.renditions]
        return {f"{PREFIX}/{name}" for name in names}

    def test_original_and_every_rendition_land_in_the_bucket(self):
        """The upload and its resized WebP and JPEG copies are objects under the prefix."""
        self.assertEqual(len(self.image.renditions), 6)
        self.assertEqual(self.keys(), self.files_of(self.image))
        for rendition in self.image.renditions:
            with self.subTest(rendition=rendition["name"]):
                opened = PILImage.open(
                    io.BytesIO(self.stored(f"{PREFIX}/{rendition['name']}"))
                )
                self.assertEqual(opened.format, rendition["format"].upper())
                self.assertEqual(opened.width, rendition["width"])

    def test_stored_original_carries_no_exif(self):
        """Camera and GPS data are gone from the object in the bucket."""
        original = PILImage.open(
            io.BytesIO(self.stored(f"{PREFIX}/{self.image.file.name}"))
        )
        self.assertEqual(original.size, (1000, 600))
        self.assertEqual(dict(original.getexif()), {})
        self.assertEqual((self.image.width, self.image.height), (1000, 600))

    def test_summary_page_loads_its_image_from_the_bucket(self):
        """<img> and <source srcset> URLs point at the bucket and answer with its bytes."""
        piece = make_commentary(image=self.image, title="Deterrence in Asia")
        response = self.client.get(piece.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        parser = ImageURLs()
        parser.feed(response.content.decode())
        urls = [url for url in parser.urls if not url.startswith(settings.STATIC_URL)]
        prefix = f"{self.endpoint}/{BUCKET}/{PREFIX}/"
        self.assertEqual(
            {url.removeprefix(prefix) for url in urls},
            {self.image.file.name} | {r["name"] for r in self.image.renditions},
        )
        for url in set(urls):
            with self.subTest(url=url):
                key = url.removeprefix(f"{self.endpoint}/{BUCKET}/")
                self.assertEqual(fetch(url), self.stored(key))

    def test_replacing_the_file_removes_the_old_renditions(self):
        """A new upload is resized afresh; the old copies leave the bucket."""
        old_renditions = {f"{PREFIX}/{r['name']}" for r in self.image.renditions}
        response = self.client.post(
            reverse("admin:images_image_change", args=[self.image.pk]),
            {
                "file": jpeg_with_exif(width=700, height=500, orientation=1),
                "alt_text": "Foreign ministers at a summit",
                "credit": "内閣官房内閣広報室",
                "source_url": "https://www.kantei.go.jp/",
                "licence": "government",
                "caption": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual((image.width, image.height), (700, 500))
        self.assertTrue(self.files_of(image) <= self.keys())
        self.assertFalse(old_renditions & self.keys())

    def test_a_deleted_image_keeps_its_files_so_it_can_be_recovered(self):
        """Deleting is undoable (Recover deleted images), so the objects stay."""
        files = self.files_of(self.image)
        response = self.client.post(
            reverse("admin:images_image_delete", args=[self.image.pk]),
            {"post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Image.objects.exists())
        Version.objects.get_deleted(Image).get(object_id=str(self.image.pk)).revert()
        recovered = Image.objects.get()
        self.assertEqual(self.files_of(recovered), files)
        self.assertTrue(files <= self.keys())
        self.assertEqual(
            fetch(recovered.file.url), self.stored(f"{PREFIX}/{recovered.file.name}")
        )

    def test_nothing_is_written_under_media_root(self):
        """With object storage the app servers keep no media on local disk."""
        piece = make_commentary(image=self.image)
        self.assertEqual(self.client.get(piece.get_absolute_url()).status_code, 200)
        written = list(Path(self.media_root).rglob("*"))
        self.assertEqual(written, [])


def settings_for(monkeypatch, **env):
    """The settings module as a server with this environment would load it."""
    for name in (
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_CUSTOM_DOMAIN",
        "AWS_S3_REGION_NAME",
        "AWS_LOCATION",
        "MEDIA_URL",
        "SERVE_MEDIA",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**DUMMY_AWS, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "fulcrum" / "settings.py"))


def test_media_stay_on_disk_without_a_bucket(monkeypatch):
    """No bucket named: the filesystem, served by Django outside production."""
    loaded = settings_for(monkeypatch)
    assert loaded["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert loaded["MEDIA_ORIGIN"] == ""
    assert loaded["SERVE_MEDIA"] is True


def test_a_bucket_name_moves_media_to_object_storage(monkeypatch):
    """AWS_STORAGE_BUCKET_NAME selects S3Storage, public URLs, no overwriting."""
    loaded = settings_for(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME="apln-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_LOCATION="/fulcrum/",
    )
    default = loaded["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["querystring_auth"] is False
    assert default["OPTIONS"]["file_overwrite"] is False
    assert default["OPTIONS"]["location"] == "fulcrum"
    assert loaded["SERVE_MEDIA"] is False


def test_media_origin_is_where_image_urls_point(monkeypatch):
    """MEDIA_ORIGIN is the scheme and host of the storage's URLs, for the CSP."""
    cases = [
        ({"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000/"}, "http://127.0.0.1:9000"),
        ({"AWS_S3_CUSTOM_DOMAIN": "media.apln.example"}, "https://media.apln.example"),
        ({"AWS_S3_REGION_NAME": "ap-northeast-2"}, "https://apln.s3.amazonaws.com"),
    ]
    for env, origin in cases:
        loaded = settings_for(monkeypatch, AWS_STORAGE_BUCKET_NAME="apln", **env)
        assert loaded["MEDIA_ORIGIN"] == origin
        storage = S3Storage(**loaded["STORAGES"]["default"]["OPTIONS"])
        assert storage.url("images/2026/05/a.jpg").startswith(origin + "/")
    loaded = settings_for(monkeypatch, MEDIA_URL="https://static.apln.example/media/")
    assert loaded["MEDIA_ORIGIN"] == "https://static.apln.example"
