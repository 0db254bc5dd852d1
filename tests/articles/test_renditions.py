"""Images for readers: upright, without EXIF/GPS, in several widths and WebP."""

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as PILImage

from tests.factories import make_image


def jpeg_with_exif(width=1600, height=900, orientation=6):
    """A JPEG whose EXIF says 'rotate 90°' and carries a GPS position."""
    image = PILImage.new("RGB", (width, height), (10, 120, 200))
    exif = PILImage.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "CameraMaker"  # Make
    gps = {1: "N", 2: (37.0, 33.0, 0.0), 3: "E", 4: (126.0, 58.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(
        "camera.jpg", buffer.getvalue(), content_type="image/jpeg"
    )


class RenditionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.image = make_image(file=jpeg_with_exif())

    def open(self, name):
        with default_storage.open(name) as handle:
            image = PILImage.open(handle)
            image.load()
            return image

    def test_upload_is_stored_upright_without_exif_or_gps(self):
        """The orientation is applied, then the metadata is dropped."""
        stored = self.open(self.image.file.name)
        self.assertEqual(stored.size, (900, 1600))
        self.assertEqual(dict(stored.getexif()), {})
        self.assertEqual((self.image.width, self.image.height), (900, 1600))

    def test_renditions_come_in_several_widths_as_webp_and_jpeg(self):
        """480 and 800 wide, plus the full width, each in WebP and JPEG."""
        made = {(r["width"], r["format"]) for r in self.image.renditions}
        self.assertEqual(
            made,
            {(w, f) for w in (480, 800, 900) for f in ("webp", "jpeg")},
        )
        for rendition in self.image.renditions:
            with self.subTest(rendition=rendition["name"]):
                opened = self.open(rendition["name"])
                self.assertEqual(opened.format, rendition["format"].upper())
                self.assertEqual(opened.width, rendition["width"])
                self.assertEqual(dict(opened.getexif()), {})

    def test_srcset_lists_each_width(self):
        """Templates get ready-made srcset values."""
        srcset = self.image.webp_srcset
        self.assertEqual(srcset.count("w,") + 1, 3)
        self.assertIn("-480.webp 480w", srcset)
        self.assertTrue(self.image.share_url.endswith("-900.jpg"))

    def test_transparent_png_falls_back_to_png(self):
        """Transparency survives in the fallback format."""
        buffer = io.BytesIO()
        PILImage.new("RGBA", (600, 300), (0, 0, 0, 0)).save(buffer, "PNG")
        image = make_image(file=SimpleUploadedFile("logo.png", buffer.getvalue()))
        self.assertEqual(image.fallback_format, "png")
        self.assertEqual({r["format"] for r in image.renditions}, {"webp", "png"})

    def test_editing_the_credit_does_not_redraw_renditions(self):
        """Only a new file makes new renditions."""
        before = list(self.image.renditions)
        self.image.credit = "Another credit"
        self.image.save()
        self.image.refresh_from_db()
        self.assertEqual(self.image.renditions, before)
