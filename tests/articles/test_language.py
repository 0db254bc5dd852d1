"""A piece's language: lang on what is not in English, hreflang between translations."""

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import Commentary
from tests.factories import make_commentary, make_user


@override_settings(PAGE_CACHE_SECONDS=0)
class LanguageAttributeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.english = make_commentary(title="Nuclear risk in Asia")
        cls.japanese = make_commentary(
            title="アジアの核リスク",
            summary="<p>核リスクを減らすための対話。</p>",
            language="ja",
            translation_of=cls.english,
        )
        cls.urdu = make_commentary(
            title="جوہری خطرہ", language="ur", summary="<p>مکالمہ</p>"
        )

    def test_a_new_piece_is_in_english_by_default(self):
        self.assertEqual(self.english.language, "en")

    def test_cards_mark_titles_not_in_english(self):
        """The list gives the Japanese title lang="ja" and the English one none."""
        response = self.client.get(reverse("articles:commentary-list"))
        self.assertContains(
            response,
            f'<a href="{self.japanese.get_absolute_url()}" lang="ja">アジアの核リスク</a>',
            html=True,
        )
        self.assertContains(
            response,
            f'<a href="{self.english.get_absolute_url()}">Nuclear risk in Asia</a>',
            html=True,
        )

    def test_right_to_left_titles_get_a_direction_too(self):
        response = self.client.get(reverse("articles:commentary-list"))
        self.assertContains(response, 'lang="ur" dir="rtl"')

    def test_the_summary_page_marks_its_title_and_summary(self):
        response = self.client.get(self.japanese.get_absolute_url())
        self.assertContains(response, '<h1 lang="ja">アジアの核リスク</h1>', html=True)
        self.assertContains(response, '<div class="summary" lang="ja">')
        # The page itself, its lede and labels, stays English.
        self.assertContains(response, '<html lang="en"')

    def test_search_results_mark_titles_and_snippets(self):
        response = self.client.get(reverse("articles:search"), {"q": "核リスク"})
        self.assertContains(response, 'lang="ja">アジアの<mark>核リスク</mark></a>')
        self.assertContains(response, '<p class="snippet" lang="ja">')

    def test_feeds_mark_items_not_in_english(self):
        """The Japanese item has xml:lang="ja"; the English one inherits the feed's."""
        for name, item in (("articles:feed", "item"), ("articles:feed-atom", "entry")):
            with self.subTest(name):
                response = self.client.get(reverse(name))
                self.assertContains(response, f'<{item} xml:lang="ja"><title>アジア')
                self.assertContains(response, f"<{item}><title>Nuclear risk in Asia")


@override_settings(PAGE_CACHE_SECONDS=0)
class TranslationLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.original = make_commentary(title="Nuclear risk in Asia")
        cls.japanese = make_commentary(
            title="アジアの核リスク", language="ja", translation_of=cls.original
        )
        cls.korean_draft = make_commentary(
            title="아시아의 핵 위험",
            language="ko",
            translation_of=cls.original,
            status=Commentary.Status.DRAFT,
        )

    def test_the_original_links_to_its_translation(self):
        """hreflang alternates for both, and a visible "Also in 日本語" link."""
        response = self.client.get(self.original.get_absolute_url())
        self.assertContains(
            response,
            f'<link rel="alternate" hreflang="ja" '
            f'href="http://testserver{self.japanese.get_absolute_url()}">',
        )
        self.assertContains(
            response,
            f'<link rel="alternate" hreflang="en" '
            f'href="http://testserver{self.original.get_absolute_url()}">',
        )
        self.assertContains(
            response,
            f'Also in <a href="{self.japanese.get_absolute_url()}" hreflang="ja" '
            f'lang="ja">日本語</a>',
            html=True,
        )

    def test_the_translation_links_back_to_the_original(self):
        response = self.client.get(self.japanese.get_absolute_url())
        self.assertContains(
            response,
            f'<a href="{self.original.get_absolute_url()}" hreflang="en" '
            f'lang="en">English</a>',
            html=True,
        )

    def test_unpublished_translations_are_not_linked(self):
        response = self.client.get(self.original.get_absolute_url())
        self.assertNotContains(response, 'hreflang="ko"')
        self.assertNotContains(response, "한국어")

    def test_a_piece_without_translations_has_no_alternates(self):
        alone = make_commentary(title="Alone")
        response = self.client.get(alone.get_absolute_url())
        self.assertNotContains(response, "hreflang")
        self.assertNotContains(response, "Also in")

    def test_a_piece_cannot_translate_itself(self):
        self.original.translation_of = self.original
        with self.assertRaises(ValidationError) as caught:
            self.original.full_clean()
        self.assertIn("translation_of", caught.exception.message_dict)


class LanguageAdminTests(TestCase):
    def test_the_change_form_offers_the_language_and_the_translated_piece(self):
        user = make_user(is_superuser=True)
        self.client.force_login(user)
        piece = make_commentary(title="Nuclear risk in Asia")
        response = self.client.get(
            reverse("admin:articles_commentary_change", args=[piece.pk])
        )
        self.assertContains(response, 'name="language"')
        self.assertContains(response, '<option value="ja">日本語</option>', html=True)
        self.assertContains(response, 'name="translation_of"')
