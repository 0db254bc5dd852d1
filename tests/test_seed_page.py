"""The seed page (tests/data/seeds, and the corpus's seeds/), entered through the
admin, renders whole."""

import pytest
from django.test import TestCase
from django.urls import reverse

from articles.models import Commentary
from images.models import Image
from tests.articles.test_admin import ADD, commentary_form
from tests.corpus import CORPUS, DATA
from tests.factories import image_upload, make_member, make_outlet, make_user

KANTEI = "https://www.kantei.go.jp/jp/101_kishida/actions/202211/12asean.html"


class SeedPageTests(TestCase):
    seeds = DATA / "seeds"

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])
        cls.ha = make_member(name="Hoang Thi Ha")
        cls.fulcrum = make_outlet(name="Fulcrum", label="FULCRUM")
        (seed,) = sorted(cls.seeds.glob("*.txt"))
        lines = seed.read_text(encoding="utf-8").splitlines()
        cls.title = lines[0]
        # The first sentence of the third line is the lede; the rest, the summary.
        cls.summary = [lines[2].split(". ", 1)[1], lines[3]]

    def test_an_editor_enters_the_seed_page_and_readers_see_every_element(self):
        """Title, FULCRUM, lede, summary, link line, and the Japanese credit."""
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:images_image_add"),
            {
                "file": image_upload("asean.png", width=120, height=80),
                "alt_text": "Leaders of ASEAN and Japan at the commemorative summit",
                "caption": "",
                "credit": "内閣官房内閣広報室",
                "source_url": KANTEI,
                "licence": "government",
            },
        )
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        data = commentary_form(
            authors=[
                {"position": 0, "member": self.ha.pk},
                {"position": 1, "name": "Pham Thi Phuong Thao"},
            ],
            title=self.title,
            outlet=self.fulcrum.pk,
            image=image.pk,
            full_article_url="https://fulcrum.sg/japan-and-southeast-asia/",
            summary="".join(f"<p>{p}</p>" for p in self.summary),
            status="published",
            tags="ASEAN, Japan",
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 302)
        commentary = Commentary.objects.get()
        self.assertTrue(commentary.is_published)

        self.client.logout()
        page = self.client.get(commentary.get_absolute_url())
        self.assertContains(page, f"<h1>{self.title}</h1>", html=True)
        self.assertContains(page, ">FULCRUM</a>")
        self.assertContains(
            page,
            "APLN member Hoang Thi Ha co-writes a commentary with Pham Thi Phuong Thao.",
        )
        self.assertContains(page, "They argue that Japan’s decades of cultivating")
        self.assertContains(page, "Decades of nurturing connections between Japan")
        self.assertContains(
            page,
            '<a href="https://fulcrum.sg/japan-and-southeast-asia/" rel="noopener">'
            "The full article can be accessed here.</a>",
        )
        self.assertContains(
            page,
            f'Image: 内閣官房内閣広報室, <a href="{KANTEI}" rel="noopener">{KANTEI}</a>',
        )
        self.assertContains(page, f'href="{self.ha.get_absolute_url()}"')


@pytest.mark.corpus
class CorpusSeedPageTests(SeedPageTests):
    """The same with the seed page as the corpus keeps it."""

    seeds = CORPUS / "seeds"
