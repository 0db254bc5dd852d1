"""import_summaries: the old site's summary pages, as text and saved HTML."""

import datetime
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from taggit.models import Tag

from articles.models import Authorship, Commentary, Outlet
from images.models import Image
from members.models import Member
from tests.corpus import CORPUS, ROOT
from tests.corpus import DATA as TEST_DATA
from tests.factories import make_member, make_outlet, png_bytes
from transfer.importing.credits import caption_and_credit
from transfer.importing.ledes import parse_lede
from transfer.importing.link_lines import is_link_line
from transfer.importing.summaries import first_sentence

SEED_NAME = "000_57b6d0ea7dc4cb04.txt"
SEED = TEST_DATA / "seeds" / SEED_NAME
DATA = TEST_DATA / "summaries"
BAD = TEST_DATA / "bad"
SEED_TITLE = "Japan and Southeast Asia Set to Co-Create an Interwoven Future"


def import_summaries(*paths, **options):
    """Run the command; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_summaries", *[str(p) for p in paths], stdout=out, stderr=err, **options
    )
    return out.getvalue(), err.getvalue()


def counts():
    return (
        Commentary.objects.count(),
        Member.objects.count(),
        Outlet.objects.count(),
        Image.objects.count(),
        Authorship.objects.count(),
        Tag.objects.count(),
    )


class TemporaryFolderMixin:
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="fulcrum-import-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def write(self, name, content):
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path


class SeedPageTests(TemporaryFolderMixin, TestCase):
    """The real seed page (a copy in tests/data) imports to exactly what it says."""

    seed = SEED

    def test_the_seed_page_is_present(self):
        """The file these tests import is there."""
        self.assertTrue(self.seed.is_file(), f"missing {self.seed}")

    def test_seed_page_imports_title_outlet_authors_summary_and_credit(self):
        """Title, FULCRUM, Hoang Thi Ha then Pham Thi Phuong Thao, summary, image."""
        import_summaries(self.seed)
        piece = Commentary.objects.get()
        self.assertEqual(piece.title, SEED_TITLE)
        self.assertEqual(piece.outlet.display_label, "FULCRUM")
        self.assertEqual(piece.kind, Commentary.Kind.COMMENTARY)
        authors = [(a.display_name, a.is_member) for a in piece.ordered_authorships()]
        self.assertEqual(
            authors, [("Hoang Thi Ha", True), ("Pham Thi Phuong Thao", False)]
        )
        self.assertTrue(piece.summary.startswith("<p>They argue that Japan’s decades"))
        self.assertNotIn("accessed here", piece.summary)
        self.assertNotIn("内閣官房内閣広報室", piece.summary)
        self.assertNotIn("kantei.go.jp", piece.summary)
        self.assertEqual(piece.image.credit, "内閣官房内閣広報室")
        self.assertEqual(
            piece.image.source_url,
            "https://www.kantei.go.jp/jp/101_kishida/actions/202211/12asean.html",
        )
        self.assertEqual(piece.status, Commentary.Status.DRAFT)
        self.assertEqual(piece.full_article_url, "")

    def test_seed_page_is_listed_as_needing_a_link_at_its_link_line(self):
        """The report names the file and line of the link line with no URL."""
        out, _ = import_summaries(self.seed)
        self.assertIn("1 created", out)
        self.assertIn(
            "000_57b6d0ea7dc4cb04.txt:5  Japan and Southeast Asia Set to Co-Create an "
            "Interwoven Future: no full-article URL: left as a draft; add the link",
            out,
        )
        self.assertIn("000_57b6d0ea7dc4cb04.txt:6", out)
        self.assertIn("image credit without its file", out)

    def test_generated_lede_matching_the_page_is_not_stored_as_an_override(self):
        """The page's lede is what the authors generate, so no override is kept."""
        import_summaries(self.seed)
        piece = Commentary.objects.get()
        self.assertEqual(piece.lede_override, "")
        self.assertEqual(
            piece.lede,
            "APLN member Hoang Thi Ha co-writes a commentary with "
            "Pham Thi Phuong Thao.",
        )

    def test_seed_matches_a_member_spelled_with_diacritics(self):
        """“Hoang Thi Ha” on the page is the member Hoàng Thị Hà, not a new one."""
        member = make_member(name="Hoàng Thị Hà")
        import_summaries(self.seed)
        piece = Commentary.objects.get()
        self.assertEqual(piece.ordered_authorships()[0].member, member)
        self.assertEqual(Member.objects.count(), 1)
        self.assertEqual(piece.lede_override, "")

    def test_seed_matches_an_existing_outlet_whatever_its_case(self):
        """An outlet named “Fulcrum” is the page's FULCRUM."""
        outlet = make_outlet(name="Fulcrum")
        import_summaries(self.seed)
        self.assertEqual(Commentary.objects.get().outlet, outlet)
        self.assertEqual(Outlet.objects.count(), 1)

    def test_importing_the_same_page_twice_changes_nothing(self):
        """The second run reports the piece unchanged and writes nothing."""
        import_summaries(self.seed)
        before = counts()
        stamp = Commentary.objects.get().updated_at
        out, _ = import_summaries(self.seed)
        self.assertIn("0 created, 0 updated, 1 unchanged", out)
        self.assertEqual(counts(), before)
        self.assertEqual(Commentary.objects.get().updated_at, stamp)

    def test_changed_page_updates_the_piece_in_place(self):
        """A corrected summary updates the same piece, matched by title and outlet."""
        import_summaries(self.seed)
        pk = Commentary.objects.get().pk
        text = self.seed.read_text(encoding="utf-8").replace(
            "Decades of nurturing", "Years of nurturing"
        )
        out, _ = import_summaries(self.write("seed.txt", text))
        self.assertIn("1 updated", out)
        piece = Commentary.objects.get()
        self.assertEqual(piece.pk, pk)
        self.assertIn("Years of nurturing", piece.summary)

    def test_dry_run_reports_and_writes_nothing(self):
        """--dry-run says what would be created and leaves the database alone."""
        out, _ = import_summaries(self.seed, dry_run=True)
        self.assertIn("Would import 1 summary page: 1 created", out)
        self.assertIn("Dry run: nothing was written.", out)
        self.assertEqual(counts(), (0, 0, 0, 0, 0, 0))

    def test_publish_leaves_a_piece_without_a_link_as_a_draft(self):
        """--publish cannot publish a piece with no full-article URL."""
        import_summaries(self.seed, publish=True)
        self.assertEqual(Commentary.objects.get().status, Commentary.Status.DRAFT)


@pytest.mark.corpus
class CorpusSeedPageTests(SeedPageTests):
    """The same with the seed page as the corpus keeps it."""

    seed = CORPUS / "seeds" / SEED_NAME


class VariantPageTests(TestCase):
    """Every pattern of the corpus's DOMAIN.md, as written in tests/data/summaries."""

    @classmethod
    def setUpTestData(cls):
        cls.moon = make_member(name="Chung-in Moon")
        cls.thakur = make_member(name="Ramesh Thakur")
        cls.joongang = make_outlet(name="Korea JoongAng Daily")
        cls.out, _ = import_summaries(DATA / "html", DATA / "text")

    def piece(self, title):
        return Commentary.objects.get(title=title)

    def authors(self, piece):
        return [
            (a.display_name, a.is_member, a.role) for a in piece.ordered_authorships()
        ]

    def test_a_folder_is_read_recursively_text_and_html(self):
        """Both sub-folders are imported: eight text pages and two HTML pages."""
        self.assertIn("Imported 10 summary pages: 10 created", self.out)
        self.assertEqual(Commentary.objects.count(), 10)

    def test_outlet_named_in_the_lede_when_the_label_is_missing(self):
        """“writes a commentary for The Indian Express” names the outlet."""
        piece = self.piece("India’s Balancing Act in a Divided Asia")
        self.assertEqual(piece.outlet.name, "The Indian Express")
        self.assertEqual(self.authors(piece), [("C. Raja Mohan", True, "")])

    def test_read_more_with_the_address_on_the_next_line(self):
        """“Read more” is the link line; the bare URL after it is the link."""
        piece = self.piece("India’s Balancing Act in a Divided Asia")
        self.assertEqual(piece.link_line, Commentary.LinkLine.READ_MORE)
        self.assertEqual(
            piece.full_article_url,
            "https://indianexpress.com/article/opinion/columns/"
            "c-raja-mohan-india-balancing-act/",
        )
        self.assertNotIn("indianexpress.com", piece.summary)

    def test_summary_keeps_curly_quotes_and_escapes_ampersands(self):
        """Text is stored as HTML: “quotes” as they are, & as &amp;."""
        piece = self.piece("India’s Balancing Act in a Divided Asia")
        self.assertIn("“multi-alignment”", piece.summary)
        self.assertIn("United States &amp; Japan", piece.summary)

    def test_photo_credit_with_source_url(self):
        """“Photo: Reuters/Adnan Abidi, https://...” is a credit and its source."""
        image = self.piece("India’s Balancing Act in a Divided Asia").image
        self.assertEqual(image.credit, "Reuters/Adnan Abidi")
        self.assertEqual(
            image.source_url, "https://www.reuters.com/pictures/india-diplomacy"
        )

    def test_outlet_in_capitals_matches_the_existing_outlet(self):
        """KOREA JOONGANG DAILY is Korea JoongAng Daily; no second outlet."""
        piece = self.piece("Why Northeast Asia Needs a Nuclear Risk Reduction Centre")
        self.assertEqual(piece.outlet, self.joongang)
        self.assertEqual(
            Outlet.objects.filter(name__iexact=self.joongang.name).count(), 1
        )

    def test_members_are_matched_whatever_the_order_of_their_names(self):
        """“Moon Chung-in” on the page is the member Chung-in Moon."""
        piece = self.piece("Why Northeast Asia Needs a Nuclear Risk Reduction Centre")
        members = [a.member for a in piece.ordered_authorships()]
        self.assertEqual(members, [self.moon, self.thakur])
        self.assertEqual(piece.link_line, Commentary.LinkLine.ORIGINAL)

    def test_long_caption_ending_un_photo_by_is_caption_and_credit(self):
        """A caption with no URL: the credit is “UN Photo by Eskinder Debebe”."""
        image = self.piece(
            "Why Northeast Asia Needs a Nuclear Risk Reduction Centre"
        ).image
        self.assertEqual(image.credit, "UN Photo by Eskinder Debebe")
        self.assertTrue(image.caption.startswith("Delegates at the opening session"))
        self.assertEqual(image.source_url, "")

    def test_six_co_signers_of_whom_three_are_members_in_order(self):
        """An open letter: three members, then three outside co-signers."""
        piece = self.piece("An Open Letter to the Leaders of the Nuclear-Armed States")
        self.assertEqual(piece.kind, Commentary.Kind.OPEN_LETTER)
        self.assertEqual(
            [(name, member) for name, member, _ in self.authors(piece)],
            [
                ("Gareth Evans", True),
                ("Ramesh Thakur", True),
                ("Marty Natalegawa", True),
                ("Jayantha Dhanapala", False),
                ("Sergio Duarte", False),
                ("Angela Kane", False),
            ],
        )
        self.assertEqual(piece.outlet.name, "Asia Society")
        self.assertEqual(piece.outlet.label, "")
        self.assertIsNone(piece.image)

    def test_member_with_the_executive_director_who_is_staff(self):
        """The Executive Director is credited by name, with the role, not as member."""
        piece = self.piece("The Korean Peninsula After the Summit Season")
        self.assertEqual(
            self.authors(piece),
            [
                ("Chung-in Moon", True, ""),
                ("Shatabhisha Shetty", False, "Executive Director"),
            ],
        )
        # The page's wording differs from the generated lede, so it is kept.
        self.assertEqual(
            piece.lede,
            "APLN member Chung-in Moon and Executive Director Shatabhisha Shetty "
            "co-write a commentary for The Korea Times.",
        )

    def test_academic_citation_is_the_image_credit(self):
        """A citation with no URL is kept whole as the credit."""
        image = self.piece("The Korean Peninsula After the Summit Season").image
        self.assertTrue(image.credit.startswith("Lee, S. (2019). Diplomacy"))
        self.assertEqual(image.source_url, "")

    def test_role_words_between_apln_and_the_name(self):
        """“APLN board member and Professor Ramesh Thakur”: role kept, lede custom."""
        piece = self.piece(
            "Australia and the Treaty on the Prohibition of Nuclear Weapons"
        )
        self.assertEqual(self.authors(piece), [("Ramesh Thakur", True, "board member")])
        self.assertEqual(
            piece.lede_override,
            "APLN board member and Professor Ramesh Thakur writes a commentary for "
            "The Japan Times.",
        )
        self.assertNotIn("Canberra", piece.lede)
        self.assertTrue(piece.summary.startswith("<p>Canberra’s stance"))

    def test_honorifics_and_capitals_create_a_member_with_an_honorific(self):
        """“H.E. Dr. Dionisio Da Costa Babo SOARES”: the honorific is set apart."""
        member = Member.objects.get(name="Dionisio Da Costa Babo SOARES")
        self.assertEqual(member.honorific, "H.E. Dr.")
        piece = self.piece("Timor-Leste and ASEAN: The Last Mile")
        self.assertEqual(piece.kind, Commentary.Kind.ARTICLE)
        self.assertEqual((piece.outlet.name, piece.outlet.label), ("IPCS", "IPCS"))
        self.assertIn("new member “Dionisio Da Costa Babo SOARES” created", self.out)

    def test_interview_with_no_outlet_and_no_image(self):
        """The kind comes from the lede; outlet and image may be missing."""
        piece = self.piece("On Deterrence and Dialogue")
        self.assertEqual(piece.kind, Commentary.Kind.INTERVIEW)
        self.assertIsNone(piece.outlet)
        self.assertIsNone(piece.image)

    def test_one_member_for_a_name_with_and_without_diacritics(self):
        """“Hoàng Thị Hà” and “Hoang Thi Ha” on two pages are one member."""
        interview = self.piece("On Deterrence and Dialogue")
        saved = self.piece("Japan’s Quiet Nuclear Debate")
        member = interview.ordered_authorships()[0].member
        self.assertEqual(saved.ordered_authorships()[0].member, member)
        self.assertEqual(Member.objects.filter(name_key=member.name_key).count(), 1)

    def test_posted_date_statement_and_url_written_in_the_link_line(self):
        """A date line sets the publish time; “endorse a statement” is the kind."""
        piece = self.piece("A Fissile Material Cut-off, Now")
        self.assertEqual(piece.kind, Commentary.Kind.STATEMENT)
        self.assertEqual(
            timezone.localtime(piece.published_at).date(), datetime.date(2023, 5, 12)
        )
        self.assertEqual(
            piece.full_article_url,
            "https://www.globalasia.org/v18no2/feature/fmct-statement",
        )
        self.assertEqual(len(self.authors(piece)), 3)
        self.assertEqual(piece.image.credit, "Global Asia")

    def test_saved_html_page_without_navigation_breadcrumbs_or_footer(self):
        """The saved page keeps its content and drops the site around it."""
        piece = self.piece("Japan’s Quiet Nuclear Debate")
        self.assertEqual(piece.outlet.display_label, "THE DIPLOMAT")
        self.assertEqual(
            piece.summary,
            "<p>They argue that Tokyo’s debate is quieter than it looks.</p>"
            "<p>Since 2022, <em>extended deterrence</em> has moved from the margins "
            "&amp; into the mainstream.</p>",
        )
        for chrome in ("Member Activities", "Share", "©", "Privacy", "Home"):
            self.assertNotIn(chrome, piece.summary)
        self.assertEqual(
            [name for name, _, _ in self.authors(piece)],
            ["Hoang Thi Ha", "Pham Thi Phuong Thao", "Ian Storey"],
        )

    def test_saved_html_page_link_is_the_href_behind_here(self):
        """In HTML the URL behind “here” is the full-article link."""
        piece = self.piece("Japan’s Quiet Nuclear Debate")
        self.assertEqual(
            piece.full_article_url,
            "https://thediplomat.com/2023/11/japans-quiet-nuclear-debate/"
            "?utm_source=apln",
        )
        self.assertEqual(piece.image.credit, "Wikimedia Commons")
        self.assertEqual(
            piece.image.source_url, "https://commons.wikimedia.org/wiki/File:Kantei.jpg"
        )

    def test_quoted_html_summary_is_an_excerpt(self):
        """A summary in a blockquote is marked as quoting the original."""
        piece = self.piece("Nuclear Restraint in South Asia")
        self.assertTrue(piece.summary_is_excerpt)
        self.assertTrue(piece.summary.startswith("<blockquote><p>Restraint is not"))
        self.assertEqual(piece.link_line, Commentary.LinkLine.READ_MORE)
        self.assertEqual(piece.outlet.name, "Asia Times")


class PublishTests(TemporaryFolderMixin, TestCase):
    def page_without_image(self):
        """The saved page without its photo credit line: ready to publish."""
        html = (DATA / "html" / "saved_page.html").read_text(encoding="utf-8")
        lines = [line for line in html.splitlines() if "Photo:" not in line]
        return self.write("page.html", "\n".join(lines))

    def test_publish_uses_the_posted_date_of_a_page_with_a_link(self):
        """--publish publishes a piece with a link, at the page's posted date."""
        import_summaries(self.page_without_image(), publish=True)
        piece = Commentary.objects.get()
        self.assertEqual(piece.status, Commentary.Status.PUBLISHED)
        self.assertEqual(
            timezone.localtime(piece.published_at).date(), datetime.date(2023, 11, 2)
        )
        self.assertTrue(piece.is_published)

    def test_publish_obeys_the_pre_publish_checks(self):
        """A page whose image awaits its file stays a draft, and the report says why."""
        out, _ = import_summaries(DATA / "html" / "saved_page.html", publish=True)
        piece = Commentary.objects.get()
        self.assertEqual(piece.status, Commentary.Status.DRAFT)
        self.assertIn("not published:", out)
        self.assertIn("image", out.split("not published:", 1)[1].splitlines()[0])

    def test_public_page_shows_the_credit_of_an_image_awaiting_its_file(self):
        """The summary page shows the credit line of an image with no file yet."""
        import_summaries(DATA / "html" / "saved_page.html")
        piece = Commentary.objects.get()
        Commentary.objects.filter(pk=piece.pk).update(
            status=Commentary.Status.PUBLISHED, published_at=timezone.now()
        )
        response = self.client.get(piece.get_absolute_url())
        self.assertContains(response, "Wikimedia Commons")
        self.assertContains(
            response, 'href="https://commons.wikimedia.org/wiki/File:Kantei.jpg"'
        )
        self.assertNotContains(response, 'src="/media/"')

    def test_reimporting_without_publish_does_not_unpublish(self):
        """A piece an editor has published stays published when re-imported."""
        page = self.page_without_image()
        import_summaries(page, publish=True)
        out, _ = import_summaries(page)
        self.assertIn("1 unchanged", out)
        self.assertEqual(Commentary.objects.get().status, Commentary.Status.PUBLISHED)


class LedeTests(SimpleTestCase):
    """The lede's wording gives the ordered authors and the kind of piece."""

    CASES = [
        (
            "APLN members Moon Chung-in and Ramesh Thakur co-write a commentary.",
            "commentary",
            [("Moon Chung-in", "member"), ("Ramesh Thakur", "member")],
        ),
        (
            "APLN member Ramesh Thakur writes a column for The Korea Times.",
            "column",
            [("Ramesh Thakur", "member")],
        ),
        (
            "APLN member Hoàng Thị Hà is interviewed by NHK World.",
            "interview",
            [("Hoàng Thị Hà", "member")],
        ),
        (
            # "with" is no co-author unless the verb says co- (or a byline does).
            "APLN member Tanya Ogilvie-White speaks on a podcast with Paul Ingram.",
            "podcast",
            [("Tanya Ogilvie-White", "member")],
        ),
        (
            "APLN Vice Chair Kim Won-soo delivers a speech at the Asan Plenum.",
            "speech",
            [("Kim Won-soo", "member")],
        ),
        (
            "APLN member Moon Chung-in is quoted in a round-up by Reuters.",
            "quote",
            [("Moon Chung-in", "member")],
        ),
        (
            "APLN member Marty Natalegawa writes a book published by ISEAS.",
            "book",
            [("Marty Natalegawa", "member")],
        ),
        (
            "APLN member John Carlson writes a report for the Lowy Institute.",
            "report",
            [("John Carlson", "member")],
        ),
        (
            "APLN member Moon Chung-in co-writes a commentary with fellow APLN "
            "member John Delury.",
            "commentary",
            [("Moon Chung-in", "member"), ("John Delury", "member")],
        ),
        (
            "APLN senior research adviser Tanya Ogilvie-White co-writes a journal "
            "article with Andrew Futter of the University of Leicester.",
            "article",
            [("Tanya Ogilvie-White", "member"), ("Andrew Futter", "outside")],
        ),
        (
            # Not introduced as members: matched to the roster, never created.
            "Gareth Evans and Ramesh Thakur write a commentary.",
            "commentary",
            [("Gareth Evans", "auto"), ("Ramesh Thakur", "auto")],
        ),
    ]

    def test_each_lede_pattern_gives_its_authors_and_kind(self):
        """Members after “APLN member(s)”, co-authors after “with”, in order."""
        for lede, kind, authors in self.CASES:
            with self.subTest(lede=lede):
                found = parse_lede(lede)
                self.assertEqual(found.kind, kind)
                self.assertEqual([(a.name, a.mode) for a in found.authors], authors)

    def test_outside_co_author_keeps_an_affiliation(self):
        """“Andrew Futter of the University of Leicester” is a name and affiliation."""
        authors = parse_lede(self.CASES[9][0]).authors
        self.assertEqual(authors[0].role, "senior research adviser")
        self.assertEqual(authors[1].affiliation, "the University of Leicester")

    def test_the_lede_is_the_first_sentence_even_after_initials(self):
        """“C.” and “U.S.” and “Dr.” do not end the lede."""
        lede, rest = first_sentence(
            "APLN member C. Raja Mohan writes for the U.S. Naval Institute. "
            "He argues that Dr. Smith was wrong."
        )
        self.assertEqual(
            lede, "APLN member C. Raja Mohan writes for the U.S. Naval Institute."
        )
        self.assertEqual(rest, "He argues that Dr. Smith was wrong.")


class TTYStringIO(io.StringIO):
    def isatty(self):
        return True


class ProgressTests(TestCase):
    def test_progress_bar_is_drawn_only_on_a_terminal(self):
        """stderr gets a progress bar when it is a TTY, nothing otherwise."""
        tty = TTYStringIO()
        call_command("import_summaries", str(SEED), stdout=io.StringIO(), stderr=tty)
        self.assertIn("Importing summary pages [", tty.getvalue())
        self.assertIn("1 pages", tty.getvalue())
        _, err = import_summaries(SEED)
        self.assertEqual(err, "")


class BadInputTests(TemporaryFolderMixin, TestCase):
    """Bad input: a clear error naming the file, exit status 1, nothing written."""

    def assertRefused(self, path, *fragments, returncode=1):
        before = counts()
        with self.assertRaises(CommandError) as caught:
            import_summaries(path)
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(caught.exception.returncode, returncode)
        self.assertEqual(counts(), before)
        return message

    def test_empty_file_is_refused(self):
        """A file with nothing (or only blank lines) in it."""
        self.assertRefused(self.write("empty.txt", "\n \n"), "empty.txt", "empty")

    def test_binary_file_is_refused(self):
        """An image saved with a .txt name is not a page."""
        self.assertRefused(
            self.write("photo.txt", png_bytes()), "photo.txt", "binary", "byte offset"
        )

    def test_latin_1_file_is_refused_naming_the_byte_and_line(self):
        """Latin-1 is not guessed at: the first undecodable byte is named."""
        text = "Caf\u00e9 Diplomacy\nFULCRUM\nAPLN member Jos\u00e9 Ramos-Horta writes."
        message = self.assertRefused(
            self.write("latin1.txt", text.encode("latin-1")),
            "latin1.txt:1",
            "not UTF-8",
            "0xE9",
            "byte offset 3",
        )
        self.assertIn("save it as UTF-8", message)

    def test_utf_16_file_with_a_byte_order_mark_is_refused(self):
        """UTF-16 is named as such, with what to do."""
        path = self.write(
            "utf16.txt", SEED.read_text(encoding="utf-8").encode("utf-16")
        )
        self.assertRefused(path, "utf16.txt", "UTF-16", "save it as UTF-8")

    def test_title_only_file_is_refused(self):
        """A title with nothing after it is not a summary page."""
        self.assertRefused(
            self.write("title.txt", "Just a Title\n"), "title.txt:1", "only a title"
        )

    def test_javascript_link_in_html_is_refused(self):
        """The href behind “here” must be a web address."""
        self.assertRefused(
            BAD / "javascript_link.html",
            "javascript_link.html:8",
            "full-article link",
            "http:// or https://",
            "javascript:alert(document.cookie)",
        )

    def test_javascript_link_in_text_is_refused(self):
        """A URL written after the link line must be a web address too."""
        page = "Title\nFULCRUM\nAPLN member X writes.\nRead more: javascript:alert(1)\n"
        self.assertRefused(
            self.write("js.txt", page), "js.txt:4", "javascript:alert(1)"
        )

    def test_javascript_image_source_is_refused(self):
        """The credit line's URL must be a web address."""
        page = SEED.read_text(encoding="utf-8").replace(
            "https://www.kantei.go.jp", "javascript:void(0)//www.kantei.go.jp"
        )
        self.assertRefused(
            self.write("credit.txt", page), "credit.txt:6", "image source"
        )

    def test_duplicate_pages_are_refused_naming_both(self):
        """The same piece twice in one import is an error, not two pieces."""
        shutil.copy(SEED, self.folder / "a.txt")
        shutil.copy(SEED, self.folder / "b.txt")
        message = self.assertRefused(self.folder, "b.txt:1", "duplicates")
        self.assertIn("a.txt:1", message)

    def test_fifty_megabyte_file_is_refused_before_it_is_read(self):
        """Summary pages are at most 5 MB; a 50 MB file is refused at once."""
        path = self.folder / "huge.txt"
        with open(path, "wb") as handle:
            handle.write(b"Title\n")
            handle.write(b"x" * (50 * 1024 * 1024))
        self.assertRefused(path, "huge.txt", "50.0 MB", "at most 5 MB")

    def test_one_bad_page_among_good_ones_writes_nothing(self):
        """Atomic: an error anywhere means no page is imported."""
        shutil.copy(SEED, self.folder / "good.txt")
        self.write("sub/bad.txt", "")
        self.assertRefused(self.folder, "bad.txt", "empty")
        self.assertEqual(Commentary.objects.count(), 0)

    def test_missing_path_is_wrong_usage(self):
        """A path that does not exist exits with status 2."""
        self.assertRefused(self.folder / "nope.txt", "no such file", returncode=2)

    def test_file_of_another_kind_is_wrong_usage(self):
        """Only .txt, .html and .htm pages are read."""
        self.assertRefused(self.write("page.pdf", "x"), ".txt, .html", returncode=2)

    def test_exit_statuses_seen_by_a_shell(self):
        """A script sees 2 for wrong usage (bad option, missing path)."""
        env = {"FULCRUM_VAR_DIR": str(self.folder), "PATH": "/usr/bin:/bin"}
        for args in (["--no-such-option", str(SEED)], [str(self.folder / "missing")]):
            with self.subTest(args=args):
                result = subprocess.run(
                    [sys.executable, "manage.py", "import_summaries", *args],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                self.assertEqual(result.returncode, 2, result.stderr)


SHAPES = DATA / "shapes"


class StrictKindYearTests(TemporaryFolderMixin, TestCase):
    """--strict, --kind and --year; members to review named once per person."""

    def test_strict_refuses_a_page_it_could_not_read_and_writes_nothing(self):
        """A caption without a credit is an error with --strict: exit 1."""
        before = counts()
        with self.assertRaises(CommandError) as caught:
            import_summaries(SHAPES / "09_caption_without_credit.txt", strict=True)
        self.assertEqual(caught.exception.returncode, 1)
        self.assertIn("09_caption_without_credit.txt:5", str(caught.exception))
        self.assertIn("no credit found", str(caught.exception))
        self.assertEqual(counts(), before)

    def test_strict_refuses_a_page_that_is_not_a_summary(self):
        """A statement among summaries: with --strict, nothing is imported."""
        shutil.copy(SEED, self.folder / "seed.txt")
        shutil.copy(SHAPES / "11_statement.txt", self.folder / "statement.txt")
        with self.assertRaises(CommandError) as caught:
            import_summaries(self.folder, strict=True)
        self.assertIn("statement.txt:1", str(caught.exception))
        self.assertIn("not a summary but a statement", str(caught.exception))
        self.assertEqual(Commentary.objects.count(), 0)

    def test_without_strict_the_statement_is_skipped_and_the_rest_imported(self):
        """Exit 0: the seed is imported, the statement listed as not imported."""
        shutil.copy(SEED, self.folder / "seed.txt")
        shutil.copy(SHAPES / "11_statement.txt", self.folder / "statement.txt")
        out, _ = import_summaries(self.folder)
        self.assertIn("Not imported:", out)
        self.assertIn("statement.txt:1  not a summary but a statement", out)
        self.assertEqual(Commentary.objects.count(), 1)
        self.assertTrue(
            out.strip().splitlines()[-1].startswith("Counts: 2 files read, 1")
        )

    def test_kind_imports_a_statement_as_a_statement(self):
        """--kind statement: the page becomes a piece of the kind statement."""
        out, _ = import_summaries(SHAPES / "11_statement.txt", kind=["statement"])
        piece = Commentary.objects.get()
        self.assertEqual(piece.kind, Commentary.Kind.STATEMENT)
        self.assertEqual(
            piece.title, "APLN Statement on the Resumption of Nuclear Testing"
        )
        self.assertIn("a statement, imported as such (--kind statement)", out)

    def test_kind_accepts_only_kinds_fulcrum_keeps(self):
        """A newsletter has no kind of piece: --kind newsletter is wrong usage."""
        with self.assertRaises(CommandError) as caught:
            import_summaries(SEED, "--kind=newsletter")
        self.assertIn("invalid choice: 'newsletter'", str(caught.exception))

    def test_year_dates_a_lede_that_gives_day_and_month_only(self):
        """“On 8 March, ...” with --year 2021 on a page without a posted date."""
        page = self.write(
            "dated.txt",
            "A Dated Piece\nOn 8 March, APLN member Ayumi Takeda spoke at a UN "
            "side event.\nWatch the panel here.\n",
        )
        import_summaries(page, year=2021)
        piece = Commentary.objects.get()
        self.assertEqual(piece.original_published_iso, "2021-03-08")
        self.assertEqual(piece.original_published_precision, "day")

    def test_a_lede_date_without_a_year_is_reported(self):
        """Without --year or a posted date the date is left out and said so."""
        page = self.write(
            "dated.txt",
            "A Dated Piece\nOn 8 March, APLN member Ayumi Takeda spoke at a UN "
            "side event.\nWatch the panel here.\n",
        )
        out, _ = import_summaries(page)
        self.assertIn("dated.txt:2  the lede's date “On 8 March” has no year", out)
        self.assertIsNone(Commentary.objects.get().original_published_on)

    def test_a_person_not_on_the_roster_is_named_once_with_the_count_of_pages(self):
        """Three pages call Kim Ji-ho an APLN member: one member to review."""
        for number in range(3):
            self.write(
                f"page{number}.txt",
                f"Piece {number}\nAPLN member Kim Ji-ho argued that Seoul must "
                "wait.\nThe full article can be accessed here.\n",
            )
        out, _ = import_summaries(self.folder)
        member = Member.objects.get()
        self.assertTrue(member.is_to_review)
        self.assertIn(
            "Kim Ji-ho: called an APLN member on 3 pages, not on the roster", out
        )

    def test_the_roster_spelling_is_used_once_a_member_is_matched(self):
        """“Dr. KIM Ji-ho AC” on the page is the member Kim Jiho... by key."""
        member = make_member(name="Jiho Kim")
        page = self.write(
            "page.txt",
            "A Piece\nAPLN member Dr. KIM Ji-ho AC argued that Seoul must wait.\n"
            "The full article can be accessed here.\n",
        )
        import_summaries(page)
        piece = Commentary.objects.get()
        self.assertEqual(piece.ordered_authorships()[0].member, member)
        self.assertFalse(Member.objects.to_review().exists())
        self.assertIn("Jiho Kim", piece.lede)
        self.assertNotIn("KIM Ji-ho", piece.lede)

    def test_dry_run_creates_no_member_to_review_and_no_redirect(self):
        """--dry-run writes nothing, whatever the pages say."""
        out, _ = import_summaries(SHAPES, dry_run=True, year=2023)
        self.assertIn("Dry run: nothing was written.", out)
        self.assertEqual(Member.objects.count(), 0)
        self.assertEqual(Commentary.objects.count(), 0)


class LinkLineAndCreditWordingTests(SimpleTestCase):
    """Every wording of a link line is one; credits split without cutting brackets."""

    LINK_LINES = [
        "The full article can be accessed here.",
        "The original article can be accessed here.",
        "Read the full article here.",
        "To read the whole report, please download the PDF.",
        "The interview is available in Japanese here.",
        "Watch the panel here.",
        "Listen to the podcast here.",
        "Read more",
        "Full article: https://example.org/a",
        "Available at: www.example.org/a",
        "Watch the full interview on YouTube.",
    ]

    def test_each_wording_is_a_link_line(self):
        for text in self.LINK_LINES:
            with self.subTest(text=text):
                self.assertIsNotNone(is_link_line(text))

    def test_summary_sentences_are_not_link_lines(self):
        for text in (
            "He argues that Seoul must read the signals here and in Tokyo more "
            "carefully, since the alliance cannot be taken for granted by anyone.",
            "Watchers of the peninsula disagree.",
            "The report is long.",
        ):
            with self.subTest(text=text):
                self.assertIsNone(is_link_line(text))

    CREDITS = [
        ("Reuters/Adnan Abidi", "", "Reuters/Adnan Abidi"),
        (
            "Delegates at the opening session, New York (August 2022)",
            "Delegates at the opening session, New York (August 2022)",
            "",
        ),
        (
            "Presidents at the summit, Camp David (Photo: Yonhap)",
            "Presidents at the summit, Camp David",
            "Yonhap",
        ),
        (
            "The Security Council votes on sanctions, 2017, UN Photo/Manuel Elías",
            "The Security Council votes on sanctions, 2017",
            "UN Photo/Manuel Elías",
        ),
    ]

    def test_caption_and_credit_split_only_outside_brackets(self):
        for text, caption, credit in self.CREDITS:
            with self.subTest(text=text):
                self.assertEqual(caption_and_credit(text), (caption, credit))


class NotASummaryTests(TemporaryFolderMixin, TestCase):
    """Newsletters, event notices and press releases: refused with the reason."""

    def assertNotImported(self, name, text, fragment):
        out, _ = import_summaries(self.write(name, text))
        self.assertIn(f"{name}:1  not a summary but {fragment}", out)
        self.assertEqual(Commentary.objects.count(), 0)
        return out

    def test_a_newsletter_is_refused_even_when_it_opens_like_a_summary(self):
        """Its first item reads like a lede; the title says what it is."""
        out = self.assertNotImported(
            "newsletter.txt",
            "APLN Newsletter – March 2023\nAPLN member Kim Ji-ho writes a "
            "commentary for The Diplomat.\nThe full article can be accessed here.\n",
            "a newsletter",
        )
        self.assertIn("Fulcrum keeps no such pages as pieces", out)
        self.assertEqual(Member.objects.count(), 0)

    def test_an_event_notice_is_refused(self):
        """A webinar with its date and venue lines."""
        self.assertNotImported(
            "event.txt",
            "Webinar: Nuclear Risks in Northeast Asia\nDate: 12 May 2023\n"
            "Venue: Online (Zoom)\nJoin APLN members for a discussion.\n",
            "an event notice",
        )

    def test_a_press_release_is_refused_unless_asked_for(self):
        """--kind press-release imports it as a statement."""
        text = (
            "Press Release: APLN Welcomes the Test Ban Anniversary\n"
            "FOR IMMEDIATE RELEASE\nThe APLN welcomes the anniversary.\n"
        )
        self.assertNotImported("release.txt", text, "a press release")
        import_summaries(self.folder / "release.txt", kind=["press-release"])
        self.assertEqual(Commentary.objects.get().kind, Commentary.Kind.STATEMENT)

    def test_a_summary_of_an_endorsed_statement_is_still_a_summary(self):
        """Title “Statement on ...”, a lede naming members, a link line."""
        out, _ = import_summaries(
            self.write(
                "endorsed.txt",
                "Statement on No First Use\nAPLN members Gareth Evans and Ramesh "
                "Thakur endorse a statement on no first use.\n"
                "The full statement can be accessed here.\n",
            )
        )
        self.assertEqual(Commentary.objects.get().kind, Commentary.Kind.STATEMENT)
        self.assertNotIn("Not imported", out)


class SavedPageTitleTests(TemporaryFolderMixin, TestCase):
    def test_the_sites_name_in_an_h1_is_not_the_title(self):
        """A theme that sets the site's name as <h1>: the piece's <h1> is the title."""
        page = self.write(
            "page.html",
            "<html><body><header><h1>Asia-Pacific Leadership Network</h1></header>"
            "<main><h1>Japan and the Bomb</h1><p>APLN member Kim Ji-ho writes a "
            "commentary.</p><p>Read more</p></main></body></html>",
        )
        import_summaries(page)
        self.assertEqual(Commentary.objects.get().title, "Japan and the Bomb")
