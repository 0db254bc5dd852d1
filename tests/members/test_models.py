"""Members: slugs right for every script, names matched whatever the spelling."""

from django.db import IntegrityError, transaction
from django.test import TestCase

from core.slugs import slug_for
from members.models import Member, MemberAlias
from members.names import name_key, same_person
from tests.factories import make_member


class SlugTests(TestCase):
    def test_vietnamese_names_get_ascii_slugs_with_d_for_dj(self):
        """Đ and diacritics become plain letters, not dropped."""
        member = make_member(name="Đặng Đình Quý")
        self.assertEqual(member.slug, "dang-dinh-quy")

    def test_hoang_thi_ha_gets_the_same_slug_with_or_without_diacritics(self):
        """Hoàng Thị Hà and Hoang Thi Ha read the same in a URL."""
        self.assertEqual(slug_for("Hoàng Thị Hà"), slug_for("Hoang Thi Ha"))

    def test_japanese_names_keep_their_script(self):
        """A kanji name is not turned into a Chinese reading."""
        member = make_member(name="山田\u3000太郎")
        self.assertEqual(member.slug, "山田-太郎")

    def test_korean_and_chinese_names_keep_their_script(self):
        """Hangul and hanzi stay as they are."""
        self.assertEqual(make_member(name="문정인").slug, "문정인")
        self.assertEqual(make_member(name="王毅").slug, "王毅")

    def test_colliding_names_get_numbered_slugs(self):
        """Two members with one name get distinct, stable slugs."""
        first = make_member(name="Kim Min-jun")
        second = make_member(name="Kim Min-jun")
        third = make_member(name="KIM Min-jun")
        self.assertEqual(
            [first.slug, second.slug, third.slug],
            ["kim-min-jun", "kim-min-jun-2", "kim-min-jun-3"],
        )

    def test_slug_is_never_empty(self):
        """A name of punctuation alone still gets a slug."""
        self.assertEqual(make_member(name="!!!").slug, "member")
        self.assertEqual(slug_for("", fallback="x"), "x")

    def test_slug_does_not_change_when_the_name_does(self):
        """Renaming keeps the address, so links keep working."""
        member = make_member(name="Chung-in Moon")
        member.name = "Moon Chung-in"
        member.save()
        member.refresh_from_db()
        self.assertEqual(member.slug, "chung-in-moon")

    def test_database_refuses_an_empty_slug(self):
        """The constraint holds even when save() is bypassed."""
        member = make_member()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Member.objects.filter(pk=member.pk).update(slug="")


class MatchingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moon = make_member(name="Moon Chung-in")
        cls.ha = make_member(name="Hoàng Thị Hà")
        cls.soares = make_member(name="Dionisio Da Costa Babo SOARES")
        MemberAlias.objects.create(member=cls.soares, name="Dionísio Babo Soares")

    def test_name_order_does_not_matter(self):
        """'Chung-in Moon' is the same person as 'Moon Chung-in'."""
        self.assertEqual(list(Member.objects.matching("Chung-in Moon")), [self.moon])

    def test_diacritics_case_and_honorifics_do_not_matter(self):
        """'H.E. Dr. HOANG Thi Ha' finds Hoàng Thị Hà."""
        self.assertEqual(
            list(Member.objects.matching("H.E. Dr. HOANG Thi Ha")), [self.ha]
        )

    def test_aliases_are_used_for_matching(self):
        """Another spelling recorded as an alias finds the member."""
        self.assertEqual(
            list(Member.objects.matching("Dionisio Babo Soares")), [self.soares]
        )

    def test_unknown_or_empty_names_match_nobody(self):
        """No guess is made for a name nobody has."""
        self.assertFalse(Member.objects.matching("Someone Else").exists())
        self.assertFalse(Member.objects.matching("").exists())

    def test_name_key_ignores_titles_post_nominals_order_case_and_hyphens(self):
        """Every spelling a summary page may use is the same person."""
        for spelling in (
            "KIM Ji-ho",
            "Ji-ho Kim",
            "Dr. Kim Jiho",
            "Kim Ji Ho",
            "Former Prime Minister Kim Ji-ho",
            "Governor Kim Ji ho",
            "H.E. Kim Ji-ho AC QC",
            "Kim Ji-ho KBE",
            "Kîm Jí-hô",
        ):
            with self.subTest(spelling=spelling):
                self.assertTrue(same_person(spelling, "Kim Ji-ho"))
        self.assertFalse(same_person("Kim Ji-ho", "Kim Ji-hoon"))
        self.assertFalse(same_person("Kim Ji-ho", "Lee Ji-ho"))

    def test_post_nominals_count_only_in_capitals(self):
        """“Am” may be part of a name; “AM” after a name is an award."""
        self.assertNotEqual(name_key("Lee Am Jin"), name_key("Lee Jin"))
        self.assertEqual(name_key("Lee Jin AM"), name_key("Lee Jin"))

    def test_name_key_keeps_other_scripts(self):
        """Japanese names split by an ideographic space keep their characters."""
        self.assertEqual(name_key("山田\u3000太郎"), name_key("太郎 山田"))
        self.assertNotEqual(name_key("山田 太郎"), "")

    def test_a_name_that_spells_out_longer_than_its_key_column_is_kept(self):
        """One symbol can transliterate to a phrase: the key still fits (a
        PostgreSQL varchar refuses a longer one) and still finds the member."""
        name = "Abd " + "\ufdfa" * 40
        member = make_member(name=name, slug="long-key")
        field = Member._meta.get_field("name_key")
        self.assertLessEqual(len(member.name_key), field.max_length)
        member.refresh_from_db()
        self.assertEqual(list(Member.objects.matching(name)), [member])
