"""Search finds words, ranked, in any script: the same on SQLite and PostgreSQL.

The database's own indexes do the matching (FTS5 on SQLite, tsvector and
pg_trgm on PostgreSQL), so these tests go through the page a reader uses
and through the write paths that keep the indexes in step.
"""

import datetime
import io
import json

from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import changes, search
from articles.models import Commentary
from members.models import MemberAlias
from tests.factories import make_commentary, make_member


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


class SearchPageMixin:
    def search(self, query, **params):
        response = self.client.get(reverse("articles:search"), {"q": query, **params})
        self.assertEqual(response.status_code, 200)
        return response

    def titles(self, query):
        return [c.title for c in self.search(query).context["results"]]


# Reads response.context and pins queries: no page cache here.
@override_settings(PAGE_CACHE_SECONDS=0)
class WordMatchingTests(SearchPageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.le = make_member(name="Lê Thị Thu")
        make_commentary(
            title="The war in Ukraine and Asia",
            summary="<p>A war far away changes alliances.</p>",
            published_at=ago(3),
        )
        make_commentary(
            title="Raising awareness",
            summary="<p>Steps towards a safer region, and software.</p>",
            published_at=ago(2),
        )
        make_commentary(
            title="Vietnam's view of the South China Sea",
            authors=[cls.le],
            summary="<p>Hanoi weighs its options.</p>",
            published_at=ago(1),
        )
        make_commentary(
            title="한반도 비핵화의 길",
            summary="<p>남북한의 대화가 비핵화를 앞당긴다.</p>",
            language="ko",
        )
        make_commentary(
            title="中国的核政策",
            summary="<p>中国坚持不首先使用核武器的政策。</p>",
            language="zh-Hans",
        )

    def test_a_word_finds_whole_words_never_parts_of_words(self):
        """ "war" finds the war piece, not "awareness", "towards" or "software"."""
        self.assertEqual(self.titles("war"), ["The war in Ukraine and Asia"])
        self.assertEqual(self.titles("wards"), [])

    def test_names_match_without_diacritics_and_in_any_case(self):
        """ "Le Thi" finds Lê Thị Thu's piece; so do "LÊ THỊ" and "le thi"."""
        for query in ("Le Thi", "LÊ THỊ", "le thi", "lê thị thu"):
            with self.subTest(query):
                self.assertEqual(
                    self.titles(query), ["Vietnam's view of the South China Sea"]
                )

    def test_le_thi_does_not_match_parts_of_other_words(self):
        """ "Lê Thị" once found pieces through "role" and "nothing"."""
        make_commentary(title="The role of nothing", summary="<p>Nothing else.</p>")
        self.assertNotIn("The role of nothing", self.titles("Lê Thị"))

    def test_korean_and_chinese_match_inside_text_without_spaces(self):
        """Substrings of Hangul and Chinese text are found (trigram index)."""
        cases = {
            "비핵화": "한반도 비핵화의 길",  # three syllables: the trigram index
            "남북": "한반도 비핵화의 길",  # two: shorter than a trigram
            "核政策": "中国的核政策",
            "核武器": "中国的核政策",
            "中国": "中国的核政策",
        }
        for query, title in cases.items():
            with self.subTest(query):
                self.assertEqual(self.titles(query), [title])

    def test_every_word_of_a_mixed_query_must_match(self):
        """A spaced word and an unspaced fragment narrow together."""
        make_commentary(title="Korea and 비핵화 dialogue")
        self.assertEqual(self.titles("dialogue 비핵화"), ["Korea and 비핵화 dialogue"])

    def test_punctuation_in_queries_is_ignored(self):
        """Quotes and operators are words' edges, never search syntax."""
        for query in ('"war"', "war*", "war (", "war -", "'war'", "war:^"):
            with self.subTest(query):
                self.assertIn("The war in Ukraine and Asia", self.titles(query))


# Reads response.context and pins queries: no page cache here.
@override_settings(PAGE_CACHE_SECONDS=0)
class RankingTests(SearchPageMixin, TestCase):
    def test_a_word_in_the_title_ranks_above_the_same_word_in_a_summary(self):
        """Best first: an old piece titled with the word before a new mention."""
        make_commentary(
            title="Deterrence after the summit",
            summary="<p>Leaders met.</p>",
            published_at=ago(30),
        )
        make_commentary(
            title="Leaders met again",
            summary="<p>Some spoke of deterrence.</p>",
            published_at=ago(1),
        )
        self.assertEqual(
            self.titles("deterrence"),
            ["Deterrence after the summit", "Leaders met again"],
        )

    def test_equal_matches_come_newest_first(self):
        """Two pieces matching alike are in date order."""
        for days in (5, 1, 3):
            make_commentary(
                title=f"Treaty talks {days}", summary="<p>Same words.</p>",
                published_at=ago(days),
            )  # fmt: skip
        self.assertEqual(
            self.titles("treaty"),
            ["Treaty talks 1", "Treaty talks 3", "Treaty talks 5"],
        )

    def test_a_word_in_every_piece_ranks_the_newest_candidates_and_says_so(self):
        """Past CANDIDATES matches, the best of the newest are shown, with a hint."""
        old = make_commentary(title="Arms control", published_at=ago(400))
        with self.settings():
            original = search.CANDIDATES
            search.CANDIDATES = 3
            self.addCleanup(setattr, search, "CANDIDATES", original)
            for n in range(3):
                make_commentary(title=f"Arms talk {n}", published_at=ago(n + 1))
            response = self.search("arms")
        titles = [c.title for c in response.context["results"]]
        self.assertEqual(len(titles), 3)
        self.assertNotIn(old.title, titles)
        self.assertContains(response, "add another to narrow them")


# Reads response.context and pins queries: no page cache here.
@override_settings(PAGE_CACHE_SECONDS=0)
class MembersAndTopicsTests(SearchPageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ha = make_member(name="Hoàng Thị Hà")
        cls.moon = make_member(name="Moon Chung-in", native_name="문정인")
        MemberAlias.objects.create(member=cls.moon, name="Chung-in Moon")
        make_commentary(
            title="ASEAN and the bomb", authors=[cls.ha], tags=["Non-proliferation"]
        )
        make_commentary(title="Hidden", status="draft", tags=["Secret topic"])

    def test_members_are_found_by_name_in_any_spelling(self):
        """ "hoang thi ha", the native name and an alias find the member."""
        cases = {"hoang thi ha": self.ha, "문정인": self.moon, "moon": self.moon}
        for query, member in cases.items():
            with self.subTest(query):
                response = self.search(query)
                self.assertIn(member, response.context["members"])
                self.assertContains(response, member.get_absolute_url())

    def test_a_member_is_not_found_by_part_of_a_word(self):
        """ "ha" is a word of Hoàng Thị Hà's name; "ho" is not."""
        self.assertIn(self.ha, self.search("ha").context["members"])
        self.assertNotIn(self.ha, self.search("ho").context.get("members", []))

    def test_topics_of_published_pieces_are_found(self):
        """A tag with a published piece is listed and linked; a draft's is not."""
        response = self.search("proliferation")
        self.assertEqual(
            [t.name for t in response.context["topics"]], ["Non-proliferation"]
        )
        self.assertContains(
            response, reverse("articles:tag-detail", args=["non-proliferation"])
        )
        self.assertEqual(list(self.search("secret").context["topics"]), [])

    def test_members_and_topics_cost_a_fixed_number_of_queries(self):
        """Many members, tags and pieces: still six queries."""
        for n in range(4):
            member = make_member(name=f"Proliferation Expert {n}")
            make_commentary(
                title=f"Proliferation {n}", authors=[member, "X"],
                tags=[f"proliferation {n}"],
            )  # fmt: skip
        with self.assertNumQueries(6):
            response = self.search("proliferation")
        self.assertEqual(len(response.context["members"]), 4)
        self.assertEqual(len(response.context["topics"]), 5)


# Reads response.context and pins queries: no page cache here.
@override_settings(PAGE_CACHE_SECONDS=0)
class SnippetTests(SearchPageMixin, TestCase):
    def test_paragraph_breaks_become_spaces_and_entities_are_escaped_once(self):
        """ "defences.</p><p>Systems" reads "defences. Systems"; & shows as &."""
        make_commentary(
            title="Missiles",
            summary="<p>Missile defences.</p><p>Systems bought &amp; sold "
            "&lt;cheaply&gt;.</p>",
        )
        response = self.search("systems")
        snippet = response.context["results"][0].snippet
        self.assertEqual(
            snippet,
            "Missile defences. <mark>Systems</mark> bought &amp; sold &lt;cheaply&gt;.",
        )
        self.assertNotContains(response, "&amp;amp;")
        self.assertNotContains(response, "&amp;lt;")

    def test_only_whole_words_are_marked(self):
        """ "ha" marks "Hà", never "t<mark>ha</mark>t"."""
        snippet = search.highlight("I think that Hà said so.", "ha")
        self.assertEqual(snippet, "I think that <mark>Hà</mark> said so.")

    def test_fragments_of_unspaced_scripts_are_marked_where_they_are(self):
        """Chinese has no word edges: the fragment itself is marked."""
        self.assertEqual(
            search.highlight("中国坚持不首先使用核武器的政策。", "核武器"),
            "中国坚持不首先使用<mark>核武器</mark>的政策。",
        )


# Reads response.context and pins queries: no page cache here.
@override_settings(PAGE_CACHE_SECONDS=0)
class IndexFollowsChangesTests(SearchPageMixin, TestCase):
    def test_a_new_piece_is_found_at_once(self):
        make_commentary(title="Verification regimes")
        self.assertEqual(self.titles("verification"), ["Verification regimes"])

    def test_an_edited_title_is_found_by_its_new_words_only(self):
        piece = make_commentary(title="Old wording")
        piece.title = "Fresh wording"
        piece.save()
        self.assertEqual(self.titles("fresh"), ["Fresh wording"])
        self.assertEqual(self.titles("old"), [])

    def test_an_unpublished_piece_leaves_the_results(self):
        piece = make_commentary(title="Withdrawn statement")
        piece.status = Commentary.Status.DRAFT
        piece.save()
        self.assertEqual(self.titles("withdrawn"), [])

    def test_a_deleted_piece_leaves_the_index(self):
        piece = make_commentary(title="Ephemeral piece")
        piece.delete()
        self.assertEqual(self.titles("ephemeral"), [])
        # Its row in the index went too: a new piece is found alone.
        make_commentary(title="Ephemeral again")
        self.assertEqual(self.titles("ephemeral"), ["Ephemeral again"])

    def test_a_bulk_update_through_the_write_path_is_found(self):
        """QuerySet.update() sends no signal: changes.pieces_changed says so."""
        piece = make_commentary(title="Before the update")
        with changes.many_changes():
            Commentary.objects.filter(pk=piece.pk).update(title="After the merger")
            changes.pieces_changed([piece.pk])
        self.assertEqual(self.titles("merger"), ["After the merger"])
        self.assertEqual(self.titles("before"), [])

    def test_imported_pieces_are_found(self):
        """import_commentaries writes through the same path."""
        record = {
            "title": "Imported on the Mekong",
            "status": "published",
            "published_at": ago(1).isoformat(),
            "summary": "<p>Rivers and dams.</p>",
            "full_article_url": "https://example.org/mekong",
            "authors": [{"name": "Nguyễn Văn An"}],
        }
        data = {
            "format": "fulcrum-commentaries",
            "version": 1,
            "commentaries": [record],
        }
        path = self._write(json.dumps(data))
        call_command(
            "import_commentaries", path, stdout=io.StringIO(), stderr=io.StringIO()
        )
        self.assertEqual(self.titles("mekong"), ["Imported on the Mekong"])
        self.assertEqual(self.titles("nguyen van an"), ["Imported on the Mekong"])

    def test_indexes_a_schema_change_dropped_are_put_back_after_migrate(self):
        """SQLite drops a table's triggers when a migration remakes the table."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("DROP TRIGGER articles_commentary_search_update")
            else:
                cursor.execute("DROP INDEX articles_commentary_search_vector_idx")
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                if connection.vendor == "sqlite"
                else "SELECT indexname FROM pg_indexes"
            )
            present = {row[0] for row in cursor.fetchall()}
        self.assertTrue(
            {
                "articles_commentary_search_update",
                "articles_commentary_search_vector_idx",
            }
            & present
        )
        piece = make_commentary(title="Before the change")
        piece.title = "Rebuilt index"
        piece.save()
        self.assertEqual(self.titles("rebuilt"), ["Rebuilt index"])
        self.assertEqual(self.titles("before"), [])

    def _write(self, text):
        import tempfile
        from pathlib import Path

        folder = Path(tempfile.mkdtemp(prefix="fulcrum-search-import-"))
        path = folder / "pieces.json"
        path.write_text(text, encoding="utf-8")
        return str(path)
