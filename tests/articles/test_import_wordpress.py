"""import_wordpress: WordPress exports (WXR) to commentaries, images, redirects.

The corpus's fixtures (fixtures/wxr, see its SOURCES.md; the corpus lane) are
real exports from the test suites of WordPress's importer and other migrators;
tests/data/wxr/apln-site.xml is a small export shaped like APLN's old site, and
tests/data/wxr/attacks and bad are small attack and broken files.
"""

import datetime
import io
import re
import shutil
import tempfile
import tracemalloc
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import Authorship, Commentary
from core.models import Redirect
from images.models import Image
from members.models import Member, MemberAlias
from tests.corpus import CORPUS, DATA
from tests.factories import make_commentary, make_member, png_bytes
from transfer.importing.sources import InputError, Location
from transfer.models import WordPressPost
from transfer.wordpress.content import autop, strip_shortcodes, summarise
from transfer.wordpress.parser import WXRReader, php_unserialize

WXR = CORPUS / "fixtures" / "wxr"
ATTACKS = WXR / "defusedxml-xmltestdata"
APLN = DATA / "wxr" / "apln-site.xml"
BAD = DATA / "wxr" / "bad"

# What each well-formed WXR fixture holds (SOURCES.md, checked against the
# files): posts, pages, attachments, declared authors, categories, tags,
# other terms; then what an import into an empty site makes: commentaries
# and images (distinct featured images present in the file).
# fmt: off
WELL_FORMED = {
    "php-toolkit/entities-options-and-posts.xml": (1, 0, 0, 2, 3, 0, 0, 1, 0),
    "php-toolkit/frontloading-1-attachment.xml": (0, 0, 1, 1, 0, 0, 0, 0, 0),
    "php-toolkit/frontloading-attachments-post-contents-and-404s.xml": (1, 0, 1, 1, 0, 0, 0, 1, 0),
    "theme-test-data/64-block-test-data.xml": (61, 1, 9, 2, 7, 4, 13, 61, 1),
    # Items without <wp:post_id>: the ID is read from the ?p= GUID.
    "theme-test-data/theme-preview.xml": (7, 0, 0, 0, 0, 0, 0, 7, 0),
    "theme-test-data/themeunittestdata.wordpress.xml": (58, 21, 37, 2, 68, 110, 7, 58, 6),
    "tryghost-migrate-mg-wp-xml/co-authors-plus.xml": (4, 0, 0, 3, 0, 0, 0, 4, 0),
    "tryghost-migrate-mg-wp-xml/feature-image-captions.xml": (3, 0, 2, 0, 0, 0, 0, 3, 2),
    "tryghost-migrate-mg-wp-xml/has-audio-enclosure-with-libsyn-embed.xml": (1, 0, 0, 1, 0, 0, 0, 1, 0),
    "tryghost-migrate-mg-wp-xml/has-audio-enclosure.xml": (1, 0, 0, 1, 0, 0, 0, 1, 0),
    # One custom post type item: nothing to import.
    "tryghost-migrate-mg-wp-xml/has-meta.xml": (0, 0, 0, 2, 1, 0, 0, 0, 0),
    "tryghost-migrate-mg-wp-xml/has-yoast-meta.xml": (2, 0, 0, 1, 0, 0, 0, 2, 0),
    "tryghost-migrate-mg-wp-xml/multiple/pages-only.xml": (0, 1, 0, 1, 0, 0, 0, 0, 0),
    "tryghost-migrate-mg-wp-xml/multiple/posts-only.xml": (3, 0, 0, 2, 1, 0, 0, 3, 0),
    "tryghost-migrate-mg-wp-xml/sample-with-alt.xml": (1, 0, 1, 1, 1, 0, 0, 1, 1),
    # Five copies of post 1 (same ID, link and GUID): one piece.
    "wagtail-wordpress-import/post_meta.xml": (5, 0, 0, 2, 0, 0, 0, 1, 0),
    "wagtail-wordpress-import/raw_xml.xml": (1, 1, 0, 2, 0, 0, 0, 1, 0),
    "wordpress-importer/e2e-fixtures/wxr-base-url-rewriting.xml": (1, 0, 0, 1, 0, 0, 0, 1, 0),
    "wordpress-importer/e2e-fixtures/wxr-comprehensive.xml": (1, 1, 0, 2, 2, 2, 0, 1, 0),
    "wordpress-importer/e2e-fixtures/wxr-css-urls.xml": (1, 0, 0, 1, 1, 0, 0, 1, 0),
    "wordpress-importer/e2e-fixtures/wxr-simple.xml": (1, 0, 0, 1, 0, 0, 0, 1, 0),
    # The one author is the non-standard <wp:wp_author>, read as an author.
    "wordpress-importer/phpunit-data/a11y-unit-test-data.xml": (47, 17, 39, 1, 27, 61, 5, 47, 5),
    "wordpress-importer/phpunit-data/authors-multiline.xml": (
        1,
        0,
        0,
        3,
        0,
        0,
        0,
        1,
        0,
    ),
    "wordpress-importer/phpunit-data/backslashes.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/blank-lines.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/cdata-edge.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/chunked-meta.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/crazy-cdata-escaped.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/large-authors.xml": (0, 0, 0, 300, 0, 0, 0, 0, 0),
    "wordpress-importer/phpunit-data/missing-tags.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/multiple-cdata.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    # Five posts and an item whose wp prefix is hijacked (no post type).
    "wordpress-importer/phpunit-data/namespace-edge-cases.xml": (5, 0, 0, 2, 0, 0, 2, 5, 0),
    "wordpress-importer/phpunit-data/post-content-blank-lines.xml": (1, 0, 0, 1, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/slashes.xml": (1, 0, 0, 1, 1, 1, 0, 1, 0),
    "wordpress-importer/phpunit-data/small-export.xml": (6, 5, 0, 3, 30, 3, 0, 6, 0),
    "wordpress-importer/phpunit-data/term-formats.xml": (0, 0, 0, 0, 2, 3, 2, 0, 0),
    "wordpress-importer/phpunit-data/term-meta.xml": (0, 0, 0, 0, 0, 0, 1, 0, 0),
    "wordpress-importer/phpunit-data/test-serialized-comment-meta.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/test-serialized-postmeta-no-cdata.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/test-serialized-postmeta-with-cdata.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/test-serialized-term-meta.xml": (1, 0, 0, 0, 1, 1, 1, 1, 0),
    "wordpress-importer/phpunit-data/test-utw-post-meta-import.xml": (1, 0, 0, 0, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/theme-unit-test-data.xml": (58, 21, 37, 2, 68, 110, 7, 58, 6),
    "wordpress-importer/phpunit-data/valid-wxr-1.0.xml": (3, 3, 0, 0, 5, 4, 0, 3, 0),
    "wordpress-importer/phpunit-data/valid-wxr-1.1.xml": (1, 1, 0, 1, 1, 1, 1, 1, 0),
    "wordpress-importer/phpunit-data/wxr-flat-attachment-different-site.xml": (1, 0, 1, 1, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/wxr-flat-attachment-same-site.xml": (1, 0, 1, 1, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/wxr-simple.xml": (1, 0, 0, 1, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/wxr-utf-8-challenges.xml": (1, 0, 0, 1, 0, 0, 0, 1, 0),
    "wordpress-importer/phpunit-data/wxr-with-sub-data.xml": (
        1,
        0,
        0,
        0,
        0,
        0,
        1,
        1,
        0,
    ),
}
# fmt: on
# Malformed files of tests/data/wxr/bad: (file, line, column as an editor
# counts it); then those of the corpus.
BAD_MALFORMED = {
    "raw-ampersand.xml": (11, 40),
    "mismatched-tag.xml": (10, 34),
    "truncated.xml": (14, 5),
}
BAD_NOT_WXR = {
    "not-rss.xml": "the document is <catalog>, not <rss>",
    "no-version.xml": "no <wp:wxr_version>",
    "bad-version.xml": "is “abc”",
}
BAD_ATTACK_FILES = [
    "billion-laughs.xml", "quadratic.xml", "cyclic.xml", "external-entity.xml",
    "external-dtd.xml", "parameter-entity.xml", "dtd-only.xml",
]  # fmt: skip
MALFORMED = {
    "wordpress-importer/phpunit-data/crazy-cdata.xml": (18, 72),
    "wordpress-importer/phpunit-data/malformed.xml": (90, 3),
    "wordpress-importer/phpunit-data/malformed-simple.xml": (14, 1),
    "tryghost-migrate-mg-wp-xml/sample.xml": (109, 106),
    "tryghost-migrate-mg-wp-xml/sample-no-slug.xml": (109, 106),
    "tryghost-migrate-mg-wp-xml/multiple/attachments-only.xml": (11, 106),
}
NOT_WXR = {
    "wagtail-wordpress-import/test.xml": "the document is <catalog>, not <rss>",
    "wordpress-importer/phpunit-data/missing-version-tag.xml": "no <wp:wxr_version>",
    "wordpress-importer/phpunit-data/invalid-version-tag.xml": "is “abc”",
    "defusedxml-xmltestdata/simple.xml": "the document is <root>, not <rss>",
    "defusedxml-xmltestdata/simple-ns.xml": "the document is <root>, not <rss>",
}
ATTACK_FILES = [
    "xmlbomb.xml", "xmlbomb2.xml", "quadratic.xml", "cyclic.xml", "external.xml",
    "external_file.xml", "dtd.xml", "dtd_element.xml",
]  # fmt: skip


def import_wordpress(*args, **options):
    """Run the command; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_wordpress", *[str(a) for a in args], stdout=out, stderr=err, **options
    )
    return out.getvalue(), err.getvalue()


def counts():
    return (
        Commentary.objects.count(),
        Image.objects.count(),
        Authorship.objects.count(),
        Tag.objects.count(),
        Redirect.objects.count(),
        WordPressPost.objects.count(),
        Member.objects.count(),
    )


def media_files():
    """Return every file in the media storage (a temporary folder in tests)."""
    found = []

    def walk(folder):
        folders, files = default_storage.listdir(folder)
        found.extend(f"{folder}/{name}".lstrip("/") for name in files)
        for name in folders:
            walk(f"{folder}/{name}".lstrip("/"))

    walk("")
    return sorted(found)


@pytest.mark.corpus
class CorpusFixturesTests(TestCase):
    """Every fixture of the corpus's fixtures/wxr is accounted for."""

    def test_the_corpus_fixtures_are_present(self):
        """The corpus holds fixtures/wxr with its SOURCES.md."""
        self.assertTrue(WXR.is_dir(), f"missing {WXR}: see FULCRUM_CORPUS")
        self.assertTrue((WXR / "SOURCES.md").is_file())

    def test_every_fixture_is_expected_to_import_or_to_fail(self):
        """A new fixture without expectations here fails this test."""
        files = {
            str(p.relative_to(WXR)) for p in WXR.rglob("*.xml") if p.parent != ATTACKS
        }
        attacks = {f"defusedxml-xmltestdata/{name}" for name in ATTACK_FILES}
        self.assertEqual(
            files | {str(p.relative_to(WXR)) for p in ATTACKS.glob("*.xml")},
            set(WELL_FORMED) | set(MALFORMED) | set(NOT_WXR) | attacks,
        )

    def test_every_well_formed_fixture_holds_what_sources_md_says(self):
        """Posts, pages, attachments, authors, categories, tags, terms."""
        for name, expected in WELL_FORMED.items():
            with self.subTest(name):
                reader = WXRReader(WXR / name)
                export = reader.read_export()
                types = export.item_types
                self.assertEqual(
                    (
                        types["post"],
                        types["page"],
                        types["attachment"],
                        len(export.authors),
                        len(export.categories),
                        len(export.tags),
                        len(export.terms),
                    ),
                    expected[:7],
                )
                self.assertEqual(len(list(reader.posts())), types["post"])

    def test_every_well_formed_fixture_imports(self):
        """Each file into an empty site: its posts, featured images, a report."""
        for name, expected in WELL_FORMED.items():
            with self.subTest(name), transaction.atomic():
                out, _ = import_wordpress(WXR / name)
                self.assertEqual(Commentary.objects.count(), expected[7])
                self.assertEqual(Image.objects.count(), expected[8])
                self.assertEqual(
                    WordPressPost.objects.filter(post_type="post").count(),
                    expected[7],
                )
                posts = expected[7]
                noun = "post" if posts == 1 else "posts"
                self.assertIn(f"Imported {posts} {noun}: {posts} created", out)
                self.assertIn(f"Read {WXR / name}", out)
                self.assertEqual(Member.objects.count(), 0)
                transaction.set_rollback(True)

    def test_a_second_import_of_each_fixture_changes_nothing(self):
        """The WordPress importer's "double import" test, for every file."""
        for name, expected in WELL_FORMED.items():
            with self.subTest(name), transaction.atomic():
                import_wordpress(WXR / name)
                before = counts()
                out, _ = import_wordpress(WXR / name)
                posts = expected[7]
                noun = "post" if posts == 1 else "posts"
                self.assertIn(
                    f"Imported {posts} {noun}: 0 created, 0 updated, {posts} unchanged",
                    out,
                )
                self.assertEqual(counts(), before)
                transaction.set_rollback(True)


@pytest.mark.corpus
class FixtureDetailTests(TestCase):
    """What particular fixtures exercise, seen in the imported pieces."""

    def test_stray_characters_of_a_creator_login_are_dropped(self):
        """a11y data: “>themereviewteam” is the user themereviewteam."""
        import_wordpress(
            WXR / "wordpress-importer/phpunit-data/a11y-unit-test-data.xml"
        )
        names = set(Authorship.objects.values_list("name", flat=True))
        self.assertEqual(names, {"Accessibility Tester", "themereviewteam"})

    def test_posts_without_post_id_take_it_from_their_guid(self):
        """theme-preview.xml: <guid>http://wp-themes.com/?p=19</guid>."""
        import_wordpress(WXR / "theme-test-data/theme-preview.xml")
        self.assertIn(19, WordPressPost.objects.values_list("wordpress_id", flat=True))

    def test_co_authors_plus_terms_give_the_byline_once_each_in_order(self):
        """Ghost's fixture: 2, 3 and 1 authors; repeated terms counted once."""
        import_wordpress(WXR / "tryghost-migrate-mg-wp-xml/co-authors-plus.xml")
        bylines = {
            piece.slug: [a.name for a in piece.ordered_authorships()]
            for piece in Commentary.objects.all()
        }
        self.assertEqual(
            bylines,
            {
                "multi-author-post": ["Alice Smith", "Bob Jones"],
                "three-author-post": ["Alice Smith", "Bob Jones", "Carol White"],
                "single-coauthor-post": ["Bob Jones"],
                "duplicate-author-post": ["Alice Smith", "Bob Jones"],
            },
        )

    def test_featured_image_alt_text_and_description_caption(self):
        """Ghost's fixtures: _wp_attachment_image_alt; a description as caption."""
        import_wordpress(WXR / "tryghost-migrate-mg-wp-xml/sample-with-alt.xml")
        image = Image.objects.get()
        self.assertEqual(
            image.alt_text, "Sunset over mountains with orange and pink sky"
        )
        import_wordpress(WXR / "tryghost-migrate-mg-wp-xml/feature-image-captions.xml")
        piece = Commentary.objects.get(slug="post-with-described-image")
        self.assertEqual(
            piece.image.caption, "The caption from the attachment description."
        )

    def test_invalid_slug_is_made_valid_and_reported(self):
        """“post-with-featured-image-alt.html” is not a valid address."""
        out, _ = import_wordpress(
            WXR / "tryghost-migrate-mg-wp-xml/sample-with-alt.xml"
        )
        self.assertEqual(
            Commentary.objects.get().slug, "post-with-featured-image-alt-html"
        )
        self.assertIn("is not a valid address", out)


class BadFileTests(TestCase):
    """Malformed and foreign files: a clear error, exit status 1, nothing written."""

    folder = BAD
    malformed = BAD_MALFORMED
    not_wxr = BAD_NOT_WXR
    raw_ampersand = BAD / "raw-ampersand.xml"
    truncated = BAD / "truncated.xml"

    def assertRefused(self, path, *fragments):
        before = counts()
        with self.assertRaises(CommandError) as caught:
            import_wordpress(path)
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertIn("nothing was imported", message)
        self.assertEqual(caught.exception.returncode, 1)
        self.assertEqual(counts(), before)
        return message

    def test_malformed_exports_fail_naming_file_line_and_column(self):
        """Raw “&”, unescaped “]]>”, mismatched tags, a truncated file."""
        make_commentary()
        for name, (line, column) in self.malformed.items():
            with self.subTest(name):
                self.assertRefused(
                    self.folder / name, f"{name}:{line}: ", f"at column {column}"
                )

    def test_raw_ampersand_is_explained(self):
        """The usual cause of "invalid token" is named for the operator."""
        self.assertRefused(
            self.raw_ampersand,
            "not well-formed (invalid token)",
            "a raw “&” in a URL",
        )

    def test_truncated_file_is_explained(self):
        """An interrupted download ends too early."""
        self.assertRefused(
            self.truncated,
            "the file ends too early",
        )

    def test_files_that_are_not_wordpress_exports_are_refused(self):
        """Another XML document, or a missing or invalid <wp:wxr_version>."""
        for name, fragment in self.not_wxr.items():
            with self.subTest(name):
                self.assertRefused(
                    self.folder / name, "not a WordPress export (WXR)", fragment
                )

    def test_a_file_broken_after_its_posts_writes_nothing(self):
        """The whole file is read before anything is written."""
        text = APLN.read_text(encoding="utf-8").replace("</channel>", "</chanel>")
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "broken.xml"
        path.write_text(text, encoding="utf-8")
        line = text[: text.index("</chanel>")].count("\n") + 1
        self.assertRefused(path, f"broken.xml:{line}: ", "mismatched tag")

    def test_usage_errors_exit_with_status_2(self):
        """A missing file, or a --media-dir that is not a folder."""
        for args in (
            ["/nonexistent/export.xml"],
            [APLN, "--media-dir", "/nonexistent"],
        ):
            with self.subTest(args), self.assertRaises(CommandError) as caught:
                import_wordpress(*args)
            self.assertEqual(caught.exception.returncode, 2)


class AttackTests(TestCase):
    """XML attacks are refused at their DOCTYPE, in little memory."""

    folder = DATA / "wxr" / "attacks"
    attack_files = BAD_ATTACK_FILES

    def test_attack_files_are_refused_at_their_doctype_with_bounded_memory(self):
        """Entity bombs, quadratic blow-up, external entities, DTDs.

        Refused on the DOCTYPE's line, so before any entity is declared or
        expanded; a bomb that was expanded would show in the peak memory.
        """
        with self.assertRaises(CommandError):  # loads the command's modules
            import_wordpress(self.folder / self.attack_files[0])
        for name in self.attack_files:
            with self.subTest(name):
                path = self.folder / name
                # The lines of the DOCTYPE up to its name and external id,
                # before the internal subset ("[") that declares entities.
                text = path.read_text(encoding="utf-8")
                start = text.index("<!DOCTYPE")
                end = min(i for i in (text.find(c, start) for c in "[>") if i > 0)
                doctype = range(
                    text[:start].count("\n") + 1, text[:end].count("\n") + 2
                )
                tracemalloc.start()
                with self.assertRaises(CommandError) as caught:
                    import_wordpress(path)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                self.assertEqual(caught.exception.returncode, 1)
                where = re.search(
                    rf"{re.escape(name)}:(\d+): refused at column",
                    str(caught.exception),
                )
                self.assertTrue(where, str(caught.exception))
                self.assertIn(int(where.group(1)), doctype)
                self.assertIn("a DTD (<!DOCTYPE ...>)", str(caught.exception))
                self.assertLess(peak, 8 * 1024 * 1024)
                self.assertEqual(Commentary.objects.count(), 0)

    def test_an_entity_bomb_inside_a_wordpress_export_is_refused(self):
        """A DOCTYPE before <rss> is refused before any entity is declared."""
        bomb = '<!ENTITY a "aaaaaaaaaa">' + "".join(
            f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'
            for n in range(8)
        )
        text = APLN.read_text(encoding="utf-8").replace(
            "<rss ", f"<!DOCTYPE rss [{bomb}]>\n<rss ", 1
        )
        text = text.replace("Pending text.", "&i;")
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "bomb.xml"
        path.write_text(text, encoding="utf-8")
        with self.assertRaises(CommandError) as caught:
            import_wordpress(path)
        self.assertIn("refused at column", str(caught.exception))
        self.assertEqual(counts()[0], 0)


@pytest.mark.corpus
class CorpusBadFileTests(BadFileTests):
    """The same with the corpus's malformed and foreign files."""

    folder = WXR
    malformed = MALFORMED
    not_wxr = NOT_WXR
    raw_ampersand = WXR / "tryghost-migrate-mg-wp-xml/sample.xml"
    truncated = WXR / "wordpress-importer/phpunit-data/malformed-simple.xml"


@pytest.mark.corpus
class CorpusAttackTests(AttackTests):
    """The same with defusedxml's own attack files."""

    folder = ATTACKS
    attack_files = ATTACK_FILES


class AplnSiteMixin:
    """The APLN-shaped export, with its uploads folder and two members."""

    def setUp(self):
        super().setUp()
        self.uploads = Path(tempfile.mkdtemp(prefix="fulcrum-uploads-"))
        self.addCleanup(shutil.rmtree, self.uploads, ignore_errors=True)
        for relative, color in (
            ("2023/05/kishida-asean.png", (200, 40, 40)),
            ("2099/01/launch.png", (20, 40, 200)),
        ):
            path = self.uploads / relative
            path.parent.mkdir(parents=True)
            path.write_bytes(png_bytes(color=color))
        self.hoang = make_member(name="Hoàng Thị Hà")
        self.moon = make_member(name="Moon Chung-in")
        self.addCleanup(self.delete_media)

    def delete_media(self):
        for name in media_files():
            default_storage.delete(name)

    def run_import(self, *options, **kwargs):
        return import_wordpress(APLN, "--media-dir", self.uploads, *options, **kwargs)

    def piece(self, slug):
        return Commentary.objects.select_related("image").get(slug=slug)


class AplnSiteTests(AplnSiteMixin, TestCase):
    """Summary pages of a WordPress site become Fulcrum's commentaries."""

    def test_post_becomes_a_commentary_with_summary_link_and_lede(self):
        """Paragraphs by WordPress's rules; the link on "here"; excerpt as lede."""
        self.run_import()
        piece = self.piece("japan-southeast-asia")
        self.assertEqual(
            piece.title,
            "Japan and Southeast Asia Set to Co-Create an Interwoven Future",
        )
        self.assertEqual(
            piece.summary,
            "<p>They argue that Japan and Southeast Asia should build on fifty years "
            "of friendship.</p><p>Both sides face a more <em>contested</em> region."
            "<br>\nThey need each other.</p><p>Partnership is the theme of the year."
            "</p>",
        )
        self.assertEqual(
            piece.full_article_url,
            "https://fulcrum.sg/japan-and-southeast-asia-set-to-co-create-an-"
            "interwoven-future/",
        )
        self.assertEqual(piece.link_line, Commentary.LinkLine.FULL)
        self.assertEqual(
            piece.lede,
            "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao.",
        )
        self.assertTrue(piece.is_featured)  # sticky on WordPress

    def test_co_authors_plus_byline_is_ordered_and_matched_to_members(self):
        """A guest author matches a member by name; others are outside authors."""
        self.run_import()
        piece = self.piece("japan-southeast-asia")
        self.assertEqual(
            [(a.member, a.name) for a in piece.ordered_authorships()],
            [(self.hoang, ""), (None, "Pham Thi Phuong Thao")],
        )
        self.assertEqual(Member.objects.count(), 2)

    def test_authors_match_members_through_first_and_last_name_or_alias(self):
        """cmoon's names (Chung-in Moon) find Moon Chung-in; an alias finds Pham."""
        thao = make_member(name="P. T. P. Thao")
        MemberAlias.objects.create(member=thao, name="Pham Thi Phuong Thao")
        self.run_import()
        for slug in ("awaiting-review", "deterrence-after-2030", "members-only"):
            with self.subTest(slug):
                self.assertEqual(
                    [a.member for a in self.piece(slug).authorships.all()], [self.moon]
                )
        self.assertEqual(
            [
                a.member
                for a in self.piece("japan-southeast-asia").ordered_authorships()
            ],
            [self.hoang, thao],
        )

    def test_author_matching_no_member_is_an_outside_author(self):
        """No member is created for a WordPress user."""
        self.run_import()
        piece = self.piece("japan-southeast-asia")
        self.assertEqual(piece.authorships.filter(member=None).count(), 1)
        self.assertFalse(Member.objects.filter(name__icontains="Pham").exists())

    def test_statuses_are_drafts_and_review_without_publish(self):
        """publish/future → draft, pending → review, draft/private → draft."""
        out, _ = self.run_import()
        statuses = dict(Commentary.objects.values_list("slug", "status"))
        self.assertEqual(
            statuses,
            {
                "japan-southeast-asia": "draft",
                "notes-on-the-npt-review-conference": "draft",
                "awaiting-review": "review",
                "members-only": "draft",
                "deterrence-after-2030": "draft",
            },
        )
        self.assertIn("2 posts published on WordPress were imported as drafts", out)
        self.assertIn("Members Only: private on WordPress: imported as a draft", out)

    def test_publish_publishes_posts_that_pass_the_checks_and_schedules_future(self):
        """Published at post_date_gmt; a future post is scheduled at its date."""
        self.run_import("--publish")
        published = self.piece("japan-southeast-asia")
        self.assertEqual(published.status, Commentary.Status.PUBLISHED)
        self.assertTrue(published.is_published)
        self.assertEqual(
            published.published_at,
            datetime.datetime(2023, 5, 10, 1, 0, tzinfo=datetime.UTC),
        )
        scheduled = self.piece("deterrence-after-2030")
        self.assertTrue(scheduled.is_scheduled)
        self.assertEqual(scheduled.link_line, Commentary.LinkLine.ORIGINAL)
        self.assertEqual(self.piece("members-only").status, Commentary.Status.DRAFT)
        self.assertEqual(self.piece("awaiting-review").status, Commentary.Status.REVIEW)

    def test_publish_keeps_a_post_that_fails_the_checks_as_a_draft(self):
        """Without its image file the piece may not be published: reported."""
        (self.uploads / "2023/05/kishida-asean.png").unlink()
        out, _ = self.run_import("--publish")
        self.assertEqual(self.piece("japan-southeast-asia").status, "draft")
        self.assertIn(
            "not published: The image is waiting for its file: upload it first.", out
        )

    def test_dates_from_gmt_else_local_time_else_none(self):
        """ "0000-00-00 00:00:00" GMT falls back to post_date in TIME_ZONE."""
        self.run_import()
        draft = Commentary.objects.get(title="Notes on the NPT Review Conference")
        # 2023-06-01 09:00 in Asia/Seoul.
        self.assertEqual(
            draft.published_at,
            datetime.datetime(2023, 6, 1, 0, 0, tzinfo=datetime.UTC),
        )
        self.assertIsNone(self.piece("awaiting-review").published_at)

    def test_draft_without_slug_gets_one_from_its_title(self):
        """WordPress drafts often have no post_name."""
        self.run_import()
        self.assertTrue(
            Commentary.objects.filter(
                slug="notes-on-the-npt-review-conference"
            ).exists()
        )

    def test_categories_and_tags_become_tags_without_uncategorized(self):
        """Names are decoded (&amp;) and WordPress's default category dropped."""
        self.run_import()
        self.assertEqual(
            sorted(self.piece("japan-southeast-asia").tags.names()),
            ["ASEAN", "Member Activities"],
        )
        self.assertEqual(
            list(self.piece("notes-on-the-npt-review-conference").tags.names()),
            ["Disarmament & Arms Control"],
        )
        self.assertFalse(Tag.objects.filter(name__iexact="uncategorized").exists())

    def test_featured_image_has_alt_text_caption_credit_and_its_file(self):
        """The credit comes from the post's "Image:" line; the file from uploads."""
        self.run_import()
        image = self.piece("japan-southeast-asia").image
        self.assertEqual(
            image.alt_text, "Prime Minister Kishida stands with ASEAN leaders"
        )
        self.assertEqual(
            image.caption, "Prime Minister Kishida with ASEAN leaders in Tokyo."
        )
        self.assertEqual(image.credit, "内閣官房内閣広報室")
        self.assertEqual(
            image.source_url, "https://www.kantei.go.jp/jp/101_kishida/actions/202305/"
        )
        self.assertTrue(image.file.name.endswith("kishida-asean.png"))
        self.assertEqual((image.width, image.height), (8, 6))
        self.assertTrue(image.renditions)
        self.assertEqual(
            WordPressPost.objects.get(image=image).link,
            "https://old.apln.example/wp-content/uploads/2023/05/kishida-asean.png",
        )

    def test_credit_from_caption_shortcode_and_from_upload_metadata(self):
        """[caption]'s "Photo:" line; image_meta credit (multibyte, PHP bytes)."""
        out, _ = self.run_import()
        draft_image = self.piece("notes-on-the-npt-review-conference").image
        self.assertEqual(draft_image.credit, "UN Photo/Mark Garten")
        self.assertEqual(draft_image.alt_text, "Delegates in the General Assembly hall")
        scheduled_image = self.piece("deterrence-after-2030").image
        self.assertEqual(scheduled_image.credit, "共同通信")
        self.assertEqual(scheduled_image.alt_text, "Missile Launch Site")
        self.assertIn(
            "no alt text for the featured image: “Missile Launch Site” was used", out
        )

    def test_image_missing_from_uploads_awaits_its_file_with_its_old_url(self):
        """Nothing is fetched: the report gives the original address."""
        out, _ = self.run_import()
        image = self.piece("notes-on-the-npt-review-conference").image
        self.assertFalse(image.file)
        self.assertIn(
            "the featured image's file “2023/06/npt.png” is not in --media-dir; it was "
            "at https://old.apln.example/wp-content/uploads/2023/06/npt.png",
            out,
        )

    def test_without_media_dir_every_image_awaits_its_file(self):
        """No file is copied, and the notes say why."""
        out, _ = import_wordpress(APLN)
        self.assertFalse(Image.objects.exclude(file="").exists())
        self.assertEqual(media_files(), [])
        self.assertIn("“2023/05/kishida-asean.png” was not copied", out)

    def test_shortcodes_are_handled_and_unknown_ones_reported(self):
        """[caption] and [gallery] leave the summary; [su_note] keeps its text."""
        out, _ = self.run_import()
        draft = self.piece("notes-on-the-npt-review-conference")
        self.assertEqual(
            draft.summary, "<p>A draft that was never published [sic]. </p>"
        )
        self.assertIn("shortcodes removed: [gallery]", out)
        self.assertIn("1 image in the text left out", out)
        self.assertIn("shortcodes removed: [su_note]", out)

    def test_pages_attachments_and_other_items_are_counted_and_skipped(self):
        """The report says what the file holds and what was skipped."""
        out, _ = self.run_import()
        self.assertIn(
            "It holds 6 posts, 3 attachments, 1 guest-author, 1 page; 2 authors, "
            "2 categories, 2 tags, 4 other terms; 1 comment.",
            out,
        )
        self.assertIn(
            "Skipped (only posts are imported; featured images come with their posts):"
            " 3 attachments, 1 guest-author, 1 page, 1 comment.",
            out,
        )
        self.assertIn("Deleted Piece: status “trash”: skipped", out)
        self.assertIn("Imported 5 posts: 5 created, 0 updated, 0 unchanged", out)
        self.assertFalse(Commentary.objects.filter(title="About APLN").exists())

    def test_second_import_is_a_no_op(self):
        """Same rows, same files: everything reported unchanged."""
        self.run_import("--publish")
        before, files = counts(), media_files()
        updated = list(Commentary.objects.values_list("pk", "updated_at"))
        out, _ = self.run_import("--publish")
        self.assertIn("Imported 5 posts: 0 created, 0 updated, 5 unchanged", out)
        self.assertEqual(counts(), before)
        self.assertEqual(media_files(), files)
        self.assertEqual(
            list(Commentary.objects.values_list("pk", "updated_at")), updated
        )
        self.assertNotIn("Redirected", out)

    def test_reimport_never_changes_the_status_of_an_existing_piece(self):
        """--publish sets the status of the pieces it creates only (issue 14,
        item 8); an import without it leaves published pieces published."""
        self.run_import()
        out, _ = self.run_import("--publish")
        self.assertEqual(self.piece("japan-southeast-asia").status, "draft")
        self.assertIn("kept as draft", out)
        Commentary.objects.filter(slug="japan-southeast-asia").update(
            status="published"
        )
        self.run_import()
        self.assertEqual(self.piece("japan-southeast-asia").status, "published")

    def test_reimport_after_an_edit_on_wordpress_updates_in_place(self):
        """Matched by post ID even when the title, slug and link changed."""
        self.run_import()
        piece = self.piece("japan-southeast-asia")
        text = (
            APLN.read_text(encoding="utf-8")
            .replace("Japan and Southeast Asia Set to", "Japan and ASEAN Set to")
            .replace("https://fulcrum.sg/", "https://www.fulcrum.sg/new/")
        )
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        (folder / "edited.xml").write_text(text, encoding="utf-8")
        out, _ = import_wordpress(folder / "edited.xml", "--media-dir", self.uploads)
        self.assertIn("Imported 5 posts: 0 created, 1 updated, 4 unchanged", out)
        piece.refresh_from_db()
        self.assertTrue(piece.title.startswith("Japan and ASEAN Set to"))
        self.assertTrue(
            piece.full_article_url.startswith("https://www.fulcrum.sg/new/")
        )

    def test_a_piece_imported_before_is_matched_by_its_full_article_url(self):
        """A summary page imported earlier becomes the WordPress post's piece."""
        earlier = make_commentary(
            title="Japan and Southeast Asia",
            slug="japan-and-southeast-asia",
            full_article_url="https://fulcrum.sg/japan-and-southeast-asia-set-to-"
            "co-create-an-interwoven-future",
        )
        self.run_import()
        earlier.refresh_from_db()
        self.assertEqual(earlier.wordpress_post.wordpress_id, 101)
        self.assertEqual(earlier.slug, "japan-and-southeast-asia")  # kept
        self.assertEqual(Commentary.objects.count(), 5)

    def test_a_slug_taken_by_another_piece_gets_a_suffix(self):
        """The existing piece keeps its address; the report says so."""
        make_commentary(slug="members-only", full_article_url="https://example.org/x")
        out, _ = self.run_import()
        self.assertTrue(Commentary.objects.filter(slug="members-only-2").exists())
        self.assertIn("slug “members-only” is taken: “members-only-2” was used", out)

    def test_dry_run_writes_nothing_and_leaves_no_files(self):
        """Same report as a real run; rows and copied files rolled back."""
        before = counts()
        out, _ = self.run_import("--dry-run", "--publish")
        self.assertIn("Would import 5 posts: 5 created", out)
        self.assertIn("Would redirect 4 old addresses", out)
        self.assertIn("Dry run: nothing was written.", out)
        self.assertEqual(counts(), before)
        self.assertEqual(media_files(), [])

    def test_progress_bar_is_drawn_only_on_a_terminal(self):
        """stderr gets the reading and importing bars when it is a TTY."""
        tty = TTYStringIO()
        call_command("import_wordpress", str(APLN), stdout=io.StringIO(), stderr=tty)
        self.assertIn("Reading ", tty.getvalue())
        self.assertIn("Importing ", tty.getvalue())
        self.assertIn("6 posts", tty.getvalue())  # read, the trashed one too
        _, err = import_wordpress(APLN)
        self.assertEqual(err, "")


class TTYStringIO(io.StringIO):
    def isatty(self):
        return True


class RedirectTests(AplnSiteMixin, TestCase):
    """Old permalinks answer with a 301 to the new page, through the site."""

    def test_old_permalink_redirects_to_the_new_page(self):
        """/2023/05/japan-southeast-asia/ → /commentaries/japan-southeast-asia/."""
        out, _ = self.run_import("--publish")
        self.assertIn("Redirected 4 old addresses to the new pages.", out)
        response = self.client.get("/2023/05/japan-southeast-asia/")
        self.assertRedirects(
            response,
            "/commentaries/japan-southeast-asia/",
            status_code=301,
            fetch_redirect_response=False,
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, "Japan and Southeast Asia Set to Co-Create")

    def test_old_slug_and_query_string_are_followed(self):
        """_wp_old_slug gives another old address; the query string is kept."""
        self.run_import()
        response = self.client.get("/2023/05/japan-and-asean/?utm_source=newsletter")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(
            response["Location"],
            "/commentaries/japan-southeast-asia/?utm_source=newsletter",
        )

    def test_a_redirect_to_an_old_permalink_is_re_pointed(self):
        """No chains: core's rule sends an older address straight to the new page."""
        Redirect.objects.create(
            old_path="/p/older/", new_path="/2023/05/japan-southeast-asia/"
        )
        self.run_import()
        self.assertEqual(
            Redirect.objects.get(old_path="/p/older/").new_path,
            "/commentaries/japan-southeast-asia/",
        )

    def test_query_links_of_drafts_make_no_redirect(self):
        """?p=102 addresses cannot be told apart by path: none is recorded."""
        self.run_import()
        self.assertEqual(
            sorted(Redirect.objects.values_list("old_path", flat=True)),
            [
                "/2023/05/japan-and-asean/",
                "/2023/05/japan-southeast-asia/",
                "/2023/07/members-only/",
                "/2099/01/deterrence-after-2030/",
            ],
        )


def copies_of_the_first_post(count, folder):
    """Write an export of APLN's first post `count` times, each with its own ID,
    address, full-article link and featured image; return its path."""
    text = APLN.read_text(encoding="utf-8")
    items = re.findall(r"  <item>.*?</item>\n", text, re.S)
    post = next(item for item in items if "<wp:post_id>101<" in item)
    attachment = next(item for item in items if "<wp:post_id>201<" in item)
    copies = []
    for n in range(count):
        post_id, image_id, name = 10_000 * count + n, 20_000 * count + n, f"{count}-{n}"
        copies.append(
            post.replace(">101<", f">{post_id}<")
            .replace("?p=101", f"?p={post_id}")
            .replace("[201]", f"[{image_id}]")
            .replace("japan-southeast-asia", f"japan-southeast-asia-{name}")
            .replace("japan-and-asean", f"japan-and-asean-{name}")
            .replace("co-create-an-interwoven-future", f"part-{name}")
        )
        copies.append(
            attachment.replace(">101<", f">{post_id}<").replace(
                ">201<", f">{image_id}<"
            )
        )
    head = text[: text.index("  <item>")]
    path = Path(folder) / f"copies-{count}.xml"
    path.write_text(head + "".join(copies) + "</channel>\n</rss>\n", "utf-8")
    return path


class ReimportQueryTests(AplnSiteMixin, TestCase):
    """A re-import reads the existing pieces and images of many posts together."""

    images = 0

    def reimport_queries(self, count):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = copies_of_the_first_post(count, folder)
        out, _ = import_wordpress(path)
        self.assertIn(f"Imported {count} posts: {count} created", out)
        self.assertEqual(Image.objects.count(), self.images + count)
        self.images += count
        with CaptureQueriesContext(connection) as queries:
            out, _ = import_wordpress(path)
        self.assertIn(f"Imported {count} posts: 0 created, 0 updated, {count}", out)
        return len(queries)

    def test_a_reimport_costs_the_same_queries_for_3_posts_or_30(self):
        self.assertEqual(self.reimport_queries(3), self.reimport_queries(30))

    def test_a_post_edited_on_wordpress_is_updated_whatever_its_window(self):
        with mock.patch("transfer.wordpress.importer.WINDOW", 4):
            self.reimport_queries(10)
            path = Path(tempfile.mkdtemp()) / "edited.xml"
            self.addCleanup(shutil.rmtree, path.parent)
            items = (
                copies_of_the_first_post(10, path.parent).read_text().split("<item>")
            )
            # The 7th post (its attachment follows each post), in the 2nd window.
            items[13] = items[13].replace("Southeast Asia Set to", "ASEAN Set to")
            path.write_text("<item>".join(items), "utf-8")
            out, _ = import_wordpress(path)
        self.assertIn("Imported 10 posts: 0 created, 1 updated, 9 unchanged", out)
        self.assertEqual(
            self.piece("japan-southeast-asia-10-6").title,
            "Japan and ASEAN Set to Co-Create an Interwoven Future",
        )


@pytest.mark.corpus
class ParserTests(SimpleTestCase):
    """Reading WXR as the WordPress importer's own tests expect."""

    def read(self, name):
        reader = WXRReader(WXR / name)
        export = reader.read_export()
        return export, list(reader.posts())

    def test_namespaces_are_matched_by_pattern_and_foreign_ones_ignored(self):
        """Fake wp URIs dropped, 1.0/1.1/1.2 mixed, default xmlns, last wins."""
        export, posts = self.read(
            "wordpress-importer/phpunit-data/namespace-edge-cases.xml"
        )
        self.assertEqual(sorted(export.authors), ["real_user", "version_conflict"])
        self.assertEqual(
            [(t.slug, t.name) for t in export.terms],
            [("old-version", "Old Version"), ("new-version", "New Version")],
        )
        self.assertEqual([p.post_id for p in posts], [999, 2, 3, 4, 6])
        self.assertEqual(posts[0].meta, {"normal_key": "normal_value"})
        self.assertEqual(export.item_types[""], 1)  # the hijacked item

    def test_https_namespace_is_read(self):
        """WordPress.com and the Theme Unit Test data use https://wordpress.org/."""
        export, posts = self.read("theme-test-data/themeunittestdata.wordpress.xml")
        self.assertEqual(export.version, "1.2")
        self.assertEqual(len(posts), 58)
        self.assertEqual(export.post_statuses["future"], 1)

    def test_scalar_values_are_stripped_but_content_keeps_its_blank_lines(self):
        """Logins with a newline; content with exactly its three newlines."""
        export, _ = self.read("wordpress-importer/phpunit-data/authors-multiline.xml")
        self.assertEqual(sorted(export.authors), ["alice", "bob", "carol"])
        _, posts = self.read(
            "wordpress-importer/phpunit-data/post-content-blank-lines.xml"
        )
        self.assertEqual(posts[0].content.count("\n"), 3)
        _, posts = self.read("wordpress-importer/phpunit-data/blank-lines.xml")
        self.assertEqual(posts[0].content, "first paragraph\n\nsecond paragraph")

    def test_cdata_sections_are_joined_exactly(self):
        """Adjacent CDATA, an escaped “]]>”, a near-miss terminator."""
        _, posts = self.read("wordpress-importer/phpunit-data/multiple-cdata.xml")
        self.assertEqual(posts[0].content, "line oneline twoline three")
        _, posts = self.read("wordpress-importer/phpunit-data/crazy-cdata-escaped.xml")
        self.assertEqual(posts[0].content, "Content with nested <![CDATA[ tags ]]> :)")
        self.assertEqual(posts[0].meta["Closing CDATA"], "]]>")
        _, posts = self.read("wordpress-importer/phpunit-data/cdata-edge.xml")
        self.assertEqual(posts[0].content, "ends with sequence ]] >")

    def test_backslashes_and_serialized_meta_are_kept_as_written(self):
        """No unslashing; PHP-serialized values round-trip uncorrupted."""
        export, posts = self.read("wordpress-importer/phpunit-data/slashes.xml")
        self.assertEqual(export.categories[0].name, 'a \\"great\\" category')
        self.assertEqual(export.tags[0].name, "foo\\'bar")
        self.assertEqual(posts[0].content, 'Slashes aren\\\'t \\"cool\\"')
        _, posts = self.read("wordpress-importer/phpunit-data/backslashes.xml")
        self.assertEqual(posts[0].content, "C:\\xampp\\htdocs\\wp-content")
        _, posts = self.read("wordpress-importer/phpunit-data/chunked-meta.xml")
        self.assertIn('a:1:{s:3:"foo";s:3:"bar";}', posts[0].meta.values())

    def test_a_minimal_item_does_not_crash(self):
        """No creator, dates or GUID: the post still reads."""
        _, posts = self.read("wordpress-importer/phpunit-data/missing-tags.xml")
        self.assertEqual(
            (posts[0].post_id, posts[0].creator, posts[0].guid), (1, "", "")
        )
        self.assertIsNone(posts[0].date(datetime.UTC))

    def test_non_standard_wp_author_is_read_and_creators_counted(self):
        """a11y data: <wp:wp_author>, and a stray “>” in a dc:creator."""
        export, _ = self.read("wordpress-importer/phpunit-data/a11y-unit-test-data.xml")
        self.assertEqual(list(export.authors), ["a11yteam"])
        self.assertEqual(
            sorted(export.creators), [">themereviewteam", "a11yteam", "themereviewteam"]
        )

    def test_items_carry_the_line_they_start_on(self):
        """Notes and errors can name the line of a post."""
        _, posts = self.read("tryghost-migrate-mg-wp-xml/co-authors-plus.xml")
        self.assertEqual([p.line for p in posts], [34, 52, 70, 86])

    def test_php_unserialize_counts_bytes_and_reads_objects_as_dicts(self):
        """s:13 for 11 characters; O:8:"stdClass" becomes a dict; junk is None."""
        self.assertEqual(
            php_unserialize('a:1:{s:3:"key";s:13:"¯\\_(ツ)_/¯";}'),
            {"key": "¯\\_(ツ)_/¯"},
        )
        self.assertEqual(
            php_unserialize(
                'a:1:{i:0;O:8:"stdClass":2:{s:3:"tag";s:1:"x";s:1:"n";i:3;}}'
            ),
            {0: {"tag": "x", "n": 3}},
        )
        self.assertIsNone(php_unserialize("not serialized"))
        self.assertIsNone(php_unserialize('s:99:"short";'))
        self.assertIsNone(php_unserialize("a:1:{i:0;" * 5000))  # nested too deep


class ContentTests(SimpleTestCase):
    """Post text to summary: wpautop, shortcodes, link and credit lines."""

    where = Location("export.xml", 10)

    def test_autop_makes_paragraphs_of_blank_lines_and_breaks_of_newlines(self):
        """WordPress's paragraph rules, as in blank-lines.xml."""
        self.assertEqual(
            autop("first paragraph\n\nsecond paragraph"),
            "<p>first paragraph</p>\n<p>second paragraph</p>\n",
        )
        self.assertEqual(autop("one\ntwo"), "<p>one<br />\ntwo</p>\n")
        self.assertEqual(
            autop("<ul>\n<li>a</li>\n</ul>\n\nafter"),
            "<ul>\n<li>a</li>\n</ul>\n<p>after</p>\n",
        )

    def test_block_editor_posts_keep_their_own_paragraphs(self):
        """<!-- wp:... --> comments: no autop, comments dropped."""
        summary = summarise(
            "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n"
            '<!-- wp:heading {"level":4} --><h4>Sub</h4><!-- /wp:heading -->',
            self.where,
        )
        self.assertEqual(summary.html, "<p>One</p><h3>Sub</h3>")

    def test_escaped_and_bracketed_text_is_not_a_shortcode(self):
        """[[gallery]] is the literal text; [sic] and [1] stay."""
        captions, removed = [], Counter()
        text = strip_shortcodes(
            "[[gallery]] [sic] [1] [note id=2]x[/note]", captions, removed
        )
        self.assertEqual(text, "[gallery] [sic] [1] x")
        self.assertEqual(dict(removed), {"note": 1})

    def test_caption_text_is_kept_for_its_image_and_the_image_counted(self):
        """[caption id="attachment_7"] keeps its words for attachment 7."""
        summary = summarise(
            '[caption id="attachment_7" width="300"]<img src="a.jpg" /> Leaders meet'
            "[/caption]\n\nText.",
            self.where,
        )
        self.assertEqual(summary.html, "<p>Text.</p>")
        self.assertEqual(summary.captions[0].attachment_id, 7)
        self.assertEqual(summary.captions[0].text, "Leaders meet")
        self.assertEqual(summary.images_left_out, 1)

    def test_link_and_credit_lines_are_taken_only_from_the_end(self):
        """A "read more" in the middle of a post's own text stays in it."""
        summary = summarise(
            'Read more <a href="https://a.example/1">here</a>.\n\nBody.\n\n'
            'The full article can be accessed <a href="https://b.example/2">here</a>.'
            "\n\nPhoto: Jane Doe",
            self.where,
        )
        self.assertEqual(summary.full_article_url, "https://b.example/2")
        self.assertEqual(summary.credit["credit"], "Jane Doe")
        self.assertIn("https://a.example/1", summary.html)
        self.assertNotIn("b.example", summary.html)

    def test_a_link_line_that_is_not_a_web_address_is_reported_not_fatal(self):
        """A relative "here" link stays in the text, with a note."""
        summary = summarise(
            'The full article can be accessed <a href="/local">here</a>.', self.where
        )
        self.assertEqual(summary.full_article_url, "")
        self.assertTrue(summary.notes)

    def test_summary_is_stable_under_the_models_own_sanitising(self):
        """Stray list items and nested figures: saving changes nothing more."""
        summary = summarise(
            '<figure class="wp-block-gallery"><ul><li><figure><img src="a.jpg"/>'
            "</figure></li></ul></figure><div>Loose <b>text</b></div>",
            self.where,
        )
        field = Commentary._meta.get_field("summary")
        self.assertEqual(field.sanitize(summary.html), summary.html)
        self.assertEqual(summary.html, "<p>Loose <strong>text</strong></p>")
        self.assertEqual(summary.images_left_out, 1)


class ReaderErrorTests(SimpleTestCase):
    def test_input_error_names_the_file_and_line(self):
        """The parser's errors carry their location."""
        with self.assertRaises(InputError) as caught:
            WXRReader(BAD / "mismatched-tag.xml").read_export()
        self.assertEqual(caught.exception.location.line, 10)

    @pytest.mark.corpus
    def test_input_error_names_the_file_and_line_in_a_corpus_file(self):
        """The same for a larger malformed export."""
        with self.assertRaises(InputError) as caught:
            WXRReader(
                WXR / "wordpress-importer/phpunit-data/malformed.xml"
            ).read_export()
        self.assertEqual(caught.exception.location.line, 90)
