"""Site-wide promises of the public pages: layout, accessibility, errors,
Unicode addresses and escaping of everything people type."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.template import loader
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.views.defaults import server_error
from taggit.models import Tag

from tests.factories import (
    make_commentary,
    make_image,
    make_member,
    make_outlet,
)

XSS = "<script>alert(1)</script>"
# JSON-LD is data, not script: browsers never run it, and it is tested apart.
JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')


def without_json_ld(response):
    return JSON_LD.sub("", response.content.decode())


XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class Outline(HTMLParser):
    """Collect landmarks, headings and asset addresses of a page."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.headings = []
        self.attrs = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


class LayoutTests(TestCase):
    """Every public page shares an accessible, self-hosted layout."""

    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(name="Hoang Thi Ha")
        cls.outlet = make_outlet(name="Fulcrum", label="FULCRUM")
        cls.commentary = make_commentary(
            authors=[cls.member, "Pham Thi Phuong Thao"],
            outlet=cls.outlet,
            image=make_image(),
            tags=["ASEAN"],
            is_featured=True,
            summary="<p>Intro</p><h2>A section</h2><h3>A sub-section</h3><p>Text</p>",
        )
        make_commentary(authors=[cls.member], tags=["ASEAN"], outlet=cls.outlet)
        cls.member.photo = make_image()
        cls.member.save()

    def pages(self):
        return {
            "home": reverse("articles:home"),
            "list": reverse("articles:commentary-list"),
            "detail": self.commentary.get_absolute_url(),
            "tag": reverse("articles:tag-detail", kwargs={"slug": "asean"}),
            "outlet": self.outlet.get_absolute_url(),
            "members": reverse("members:member-list"),
            "member": self.member.get_absolute_url(),
            "not found": "/no-such-page/",
        }

    def test_every_page_has_landmarks_skip_link_and_language(self):
        """header, nav, main, footer; a skip link to #main; lang="en"."""
        for name, url in self.pages().items():
            with self.subTest(page=name):
                response = self.client.get(url)
                self.assertContains(
                    response, '<html lang="en">', status_code=response.status_code
                )
                outline = Outline(response.content.decode())
                for landmark in ("header", "nav", "main", "footer"):
                    self.assertIn(landmark, outline.tags)
                self.assertEqual(outline.tags.count("main"), 1)
                skip = outline.attrs[outline.tags.index("a")]
                self.assertEqual(skip, ("a", {"class": "skip-link", "href": "#main"}))
                self.assertIn(("main", {"id": "main", "class": "site-main",
                                        "tabindex": "-1"}), outline.attrs)  # fmt: skip

    def test_every_page_has_one_h1_and_no_skipped_heading_level(self):
        """The outline starts at h1 and never jumps down two levels."""
        for name, url in self.pages().items():
            with self.subTest(page=name):
                response = self.client.get(url)
                headings = Outline(response.content.decode()).headings
                self.assertEqual(headings.count(1), 1)
                self.assertEqual(headings[0], 1)
                for before, after in zip(headings, headings[1:], strict=False):
                    self.assertLessEqual(after, before + 1, headings)

    def test_pages_load_nothing_from_elsewhere_and_run_no_script(self):
        """No CDN, web font, inline script or inline style: assets are ours."""
        for name, url in self.pages().items():
            with self.subTest(page=name):
                response = self.client.get(url)
                content = response.content.decode()
                self.assertNotIn("<script", without_json_ld(response))
                self.assertNotIn(" style=", content)
                self.assertNotIn("<style", content)
                for tag, attrs in Outline(content).attrs:
                    if tag in {"img", "source", "script", "iframe"}:
                        for key in ("src", "srcset"):
                            self.assertFalse(
                                attrs.get(key, "/").startswith(("http", "//")), attrs
                            )
                    if tag == "link" and attrs.get("rel") in {"stylesheet", "icon"}:
                        self.assertTrue(attrs["href"].startswith("/static/"), attrs)

    def test_navigation_marks_the_current_section(self):
        """aria-current="page" on the page itself, "true" inside its section."""
        response = self.client.get(reverse("members:member-list"))
        self.assertContains(
            response, '<a href="/members/" aria-current="page">Members</a>', html=True
        )
        self.assertContains(response, '<a href="/">Home</a>', html=True)
        response = self.client.get(self.commentary.get_absolute_url())
        self.assertContains(
            response,
            '<a href="/commentaries/" aria-current="true">Commentaries</a>',
            html=True,
        )

    def test_site_name_is_in_title_and_header(self):
        """The network's name is on every page."""
        response = self.client.get(self.commentary.get_absolute_url())
        self.assertContains(
            response,
            f"<title>{self.commentary.title} | Asia-Pacific Leadership Network</title>",
            html=True,
        )
        self.assertContains(response, "<span>Asia-Pacific Leadership Network</span>")

    def test_stylesheet_and_icon_are_served_by_us(self):
        """The CSS is found by staticfiles, has focus styles and CJK fallbacks."""
        css_path = finders.find("css/site.css")
        self.assertIsNotNone(css_path)
        self.assertIsNotNone(finders.find("img/logo.svg"))
        with open(css_path, encoding="utf-8") as handle:
            css = handle.read()
        self.assertIn(":focus-visible", css)
        for font in ("Hiragino Sans", "Malgun Gothic", "Noto Sans CJK SC"):
            self.assertIn(font, css)
        self.assertNotIn("@import", css)
        self.assertNotRegex(css, r"url\(\s*['\"]?(https?:)?//")


class ErrorPageTests(TestCase):
    """404 and 500 pages."""

    def test_unknown_address_renders_the_404_template(self):
        """A missing page answers 404 with the site's layout."""
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(
            response, "<h1>Page not found</h1>", html=True, status_code=404
        )

    def test_500_renders_without_context_processors_or_queries(self):
        """The server-error page needs nothing that might be what broke."""
        request = RequestFactory().get("/")
        with self.assertNumQueries(0):
            response = server_error(request)
        self.assertEqual(response.status_code, 500)
        self.assertContains(
            response, "<h1>Something went wrong</h1>", html=True, status_code=500
        )
        self.assertContains(response, '<link rel="stylesheet"', status_code=500)

    def test_500_template_renders_from_an_empty_context(self):
        """No request, no user, no messages: still a whole page."""
        html = loader.get_template("500.html").render()
        self.assertIn('<html lang="en">', html)
        self.assertIn('<main id="main"', html)


class UnicodeAddressTests(TestCase):
    """Slugs in Japanese, Korean and other scripts work in every address."""

    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(name="문정인", slug="문정인")
        cls.outlet = make_outlet(name="共同通信")
        cls.commentary = make_commentary(
            title="日本と東南アジアの未来",
            authors=[cls.member],
            outlet=cls.outlet,
            tags=["核軍縮"],
        )

    def test_slugs_keep_their_script(self):
        """The slugs are the words themselves, not a guessed romanisation."""
        self.assertEqual(self.commentary.slug, "日本と東南アジアの未来")
        self.assertEqual(self.outlet.slug, "共同通信")
        self.assertEqual(self.commentary.tags.get().slug, "核軍縮")

    def test_every_page_answers_at_its_unicode_address(self):
        """Percent-encoded (as linked) and raw IRIs both reach the page."""
        pages = {
            self.commentary.get_absolute_url(): "<h1>日本と東南アジアの未来</h1>",
            self.member.get_absolute_url(): "<h1>문정인</h1>",
            self.outlet.get_absolute_url(): "<h1>共同通信</h1>",
            reverse("articles:tag-detail", kwargs={"slug": "核軍縮"}): (
                "<h1>Commentaries tagged “核軍縮”</h1>"
            ),
        }
        for url, heading in pages.items():
            self.assertIn("%", url)
            for address in (url, re.sub(r"(%[0-9A-F]{2})+", self._decode, url)):
                with self.subTest(address=address):
                    response = self.client.get(address)
                    self.assertContains(response, heading, html=True)

    def test_links_to_unicode_pages_are_percent_encoded(self):
        """Cards link to the piece and its tag with encoded addresses."""
        response = self.client.get(reverse("articles:commentary-list"))
        self.assertContains(response, f'href="{self.commentary.get_absolute_url()}"')
        self.assertContains(response, 'href="/tags/%E6%A0%B8%E8%BB%8D%E7%B8%AE/"')

    def test_filters_accept_unicode_slugs(self):
        """?tag=核軍縮 and ?member=문정인 find the piece."""
        for params in ({"tag": "核軍縮"}, {"member": "문정인"}, {"outlet": "共同通信"}):
            with self.subTest(params=params):
                response = self.client.get(reverse("articles:commentary-list"), params)
                self.assertContains(response, "日本と東南アジアの未来")

    @staticmethod
    def _decode(match):
        return unquote(match.group(0))


class EscapingTests(TestCase):
    """What editors and imports type is shown as text, never run."""

    def assertEscaped(self, url):
        response = self.client.get(url)
        self.assertContains(response, XSS_ESCAPED)
        self.assertNotContains(response, XSS)
        self.assertNotIn("<script", without_json_ld(response))

    def test_title_is_escaped_on_every_page_that_shows_it(self):
        """Summary page (title, og:title), cards on home and list."""
        commentary = make_commentary(title=f"Title {XSS}")
        for url in (
            commentary.get_absolute_url(),
            reverse("articles:home"),
            reverse("articles:commentary-list"),
        ):
            with self.subTest(url=url):
                self.assertEscaped(url)

    def test_member_name_is_escaped_in_lists_profiles_and_ledes(self):
        """Members list, profile, and the lede and authors of a piece."""
        member = make_member(name=f"Name {XSS}", native_name=XSS)
        commentary = make_commentary(authors=[member, f"Outside {XSS}"])
        for url in (
            reverse("members:member-list"),
            member.get_absolute_url(),
            commentary.get_absolute_url(),
        ):
            with self.subTest(url=url):
                self.assertEscaped(url)

    def test_image_credit_caption_and_alt_are_escaped(self):
        """The credit line and alt text come from editors: escaped."""
        image = make_image(credit=XSS, caption=XSS, alt_text=f'x" onerror="{XSS}')
        commentary = make_commentary(image=image)
        response = self.client.get(commentary.get_absolute_url())
        self.assertContains(response, f"Image: {XSS_ESCAPED}")
        self.assertContains(response, 'alt="x&quot; onerror=&quot;')
        self.assertNotIn("<script", without_json_ld(response))

    def test_outlet_and_tag_names_are_escaped(self):
        """Outlet labels and tag names are shown as text."""
        outlet = make_outlet(name=f"Outlet {XSS}", label=XSS)
        make_commentary(outlet=outlet, tags=[f"tag {XSS}"])
        tag_url = reverse(
            "articles:tag-detail", kwargs={"slug": Tag.objects.get().slug}
        )
        for url in (outlet.get_absolute_url(), tag_url, reverse("articles:home")):
            with self.subTest(url=url):
                self.assertEscaped(url)

    def test_summary_is_sanitised_not_escaped(self):
        """Safe formatting survives; scripts and event handlers do not."""
        commentary = make_commentary(
            summary=f'<p onclick="steal()">Kept <strong>bold</strong></p>{XSS}'
            '<p><a href="javascript:steal()">bad link</a></p>'
        )
        response = self.client.get(commentary.get_absolute_url())
        self.assertContains(response, "<p>Kept <strong>bold</strong></p>", html=True)
        self.assertNotContains(response, "onclick")
        self.assertNotContains(response, "alert(1)")
        self.assertNotContains(response, "javascript:")
        self.assertNotIn("<script", without_json_ld(response))
