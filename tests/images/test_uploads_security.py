"""Uploaded images are checked, re-encoded and served so that no browser runs them.

Issue 14, items 13 (image side), 14, 15 and 16: a GIF that is also a script,
files named .html/.pdf/.eps, a truncated JPEG, and comments or EXIF/XMP data
that survived the clean-up. Stored files are read back with Pillow.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PILImage

from images.models import Image
from images.renditions import verified_image
from images.validators import check_stored_image, validate_image_file
from tests.articles.test_import_wordpress import AplnSiteMixin
from tests.factories import make_image, make_user, png_bytes

SCRIPT = b"/*x*/=alert(document.domain);//"


def encoded(fmt, size=(40, 30), color=(10, 120, 200), **options):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def animated_gif(comment=b"", frames=3):
    """A small animated GIF (distinct frames), with a comment if given."""
    images = [PILImage.new("RGB", (24, 16), (60 * i, 20, 200)) for i in range(frames)]
    buffer = io.BytesIO()
    options = {"comment": comment} if comment else {}
    images[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=images[1:],
        duration=80,
        loop=0,
        **options,
    )
    return buffer.getvalue()


def jpeg_with_metadata():
    """A JPEG with a comment (a script), EXIF (camera, GPS) and XMP."""
    exif = PILImage.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 0.0)}  # GPSInfo
    return encoded(
        "JPEG",
        comment=SCRIPT,
        exif=exif,
        xmp=b"<x:xmpmeta><rdf:RDF>author's home</rdf:RDF></x:xmpmeta>",
    )


def truncated_jpeg():
    """A JPEG cut off in the middle of its pixels (its header is whole)."""
    data = encoded("JPEG", size=(400, 300), color=(200, 30, 30), quality=95)
    noisy = PILImage.effect_noise((400, 300), 80).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=95)
    data = buffer.getvalue()
    return data[: len(data) // 2]


def stored(image):
    """The stored original, decoded by Pillow, and its bytes."""
    with default_storage.open(image.file.name) as handle:
        data = handle.read()
    opened = PILImage.open(io.BytesIO(data))
    opened.load()
    return opened, data


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


class StoredFilesTests(TestCase):
    """Item 13: what is stored is an image under its own format's extension."""

    def test_a_gif_that_is_also_a_script_is_stored_without_the_script(self):
        """An animated GIF with a script appended and in its comment is re-encoded."""
        image = make_image(file=upload("anim.gif", animated_gif(SCRIPT) + SCRIPT))
        opened, data = stored(image)
        self.assertNotIn(b"alert", data)
        self.assertEqual(opened.format, "GIF")
        self.assertEqual(opened.n_frames, 3)
        self.assertIsNone(opened.info.get("comment"))
        self.assertTrue(image.file.name.endswith(".gif"))
        self.assertEqual(check_stored_image(io.BytesIO(data), image.file.name), "GIF")

    def test_animation_keeps_its_frames_timing_and_loop(self):
        """Re-encoding an animation keeps what readers see."""
        image = make_image(file=upload("anim.gif", animated_gif()))
        opened, _data = stored(image)
        self.assertEqual(opened.n_frames, 3)
        self.assertEqual(opened.info.get("loop"), 0)
        self.assertEqual(opened.info.get("duration"), 80)

    def test_the_stored_name_has_the_extension_of_the_decoded_format(self):
        """A PNG named .jpg is stored as .png; a JPEG named .jpeg as .jpg."""
        cases = {
            "photo.jpg": (png_bytes(), ".png", "PNG"),
            "photo.jpeg": (encoded("JPEG"), ".jpg", "JPEG"),
            "photo.webp": (encoded("GIF"), ".gif", "GIF"),
            "PHOTO.PNG": (encoded("WEBP"), ".webp", "WEBP"),
        }
        for name, (data, extension, fmt) in cases.items():
            with self.subTest(name):
                image = make_image(file=upload(name, data))
                self.assertTrue(
                    image.file.name.endswith(extension), msg=image.file.name
                )
                self.assertEqual(stored(image)[0].format, fmt)

    def test_files_named_as_pages_or_scripts_are_refused(self):
        """A real GIF named .html or .js is not an image upload."""
        for name in ("page.html", "app.js", "image.svg", "photo.gif.html", "gif"):
            with self.subTest(name):
                with self.assertRaises(ValidationError) as caught:
                    validate_image_file(upload(name, encoded("GIF")))
                self.assertEqual(caught.exception.code, "extension")

    def test_saving_an_unchecked_file_checks_it_too(self):
        """An Image saved without a form (an importer) is checked all the same."""
        with self.assertRaises(ValidationError):
            make_image(file=upload("page.html", encoded("GIF")))
        with self.assertRaises(ValidationError):
            make_image(file=upload("photo.jpg", truncated_jpeg()))
        self.assertFalse(Image.objects.exists())

    def test_verified_image_gives_importers_clean_bytes_and_the_extension(self):
        """The function for code that stores files without an Image."""
        content, extension = verified_image(animated_gif(SCRIPT) + SCRIPT, "a.gif")
        self.assertEqual(extension, ".gif")
        self.assertNotIn(b"alert", content)
        content, extension = verified_image(png_bytes(), "scan.jpeg")
        self.assertEqual((extension, PILImage.open(io.BytesIO(content)).format),
                         (".png", "PNG"))  # fmt: skip
        with self.assertRaises(ValidationError):
            verified_image(png_bytes(), "scan.pdf")

    def test_a_restored_file_must_be_what_the_site_would_have_stored(self):
        """check_stored_image: the format's extension, no metadata, nothing appended."""
        gif = verified_image(animated_gif(), "a.gif")[0]
        jpeg = verified_image(encoded("JPEG"), "a.jpg")[0]
        self.assertEqual(check_stored_image(io.BytesIO(gif), "images/a.gif"), "GIF")
        self.assertEqual(check_stored_image(io.BytesIO(jpeg), "a.jpg"), "JPEG")
        refused = {
            "script appended to a GIF": (gif + SCRIPT, "a.gif", "trailing"),
            "script in a GIF comment": (animated_gif(SCRIPT), "a.gif", "metadata"),
            "script appended to a JPEG": (jpeg + SCRIPT, "a.jpg", "trailing"),
            "JPEG comment": (jpeg_with_metadata(), "a.jpg", "metadata"),
            "a PNG named .jpg": (png_bytes(), "a.jpg", "extension_mismatch"),
            "a GIF named .html": (gif, "a.html", "extension"),
        }
        for label, (data, name, code) in refused.items():
            with self.subTest(label):
                with self.assertRaises(ValidationError) as caught:
                    check_stored_image(ContentFile(data, name=name), name)
                self.assertEqual(caught.exception.code, code)

    def test_every_file_an_image_stores_passes_the_restore_check(self):
        """The original and each rendition are what check_stored_image expects."""
        for name, data in (
            ("camera.jpg", jpeg_with_metadata()),
            ("anim.gif", animated_gif(SCRIPT) + SCRIPT),
            ("logo.png", encoded("PNG", size=(900, 500))),
            ("a.webp", encoded("WEBP", size=(600, 300))),
        ):
            image = make_image(file=upload(name, data))
            for stored_name in [image.file.name] + [
                r["name"] for r in image.renditions
            ]:
                with (
                    self.subTest(stored_name),
                    default_storage.open(stored_name) as handle,
                ):
                    check_stored_image(ContentFile(handle.read()), stored_name)


class MediaHeadersTests(TestCase):
    """Item 13: media served by Django carry nosniff and a sandboxing policy."""

    def test_an_image_is_served_with_nosniff_and_a_sandbox_policy(self):
        image = make_image()
        response = self.client.get(image.file.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(
            response["Content-Security-Policy"], "default-src 'none'; sandbox"
        )
        self.assertEqual(b"".join(response.streaming_content), stored(image)[1])

    def test_a_file_that_is_not_an_image_is_only_downloaded(self):
        """Whatever else sits in the media folder is never shown as a page."""
        name = default_storage.save("legacy/page.html", ContentFile(b"<script>1"))
        self.addCleanup(default_storage.delete, name)
        response = self.client.get(default_storage.url(name))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        self.assertEqual(response["Content-Disposition"], "attachment")
        self.assertEqual(
            response["Content-Security-Policy"], "default-src 'none'; sandbox"
        )
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")


class AdminUploadTests(TestCase):
    """Items 14 and 15, through the admin form an editor uses."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(groups=["Editors"])

    def setUp(self):
        self.client.force_login(self.user)

    def post(self, name, data):
        return self.client.post(
            reverse("admin:images_image_add"),
            {
                "file": upload(name, data),
                "alt_text": "Two ministers shake hands",
                "credit": "Kyodo",
                "licence": "permission",
                "caption": "",
            },
        )

    def test_a_truncated_jpeg_is_refused_with_a_message(self):
        """Item 14: not a server error; the form says what is wrong."""
        response = self.post("cut.jpg", truncated_jpeg())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "not a complete, readable image")
        self.assertFalse(Image.objects.exists())

    def test_a_truncated_jpeg_fails_validation(self):
        """Item 14: the validator decodes every pixel, not just the header."""
        with self.assertRaises(ValidationError) as caught:
            validate_image_file(upload("cut.jpg", truncated_jpeg()))
        self.assertEqual(caught.exception.code, "unreadable")

    def test_pdf_eps_and_ps_names_are_refused_whatever_they_hold(self):
        """Item 15: an image's bytes under a document's name are not accepted."""
        for name in ("report.pdf", "figure.eps", "figure.ps", "figure.EPS"):
            with self.subTest(name):
                response = self.post(name, png_bytes())
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "are not accepted; upload JPEG")
        self.assertFalse(Image.objects.exists())

    def test_documents_pillow_can_read_are_refused_under_an_image_name(self):
        """Item 15: only the JPEG, PNG, GIF and WebP decoders are tried."""
        for fmt in ("EPS", "TIFF", "BMP", "PDF"):
            buffer = io.BytesIO()
            PILImage.new("RGB", (20, 10)).save(buffer, fmt)
            with self.subTest(fmt):
                with self.assertRaises(ValidationError) as caught:
                    validate_image_file(upload("figure.png", buffer.getvalue()))
                self.assertEqual(caught.exception.code, "unreadable")

    def test_the_file_input_asks_for_the_accepted_types_only(self):
        """Item 15: the browser offers JPEG, PNG, GIF and WebP files."""
        response = self.client.get(reverse("admin:images_image_add"))
        self.assertContains(
            response,
            'accept="image/jpeg,image/png,image/gif,image/webp,'
            '.jpg,.jpeg,.png,.gif,.webp"',
        )

    def test_the_accepted_formats_are_still_accepted(self):
        for name, data in (
            ("a.jpg", encoded("JPEG")),
            ("a.png", png_bytes()),
            ("a.gif", encoded("GIF")),
            ("a.webp", encoded("WEBP")),
        ):
            with self.subTest(name):
                self.assertEqual(self.post(name, data).status_code, 302)
        self.assertEqual(Image.objects.count(), 4)


class MetadataTests(TestCase):
    """Item 16: comments, EXIF and XMP do not survive; the ICC profile does."""

    def test_jpeg_comment_exif_and_xmp_are_stripped(self):
        image = make_image(file=upload("camera.jpg", jpeg_with_metadata()))
        opened, data = stored(image)
        self.assertIsNone(opened.info.get("comment"))
        self.assertIsNone(opened.info.get("xmp"))
        self.assertEqual(dict(opened.getexif()), {})
        self.assertNotIn(b"alert", data)
        self.assertNotIn(b"CameraMaker", data)
        self.assertNotIn(b"author's home", data)

    def test_gif_comments_are_stripped_still_or_animated(self):
        for label, data in (
            ("still", encoded("GIF", comment=SCRIPT)),
            ("animated", animated_gif(SCRIPT)),
        ):
            with self.subTest(label):
                image = make_image(file=upload("a.gif", data))
                opened, stored_data = stored(image)
                self.assertIsNone(opened.info.get("comment"))
                self.assertNotIn(b"alert", stored_data)

    def test_png_text_webp_exif_and_xmp_are_stripped(self):
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "alert(1)")
        exif = PILImage.Exif()
        exif[0x010F] = "CameraMaker"
        for name, data in (
            ("a.png", encoded("PNG", pnginfo=text, exif=exif)),
            ("a.webp", encoded("WEBP", exif=exif, xmp=b"<x>author's home</x>")),
        ):
            with self.subTest(name):
                opened, stored_data = stored(make_image(file=upload(name, data)))
                self.assertEqual(dict(opened.getexif()), {})
                self.assertNotIn(b"alert", stored_data)
                self.assertNotIn(b"CameraMaker", stored_data)
                self.assertNotIn(b"author's home", stored_data)

    def test_the_colour_profile_is_kept(self):
        """The ICC profile is colour, not private: kept so colours do not shift."""
        from PIL import ImageCms

        icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        image = make_image(file=upload("a.jpg", encoded("JPEG", icc_profile=icc)))
        self.assertEqual(stored(image)[0].info.get("icc_profile"), icc)


class WordPressAttachmentTests(AplnSiteMixin, TestCase):
    """Items 13 and 14 for an importer: the model's save checks and re-encodes."""

    def test_a_truncated_attachment_is_reported_and_the_import_goes_on(self):
        """Item 14: a note for the file, not a traceback; the piece is imported."""
        (self.uploads / "2023/05/kishida-asean.png").write_bytes(truncated_jpeg())
        out, _ = self.run_import()
        self.assertIn(
            "“2023/05/kishida-asean.png” in --media-dir: The file is not a "
            "complete, readable image",
            out,
        )
        self.assertFalse(self.piece("japan-southeast-asia").image.file)

    def test_a_gif_that_is_also_a_script_is_stored_reencoded_as_gif(self):
        """Item 13: not byte for byte, and named for what it is."""
        (self.uploads / "2023/05/kishida-asean.png").write_bytes(
            animated_gif(SCRIPT) + SCRIPT
        )
        self.run_import()
        image = self.piece("japan-southeast-asia").image
        opened, data = stored(image)
        self.assertTrue(image.file.name.endswith(".gif"), msg=image.file.name)
        self.assertEqual((opened.format, opened.n_frames), ("GIF", 3))
        self.assertNotIn(b"alert", data)
