"""Tags in the admin: counted, merged (old pages redirect), unused ones removed."""

from django.test import TestCase
from django.urls import reverse
from taggit.models import Tag

from articles.models import Commentary
from core.models import Redirect
from tests.factories import make_commentary, make_user

CHANGELIST = reverse("admin:taggit_tag_changelist")


def tag_names(commentary):
    return sorted(Commentary.objects.get(pk=commentary.pk).tags.names())


class TagAdminTests(TestCase):
    """The tag list editors tidy tags from."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])

    def setUp(self):
        self.client.force_login(self.editor)

    def post_action(self, action, tags, **extra):
        return self.client.post(
            CHANGELIST,
            {"action": action, "_selected_action": [t.pk for t in tags], **extra},
            follow=True,
        )

    def test_tags_are_case_insensitive(self):
        """“Nuclear” and “nuclear” are one tag."""
        make_commentary(tags=["Nuclear"])
        make_commentary(tags=["nuclear"])
        self.assertEqual(list(Tag.objects.values_list("name", flat=True)), ["Nuclear"])

    def test_the_list_counts_pieces_and_searches(self):
        """Each tag shows how many pieces carry it."""
        make_commentary(tags=["ASEAN", "Japan"])
        make_commentary(tags=["ASEAN"])
        response = self.client.get(CHANGELIST, {"q": "asean"})
        self.assertEqual(
            [(t.name, t.piece_count) for t in response.context["cl"].result_list],
            [("ASEAN", 2)],
        )
        self.assertContains(response, '<td class="field-piece_count">2</td>')

    def test_merge_asks_which_tag_to_keep(self):
        """The action first shows a page listing the selected tags to choose from."""
        make_commentary(tags=["nukes", "nuclear weapons"])
        tags = list(Tag.objects.all())
        response = self.post_action("merge_tags", tags)
        self.assertTemplateUsed(response, "admin/taggit/tag/merge_tags.html")
        for tag in tags:
            self.assertContains(response, f'value="{tag.pk}"')
        self.assertEqual(Tag.objects.count(), 2)

    def test_merge_moves_pieces_and_redirects_the_old_tag_pages(self):
        """Pieces carry the kept tag once; the merged tags' pages redirect."""
        both = make_commentary(tags=["Nuclear weapons", "nukes"], authors=["A"])
        only_old = make_commentary(tags=["nukes", "Korea"], authors=["A"])
        only_new = make_commentary(tags=["Nuclear weapons"], authors=["A"])
        keep = Tag.objects.get(name="Nuclear weapons")
        old = Tag.objects.get(name="nukes")
        response = self.post_action(
            "merge_tags", [keep, old], apply="yes", target=keep.pk
        )
        self.assertContains(response, "Merged “nukes” into “Nuclear weapons”.")
        self.assertFalse(Tag.objects.filter(name="nukes").exists())
        self.assertEqual(tag_names(both), ["Nuclear weapons"])
        self.assertEqual(tag_names(only_old), ["Korea", "Nuclear weapons"])
        self.assertEqual(tag_names(only_new), ["Nuclear weapons"])
        self.assertRedirects(
            self.client.get(f"/tags/{old.slug}/"),
            f"/tags/{keep.slug}/",
            status_code=301,
        )
        self.assertRedirects(
            self.client.get(f"/tags/{old.slug}/feed/"),
            f"/tags/{keep.slug}/feed/",
            status_code=301,
        )
        # The search text follows the tags.
        self.assertIn(
            "nuclear weapons", Commentary.objects.get(pk=only_old.pk).search_text
        )

    def test_merge_without_a_choice_asks_again(self):
        """Submitting the page without a target changes nothing."""
        make_commentary(tags=["a", "b"])
        response = self.post_action("merge_tags", Tag.objects.all(), apply="yes")
        self.assertContains(response, "Choose the tag to keep.")
        self.assertEqual(Tag.objects.count(), 2)

    def test_merge_needs_two_tags(self):
        """One tag alone cannot be merged."""
        make_commentary(tags=["solo"])
        response = self.post_action("merge_tags", Tag.objects.all())
        self.assertContains(response, "Select at least two tags to merge.")

    def test_a_renamed_tag_slug_redirects(self):
        """Changing a tag's slug in its form keeps its old page working."""
        make_commentary(tags=["Korea"])
        tag = Tag.objects.get()
        response = self.client.post(
            reverse("admin:taggit_tag_change", args=[tag.pk]),
            {"name": "Korean Peninsula", "slug": "korean-peninsula"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            Redirect.objects.filter(
                old_path="/tags/korea/", new_path="/tags/korean-peninsula/"
            ).exists()
        )

    def test_remove_unused_tags_deletes_only_unused_ones(self):
        """Tags on a piece stay; tags on none go, and the message says so."""
        make_commentary(tags=["kept"])
        Tag.objects.create(name="orphan one")
        Tag.objects.create(name="orphan two")
        response = self.post_action("remove_unused_tags", Tag.objects.all())
        self.assertContains(response, "Removed 2 unused tags.")
        self.assertContains(response, "Kept 1 tag in use.")
        self.assertEqual(list(Tag.objects.values_list("name", flat=True)), ["kept"])

    def test_contributors_cannot_merge_or_remove_tags(self):
        """Tidying tags is for editors: the actions are not offered."""
        make_commentary(tags=["a", "b"])
        self.client.force_login(make_user(groups=["Contributors"]))
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'value="merge_tags"')
        self.post_action("remove_unused_tags", Tag.objects.all())
        self.post_action(
            "merge_tags", Tag.objects.all(), apply="yes", target=Tag.objects.first().pk
        )
        self.assertEqual(Tag.objects.count(), 2)
