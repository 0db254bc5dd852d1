"""Every text field, filled with naughty strings (tests/data's list; in the
corpus lane, the Big List of Naughty Strings), is rendered escaped on every
public page and admin page, and the feeds and sitemaps stay well-formed XML."""

import itertools
import json
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from taggit.models import Tag

from articles import search
from articles.models import Authorship, Outlet
from core.validators import http_url
from members.models import Member, MemberAlias, MemberLink, MembershipCategory
from tests.corpus import CORPUS, DATA
from tests.factories import audit_html, make_commentary, make_image, make_user

BLNS = CORPUS / "fixtures" / "members" / "big-list-of-naughty-strings" / "blns.json"
# XML 1.0 cannot carry these, so feeds leave them out.
XML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def naughty_strings(path):
    return [s for s in json.loads(path.read_text(encoding="utf-8")) if s.strip()]


def squeeze(text):
    """Whitespace-insensitive form, for comparing what a page shows."""
    return " ".join(XML_CONTROL.sub("", text).split())


class PageText(HTMLParser):
    """The text a reader sees (no script or style contents)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.skip += tag in {"script", "style"}

    def handle_endtag(self, tag):
        self.skip -= tag in {"script", "style"}

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    @property
    def text(self):
        return squeeze(" ".join(self.parts))


class NaughtyStringTests(TestCase):
    """With tests/data's list: markup, scripts, quotes, control characters."""

    source = DATA / "naughty-strings.json"
    minimum = 100

    @classmethod
    def setUpTestData(cls):
        with search.deferred_refresh():
            cls.create_records()
        cls.tags = list(Tag.objects.all())
        cls.admin = make_user(is_superuser=True)

    @classmethod
    def create_records(cls):
        cls.strings = naughty_strings(cls.source)
        cls.used = set()
        supply = itertools.cycle(cls.strings)

        def take(max_length=None, unique=""):
            text = next(supply)
            cls.used.add(text)
            if max_length:
                text = text[: max_length - len(unique)]
            return text + unique

        def url():
            # A valid http URL whose path and query carry the string.
            text = take()
            kept = "".join(
                quote(ch) if ch.isspace() or ch in "#%" or ord(ch) < 32 else ch
                for ch in text
            )
            candidate = f"https://example.org/{kept[:200]}?q={kept[:200]}"
            try:
                http_url(candidate)
            except ValidationError:
                candidate = f"https://example.org/?q={quote(text[:200])}"
            return candidate

        def text(count=5):
            # Long text fields take several strings, a line each.
            return "\n".join(take() for _ in range(count))

        cls.categories = [
            MembershipCategory.objects.create(
                name=take(100, f" {n}"),
                plural_name=take(100),
                slug=f"category-{n}",
                description=text(),
            )
            for n in range(2)
        ]
        cls.images = [
            make_image(
                alt_text=take(300),
                caption=text(),
                credit=take(500),
                source_url=url(),
            )
            for _ in range(4)
        ]
        cls.members = []
        for n in range(12):
            member = Member.objects.create(
                name=take(190, f" {n}"),
                family_name=take(100),
                given_name=take(100),
                native_name=take(200),
                native_name_language=take(20),
                honorific=take(50),
                position=take(255),
                bio=text(),
                category=cls.categories[n % 2],
                country=["KR", "JP", "AU", ""][n % 4],
                photo=cls.images[n % 4] if n % 2 else None,
            )
            MemberAlias.objects.create(member=member, name=take(200))
            MemberLink.objects.create(member=member, label=take(100), url=url())
            cls.members.append(member)
        cls.outlets = [
            Outlet.objects.create(
                name=take(190, f" {n}"), label=take(200), homepage_url=url()
            )
            for n in range(4)
        ]
        cls.commentaries = []
        for n in range(16):
            # The summary is sanitised (nh3) on save: markup in it is dropped.
            summary = "".join(f"<p>{take()}</p>" for _ in range(5))
            commentary = make_commentary(
                title=take(300),
                lede_override=text(),
                summary=summary,
                full_article_url=url(),
                outlet=cls.outlets[n % 4],
                image=cls.images[n % 4],
                tags=[take(100), take(100)],
            )
            Authorship.objects.create(
                commentary=commentary, member=cls.members[n % 12], position=0
            )
            Authorship.objects.create(
                commentary=commentary,
                name=take(200),
                affiliation=take(200),
                role=take(200),
                url=url(),
                position=1,
            )
            cls.commentaries.append(commentary)

    def fetch(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        return response

    def assertEscaped(self, response, nonce=None):
        html = response.content.decode()
        if nonce is None and "Content-Security-Policy" in response:
            match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
            nonce = match.group(1) if match else None
        self.assertEqual(audit_html(html, nonce), [])
        return PageText(html).text

    def test_every_string_is_used(self):
        """The fixtures spread every naughty string over the records."""
        self.assertEqual(self.used, set(self.strings))
        self.assertGreater(len(self.strings), self.minimum)

    def test_public_pages_render_every_string_escaped(self):
        """Home, lists, filters, summaries, members, tags, outlets, 404."""
        urls = [
            "/",
            "/commentaries/",
            "/members/",
            "/members/?country=KR",
            f"/members/?category={self.categories[0].slug}",
            "/robots.txt",
        ]
        urls += [c.get_absolute_url() for c in self.commentaries]
        urls += [m.get_absolute_url() for m in self.members]
        urls += [o.get_absolute_url() for o in self.outlets]
        urls += [reverse("articles:tag-detail", args=[t.slug]) for t in self.tags]
        for member in self.members[:4]:
            urls.append(f"/commentaries/?{urlencode({'member': member.slug})}")
        for tag in self.tags[:4]:
            urls.append(f"/commentaries/?{urlencode({'tag': tag.slug})}")
        for url in urls:
            with self.subTest(url=url):
                self.assertEscaped(self.fetch(url))

    def test_summary_pages_show_the_title_and_authors_as_text(self):
        """Escaped, not dropped: the reader sees the strings as written."""
        for commentary in self.commentaries:
            with self.subTest(commentary=commentary.pk):
                text = self.assertEscaped(self.fetch(commentary.get_absolute_url()))
                self.assertIn(squeeze(commentary.title), text)
                outside = commentary.authorships.get(position=1)
                self.assertIn(squeeze(outside.name), text)

    def test_member_pages_show_the_name_and_position_as_text(self):
        """A member's page shows the naughty name as plain text."""
        for member in self.members:
            with self.subTest(member=member.pk):
                text = self.assertEscaped(self.fetch(member.get_absolute_url()))
                self.assertIn(squeeze(member.name), text)

    def test_search_for_naughty_strings_is_escaped(self):
        """The query is echoed back escaped, and results are too."""
        for query in self.strings[::25] + [c.title for c in self.commentaries[:5]]:
            with self.subTest(query=query):
                response = self.fetch(f"/search/?{urlencode({'q': query})}")
                self.assertEscaped(response)

    def test_missing_page_with_a_naughty_address_is_escaped(self):
        """The 404 page does not echo the address unescaped."""
        for text in self.strings[::50]:
            with self.subTest(text=text):
                url = "/commentaries/" + quote(text.replace("/", ""), safe="") + "x/"
                self.assertEscaped(self.fetch(url, status=404))

    def test_feeds_are_well_formed_xml_with_the_titles(self):
        """RSS and Atom parse, and carry the titles (less XML-illegal bytes)."""
        urls = [reverse("articles:feed"), reverse("articles:feed-atom")]
        for member in self.members[:6]:
            urls += [
                reverse("members:member-feed", args=[member.slug]),
                reverse("members:member-feed-atom", args=[member.slug]),
            ]
        for tag in self.tags[:6]:
            urls += [
                reverse("articles:tag-feed", args=[tag.slug]),
                reverse("articles:tag-feed-atom", args=[tag.slug]),
            ]
        for outlet in self.outlets:
            urls += [
                reverse("articles:outlet-feed", args=[outlet.slug]),
                reverse("articles:outlet-feed-atom", args=[outlet.slug]),
            ]
        titles = {squeeze(c.title) for c in self.commentaries}
        for url in urls:
            with self.subTest(url=url):
                root = ElementTree.fromstring(self.fetch(url).content)
                found = [
                    squeeze(element.text or "")
                    for element in root.iter()
                    if element.tag.rsplit("}", 1)[-1] == "title"
                ]
                self.assertTrue(set(found) & titles, url)

    def test_sitemaps_are_well_formed_xml(self):
        """The sitemap index and every section parse as XML."""
        index = ElementTree.fromstring(self.fetch("/sitemap.xml").content)
        sections = [e.text for e in index.iter() if e.tag.endswith("loc")]
        self.assertTrue(sections)
        for section in sections:
            with self.subTest(section=section):
                path = re.sub(r"^https?://[^/]+", "", section)
                root = ElementTree.fromstring(self.fetch(path).content)
                self.assertTrue(list(root))

    def admin_urls(self):
        urls = []
        models = [
            ("articles", "commentary", self.commentaries),
            ("members", "member", self.members),
            ("articles", "outlet", self.outlets),
            ("images", "image", self.images),
            ("members", "membershipcategory", self.categories),
            ("taggit", "tag", self.tags[::4]),
        ]
        for app, model, objects in models:
            changelist = reverse(f"admin:{app}_{model}_changelist")
            urls.append(changelist)
            for text in self.strings[:: max(1, len(self.strings) // 5)]:
                urls.append(f"{changelist}?{urlencode({'q': text})}")
            for obj in objects:
                urls.append(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
            first = objects[0].pk
            urls.append(reverse(f"admin:{app}_{model}_history", args=[first]))
            urls.append(reverse(f"admin:{app}_{model}_delete", args=[first]))
        return urls

    @pytest.mark.slow
    def test_admin_pages_render_every_string_escaped(self):
        """Changelists with searches, change forms, history, delete pages."""
        self.client.force_login(self.admin)
        for url in self.admin_urls():
            with self.subTest(url=url):
                self.assertEscaped(self.fetch(url))

    def test_admin_autocomplete_answers_json_with_the_strings(self):
        """The autocomplete boxes get valid JSON that holds the text verbatim."""
        self.client.force_login(self.admin)
        fields = [
            ("articles", "authorship", "member", self.members[0].name),
            ("articles", "commentary", "outlet", self.outlets[0].name),
            ("articles", "commentary", "image", self.images[0].alt_text),
            ("members", "member", "photo", self.images[1].alt_text),
        ]
        for app, model, field, name in fields:
            with self.subTest(field=f"{model}.{field}"):
                query = urlencode(
                    {
                        "app_label": app,
                        "model_name": model,
                        "field_name": field,
                        "term": name[:20],
                    }
                )
                response = self.fetch(f"/admin/autocomplete/?{query}")
                data = json.loads(response.content)
                self.assertIsInstance(data["results"], list)


@pytest.mark.corpus
class CorpusNaughtyStringTests(NaughtyStringTests):
    """The same with the whole Big List of Naughty Strings."""

    source = BLNS
    minimum = 500


class NulCharacterTests(TestCase):
    """PostgreSQL cannot store or compare NUL: it is refused before, cleanly."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = make_user(is_superuser=True)
        cls.commentary = make_commentary(title="Plain title")

    def test_the_admin_form_refuses_a_nul_character(self):
        """The title field says so; nothing is saved."""
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("admin:articles_outlet_add"),
            {"name": "Bad\x00outlet", "kind": "publication"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Null characters are not allowed.")
        self.assertFalse(Outlet.objects.filter(name__startswith="Bad").exists())

    def test_addresses_with_a_nul_character_are_bad_requests(self):
        """Search, filters and slugs with NUL get 400, never a server error."""
        urls = [
            "/search/?q=a%00b",
            "/members/?country=%00",
            "/commentaries/?tag=%00",
            "/tags/a%00b/",
            "/members/a%00b/",
            "/commentaries/a%00b/",
            "/admin/articles/commentary/?q=%00",
        ]
        self.client.force_login(self.admin)
        for url in urls:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 400)
