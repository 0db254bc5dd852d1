"""Reader search: any script, with or without diacritics, highlighted."""

from django.test import TestCase, override_settings
from django.urls import reverse

from articles import search
from articles.models import Authorship
from tests.factories import make_commentary, make_member, make_outlet


# Reads response.context and pins the view's queries: no page cache here.
@override_settings(PAGE_CACHE_SECONDS=0)
class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ha = make_member(name="Hoàng Thị Hà")
        cls.outlet = make_outlet(name="East Asia Forum")
        cls.asean = make_commentary(
            title="ASEAN and the bomb",
            authors=[cls.ha],
            summary="<p>Southeast Asia’s nuclear-weapon-free zone deserves support.</p>",
            tags=["Non-proliferation"],
        )
        cls.japanese = make_commentary(
            title="核軍縮の未来",
            summary="<p>日本と韓国の協力が核軍縮を前進させる。</p>",
            outlet=cls.outlet,
        )
        cls.plain = make_commentary(
            title="A plain title",
            authors=["Hoang Thi Ha Outsider"],
            summary="<p>Nothing to see.</p>",
        )
        cls.draft = make_commentary(
            title="ASEAN secret draft", status="draft", authors=[cls.ha]
        )

    def titles(self, query):
        response = self.client.get(reverse("articles:search"), {"q": query})
        self.assertEqual(response.status_code, 200)
        return [c.title for c in response.context["results"]]

    def test_author_names_match_with_or_without_diacritics(self):
        """'Hoang Thi Ha' finds Hoàng Thị Hà's piece, and the reverse."""
        for query in ("Hoang Thi Ha", "hoàng thị hà", "HOANG"):
            with self.subTest(query):
                self.assertIn("ASEAN and the bomb", self.titles(query))

    def test_every_word_must_match(self):
        """Several words narrow the results."""
        self.assertEqual(self.titles("Hoang Outsider"), ["A plain title"])

    def test_titles_summaries_outlets_and_tags_are_searched(self):
        """Each field a reader might remember finds the piece."""
        cases = {
            "bomb": "ASEAN and the bomb",
            "nuclear-weapon-free": "ASEAN and the bomb",
            "east asia forum": "核軍縮の未来",
            "non-proliferation": "ASEAN and the bomb",
        }
        for query, title in cases.items():
            with self.subTest(query):
                self.assertEqual(self.titles(query), [title])

    def test_japanese_text_is_found_without_spaces(self):
        """Scripts written without spaces match by substring."""
        self.assertEqual(self.titles("核軍縮"), ["核軍縮の未来"])
        self.assertEqual(self.titles("韓国"), ["核軍縮の未来"])

    def test_drafts_are_never_found(self):
        """Search respects the one visibility rule."""
        self.assertNotIn("ASEAN secret draft", self.titles("secret"))
        self.assertEqual(self.titles("secret"), [])

    def test_results_show_highlighted_escaped_snippets(self):
        """Matched words are marked, in the original spelling."""
        response = self.client.get(reverse("articles:search"), {"q": "southeast"})
        self.assertContains(response, "<mark>Southeast</mark> Asia’s", html=False)

    def test_empty_query_shows_the_form_only(self):
        """No query, no results and no error."""
        response = self.client.get(reverse("articles:search"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["results"]), [])

    def test_search_text_follows_author_changes(self):
        """Adding an author after saving makes the piece findable by that name."""
        Authorship.objects.create(commentary=self.plain, name="Zhang Wěi", position=1)
        self.assertEqual(self.titles("zhang wei"), ["A plain title"])

    def test_search_text_follows_member_renames(self):
        """Renaming a member refreshes the pieces that credit them."""
        self.ha.name = "Hoàng Thị Hà Renamed"
        self.ha.save()
        self.assertIn("ASEAN and the bomb", self.titles("renamed"))

    def test_query_costs_a_fixed_number_of_queries(self):
        """Results with authors and tags cost the same whatever their number."""
        for n in range(5):
            make_commentary(
                title=f"Bomb {n}", authors=[make_member(), "X"], tags=["a", f"b{n}"]
            )
        # The ranked ids, the page's pieces, their authors, their tags, the
        # members and the topics.
        with self.assertNumQueries(6):
            self.client.get(reverse("articles:search"), {"q": "bomb"})


class HighlightTests(TestCase):
    def test_highlight_escapes_user_text(self):
        """A summary with markup never reaches the page unescaped."""
        snippet = search.highlight("<b>x</b> 1 < 2 & bomb", "bomb")
        self.assertEqual(snippet, "x 1 &lt; 2 &amp; <mark>bomb</mark>")

    def test_highlight_maps_folded_matches_back_to_the_original(self):
        """'dang' marks 'Đặng' whole."""
        self.assertEqual(
            search.highlight("Ông Đặng nói", "dang"), "Ông <mark>Đặng</mark> nói"
        )

    def test_fold_removes_diacritics_in_any_latin_script(self):
        """Vietnamese, Polish and German letters fold to plain ones."""
        self.assertEqual(search.fold("Đặng Łódź Straße"), "dang lodz strasse")
