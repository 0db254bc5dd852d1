"""Whole-page cache: readers get stored pages, and never a stale one."""

import datetime
import io
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import RequestContext, Template
from django.test import (
    Client,
    RequestFactory,
    TestCase,
    TransactionTestCase,
    override_settings,
)
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Commentary
from core import pagecache
from tests.factories import (
    committed,
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
)

ROOT = Path(__file__).resolve().parent.parent
CHANGELIST = reverse("admin:articles_commentary_changelist")


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def generation():
    return cache.get(pagecache.GENERATION_KEY)


class BrokenCache(BaseCache):
    """A cache whose server has gone: every call fails."""

    def __init__(self, location, params):
        super().__init__(params)

    def fail(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    add = get = set = touch = delete = has_key = clear = incr = fail
    get_many = set_many = delete_many = fail


def dead_redis_url():
    """Return a redis:// URL on a local port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


class PageCacheTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])
        cls.outlet = make_outlet(name="Korea JoongAng Daily")
        cls.member = make_member(name="Moon Chung-in")
        cls.image = make_image(credit="Cabinet Public Relations Office")
        cls.piece = make_commentary(
            title="Nuclear Restraint in Northeast Asia",
            authors=[cls.member],
            tags=["Nonproliferation"],
            outlet=cls.outlet,
            image=cls.image,
        )
        cls.tag = Tag.objects.get(name="Nonproliferation")

    def setUp(self):
        self.editor_client = Client()
        self.editor_client.force_login(self.editor)

    def cache_pages(self, *urls):
        """Visit each page twice as a reader, so it is stored and served stored."""
        for url in urls:
            self.client.get(url)
            response = self.client.get(url)
            self.assertEqual(response["X-Cache"], "hit", url)

    def run_action(self, action, *pieces):
        """Run an admin action on the change list, committed as a request is."""
        with committed():
            response = self.editor_client.post(
                CHANGELIST,
                {"action": action, "_selected_action": [p.pk for p in pieces]},
            )
        self.assertEqual(response.status_code, 302)


class CachedPagesTests(PageCacheTestCase):
    """A reader's second visit costs no query and no rendering."""

    def public_urls(self):
        return [
            "/",
            reverse("articles:commentary-list"),
            self.piece.get_absolute_url(),
            self.member.get_absolute_url(),
            reverse("members:member-list"),
            reverse("articles:tag-detail", args=[self.tag.slug]),
            self.outlet.get_absolute_url(),
            reverse("articles:feed"),
            reverse("articles:search") + "?q=nuclear",
        ]

    def test_second_visit_to_each_public_page_is_served_from_the_cache(self):
        """Home, lists, summary, member, tag, outlet, feed, search: 0 queries."""
        for url in self.public_urls():
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assertEqual((first.status_code, first["X-Cache"]), (200, "miss"))
                with self.assertNumQueries(0):
                    second = self.client.get(url)
                self.assertEqual(second["X-Cache"], "hit")
                self.assertEqual(second.content, first.content)
                for header in ("Content-Type", "ETag", "Cache-Control", "Vary"):
                    self.assertEqual(second[header], first[header])

    def test_matching_if_none_match_answers_304_without_rendering(self):
        """A reader whose copy is current gets a 304 straight from the cache."""
        url = self.piece.get_absolute_url()
        etag = self.client.get(url)["ETag"]
        with self.assertNumQueries(0):
            response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")
        self.assertEqual(response.templates, [])
        self.assertEqual(response["ETag"], etag)

    def test_an_old_etag_gets_the_stored_page(self):
        """A reader with an outdated copy gets the whole stored page."""
        url = self.piece.get_absolute_url()
        self.client.get(url)
        response = self.client.get(url, headers={"if-none-match": '"outdated"'})
        self.assertEqual((response.status_code, response["X-Cache"]), (200, "hit"))
        self.assertContains(response, "Nuclear Restraint in Northeast Asia")

    def test_head_is_answered_from_the_stored_page(self):
        """HEAD gets the stored status and headers, with no query."""
        url = self.piece.get_absolute_url()
        page = self.client.get(url)
        with self.assertNumQueries(0):
            response = self.client.head(url)
        self.assertEqual((response.status_code, response["X-Cache"]), (200, "hit"))
        self.assertEqual(response["ETag"], page["ETag"])
        self.assertEqual(response.content, b"")

    def test_query_strings_are_part_of_the_address(self):
        """Page 2 of the list is stored apart from page 1."""
        for n in range(21):
            make_commentary(title=f"Backlog piece {n:02}")
        url = reverse("articles:commentary-list")
        first = self.client.get(url)
        second = self.client.get(url + "?page=2")
        self.assertEqual(second["X-Cache"], "miss")
        self.assertNotEqual(first.content, second.content)
        self.assertContains(self.client.get(url + "?page=2"), "Backlog piece 00")
        self.assertNotContains(self.client.get(url), "Backlog piece 00")

    def test_readers_revalidating_after_a_change_refill_the_cache(self):
        """After an edit, a browser asking If-None-Match gets the new page, stored."""
        url = self.piece.get_absolute_url()
        etag = self.client.get(url)["ETag"]
        with committed():
            pagecache.invalidate()
        response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual((response.status_code, response["X-Cache"]), (304, "miss"))
        with self.assertNumQueries(0):
            again = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual((again.status_code, again["X-Cache"]), (304, "hit"))

    def test_a_changed_page_answers_a_revalidation_with_the_new_page(self):
        """An outdated copy's ETag gets 200 and the new title on a miss too."""
        url = self.piece.get_absolute_url()
        etag = self.client.get(url)["ETag"]
        with committed():
            Commentary.objects.filter(pk=self.piece.pk).update(title="A Retitled Piece")
            pagecache.invalidate()
        response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A Retitled Piece")

    def test_unknown_query_parameters_are_served_but_not_stored(self):
        """?utm_source=... cannot fill the cache with copies of one page."""
        url = self.piece.get_absolute_url()
        for n in range(3):
            response = self.client.get(url, {"utm_source": f"mail{n}"})
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("X-Cache", response)
        self.assertEqual(self.client.get(url)["X-Cache"], "miss")

    def test_parameters_a_page_does_not_read_are_served_but_not_stored(self):
        """?q= on a summary page and ?page= on the home page make no new entries."""
        for url, name in (
            (self.piece.get_absolute_url(), "q"),
            (self.piece.get_absolute_url(), "page"),
            (reverse("articles:home"), "page"),
            (reverse("articles:search"), "tag"),
        ):
            with self.subTest(url=url, parameter=name):
                for n in range(2):
                    response = self.client.get(url, {name: f"{n + 2}"})
                    self.assertEqual(response.status_code, 200)
                    self.assertNotIn("X-Cache", response)

    def test_parameters_a_page_reads_are_stored(self):
        """The search reads q, the members directory reads country."""
        for url, query in (
            (reverse("articles:search"), {"q": "restraint"}),
            (reverse("members:member-list"), {"country": "KR"}),
        ):
            with self.subTest(url=url):
                self.client.get(url, query)
                self.assertEqual(self.client.get(url, query)["X-Cache"], "hit")

    def test_the_order_of_query_parameters_does_not_matter(self):
        """?kind=...&page=1 and ?page=1&kind=... are one stored page."""
        url = reverse("articles:commentary-list")
        self.client.get(url + "?kind=commentary&page=1")
        response = self.client.get(url + "?page=1&kind=commentary")
        self.assertEqual(response["X-Cache"], "hit")

    def test_a_new_release_starts_with_an_empty_page_cache(self):
        """Pages built by the previous code are not served after a deploy."""
        with override_settings(RELEASE="r1"):
            self.client.get("/")
            self.assertEqual(self.client.get("/")["X-Cache"], "hit")
        with override_settings(RELEASE="r2"):
            self.assertEqual(self.client.get("/")["X-Cache"], "miss")

    def test_hosts_are_stored_apart(self):
        """The same path on another allowed host is another page."""
        self.client.get("/", headers={"host": "localhost"})
        response = self.client.get("/", headers={"host": "127.0.0.1"})
        self.assertEqual(response["X-Cache"], "miss")

    def test_a_missing_page_is_not_stored(self):
        """A 404 is rendered afresh each time."""
        self.client.get("/commentaries/no-such-piece/")
        response = self.client.get("/commentaries/no-such-piece/")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("X-Cache", response)

    def test_the_schedule_is_read_once_per_change(self):
        """After a change, the first page stored reads the schedule; the next don't."""
        detail = self.piece.get_absolute_url()
        other = make_commentary().get_absolute_url()
        # A summary page's own queries (tests/articles/test_views.py): its
        # row on every visit; its authors and tags, and three more for what
        # it offers next, remembered; the first of those reads the schedule.
        with override_settings(PAGE_CACHE_SECONDS=0):
            with self.assertNumQueries(1 + 2 + 3 + 1):
                self.client.get(detail)
        # Stored now, with the schedule already read in this generation.
        with self.assertNumQueries(1):
            self.client.get(detail)
        # No author and no tag: only its translations to look for.
        with self.assertNumQueries(1 + 2 + 1):
            self.client.get(other)

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_a_new_related_piece_is_offered_once_it_is_published(self):
        """What a summary page offers next is remembered only until a change."""
        url = self.piece.get_absolute_url()
        self.assertNotContains(self.client.get(url), "Deterrence Without Illusions")
        with committed():
            make_commentary(title="Deterrence Without Illusions", authors=[self.member])
        self.assertContains(self.client.get(url), "Deterrence Without Illusions")

    def test_the_file_cache_of_a_single_server_serves_pages_too(self):
        """The default without CACHE_URL stores, serves and invalidates pages."""
        folder = tempfile.mkdtemp(prefix="fulcrum-cache-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        backend = "django.core.cache.backends.filebased.FileBasedCache"
        url = self.piece.get_absolute_url()
        with override_settings(
            CACHES={"default": {"BACKEND": backend, "LOCATION": folder}}
        ):
            first = self.client.get(url)
            with self.assertNumQueries(0):
                second = self.client.get(url)
            self.assertEqual(second.content, first.content)
            self.piece.title = "Restraint, Revisited"
            with committed():
                self.piece.save()
            self.assertContains(self.client.get(url), "Restraint, Revisited")

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_page_cache_seconds_zero_turns_the_cache_off(self):
        """With PAGE_CACHE_SECONDS=0 every visit renders the page."""
        url = self.piece.get_absolute_url()
        self.client.get(url)
        # The summary page's own row; its authors, tags and what it offers
        # next remembered (tests/articles/test_views.py).
        with self.assertNumQueries(1):
            response = self.client.get(url)
        self.assertNotIn("X-Cache", response)

    def test_a_page_expires_after_page_cache_seconds(self):
        """A stored page is rendered again once its lifetime has passed."""
        url = self.piece.get_absolute_url()
        self.cache_pages(url)
        later = timezone.now() + datetime.timedelta(seconds=601)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.assertEqual(self.client.get(url)["X-Cache"], "miss")


class EditorTests(PageCacheTestCase):
    """Signed-in editors neither get stored pages nor store theirs."""

    def test_editors_get_fresh_pages(self):
        """An editor's visit to a stored page renders it."""
        url = reverse("articles:commentary-list")
        self.cache_pages(url)
        response = self.editor_client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("X-Cache", response)
        self.assertEqual(response["Cache-Control"], "private, no-cache")

    def test_an_editors_visit_stores_nothing(self):
        """The next reader after an editor still has the page rendered for them."""
        url = "/"
        self.editor_client.get(url)
        self.assertEqual(self.client.get(url)["X-Cache"], "miss")

    def test_a_preview_is_never_shown_to_readers(self):
        """A draft previewed by an editor stays a 404 for readers."""
        draft = make_commentary(title="Unreleased", status=Commentary.Status.DRAFT)
        url = draft.get_absolute_url()
        preview = self.editor_client.get(url)
        self.assertContains(preview, "preview-banner")
        response = self.client.get(url)
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Unreleased", status_code=404)


class StoreRulesTests(TestCase):
    """Only responses anyone may share are stored."""

    def middleware(self, view):
        return pagecache.PageCacheMiddleware(view)

    def visits(self, make_response):
        """Return how many of two identical requests reached the view."""
        calls = []

        def view(request):
            calls.append(request)
            return make_response()

        middleware = self.middleware(view)
        for _ in range(2):
            middleware(RequestFactory().get("/somewhere/"))
        return len(calls)

    def public(self, status=200):
        response = HttpResponse("page", status=status)
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    def test_a_public_page_is_stored(self):
        """A public 200 reaches the view once."""
        self.assertEqual(self.visits(self.public), 1)

    def test_a_page_that_sets_a_cookie_is_not_stored(self):
        """Set-Cookie belongs to one visitor."""

        def with_cookie():
            response = self.public()
            response.set_cookie("csrftoken", "x")
            return response

        self.assertEqual(self.visits(with_cookie), 2)

    def test_private_and_unmarked_pages_are_not_stored(self):
        """Private, no-store, no-cache or no Cache-Control at all: not stored."""
        for value in ("private", "public, no-store", "no-cache, public", None):
            with self.subTest(cache_control=value):

                def page(value=value):
                    response = HttpResponse("page")
                    if value:
                        response["Cache-Control"] = value
                    return response

                self.assertEqual(self.visits(page), 2)

    def test_a_page_with_a_csp_nonce_is_not_stored(self):
        """A nonce is for one response only; a page that uses none is stored."""
        for text, views in (("{{ csp_nonce }}", 2), ("no nonce", 1)):
            with self.subTest(text=text):
                cache.clear()
                calls = []

                def view(request, text=text, calls=calls):
                    calls.append(request)
                    response = self.public()
                    context = RequestContext(request)
                    response.content = Template(text).render(context)
                    return response

                middleware = ContentSecurityPolicyMiddleware(self.middleware(view))
                for _ in range(2):
                    middleware(RequestFactory().get("/somewhere/"))
                self.assertEqual(len(calls), views)

    def test_errors_are_not_stored(self):
        """404 and 500 answers reach the view every time."""
        for status in (404, 500):
            with self.subTest(status=status):
                self.assertEqual(self.visits(lambda s=status: self.public(s)), 2)

    def test_session_cookie_or_admin_path_bypasses_the_cache(self):
        """Requests with a session, credentials, or for the admin are never served stored."""
        calls = []

        def view(request):
            calls.append(request)
            return self.public()

        middleware = self.middleware(view)
        factory = RequestFactory()
        requests = [
            lambda: factory.get("/", HTTP_COOKIE="sessionid=abc"),
            lambda: factory.get("/", HTTP_AUTHORIZATION="Basic eDp5"),
            lambda: factory.get("/admin/"),
            lambda: factory.post("/"),
        ]
        for make_request in requests:
            calls.clear()
            middleware(make_request())
            middleware(make_request())
            self.assertEqual(len(calls), 2)


class InvalidationTests(PageCacheTestCase):
    """Each change a reader would see reaches them on their next visit."""

    def test_publishing_from_the_list_shows_the_piece(self):
        """Publish now: home, list and tag page show the piece at once."""
        draft = make_commentary(
            title="Fresh Voices on Deterrence",
            authors=[self.member],
            tags=["Nonproliferation"],
            status=Commentary.Status.DRAFT,
        )
        tag_url = reverse("articles:tag-detail", args=[self.tag.slug])
        urls = ["/", reverse("articles:commentary-list"), tag_url]
        self.cache_pages(*urls)
        self.run_action("publish_now", draft)
        for url in urls:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Fresh Voices on Deterrence")

    def test_a_title_edited_in_the_change_form_shows_everywhere(self):
        """The new title is on the summary page, home and the member's page."""
        from tests.articles.test_admin import commentary_form

        urls = ["/", self.piece.get_absolute_url(), self.member.get_absolute_url()]
        self.cache_pages(*urls)
        data = commentary_form(
            self.piece,
            title="Restraint, Revisited",
            outlet=self.outlet.pk,
            image=self.image.pk,
            tags="Nonproliferation",
        )
        with committed():
            response = self.editor_client.post(change_url(self.piece), data)
        self.assertEqual(response.status_code, 302)
        for url in urls:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Restraint, Revisited")

    def test_withdrawing_takes_the_piece_down(self):
        """Withdraw: the summary page is gone and home no longer lists it."""
        detail = self.piece.get_absolute_url()
        self.cache_pages("/", detail)
        self.run_action("withdraw", self.piece)
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.assertNotContains(self.client.get("/"), "Nuclear Restraint")

    def test_unpublishing_takes_the_piece_down(self):
        """Back to draft: the summary page and the feed drop it."""
        detail = self.piece.get_absolute_url()
        feed = reverse("articles:feed")
        self.cache_pages(detail, feed)
        self.run_action("unpublish", self.piece)
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.assertNotContains(self.client.get(feed), "Nuclear Restraint")

    def test_a_member_renamed_in_the_admin_is_renamed_on_every_page(self):
        """The member's page and the pieces they wrote show the new name."""
        urls = [self.member.get_absolute_url(), self.piece.get_absolute_url()]
        self.cache_pages(*urls)
        data = {
            "name": "Chung-in Moon",
            "given_name": "",
            "family_name": "",
            "native_name": "",
            "native_name_language": "",
            "honorific": "",
            "slug": self.member.slug,
            "position": self.member.position,
            "country": self.member.country,
            "category": "",
            "bio": "",
            "photo": "",
            "is_active": "on",
        }
        for prefix in ("aliases", "links"):
            data.update(
                {
                    f"{prefix}-TOTAL_FORMS": "0",
                    f"{prefix}-INITIAL_FORMS": "0",
                    f"{prefix}-MIN_NUM_FORMS": "0",
                    f"{prefix}-MAX_NUM_FORMS": "1000",
                }
            )
        with committed():
            response = self.editor_client.post(change_url(self.member), data)
        self.assertEqual(response.status_code, 302)
        for url in urls:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Chung-in Moon")

    def test_an_outlet_renamed_in_the_admin_is_renamed_on_every_page(self):
        """The outlet's page and its pieces show the new name."""
        urls = [self.outlet.get_absolute_url(), self.piece.get_absolute_url()]
        self.cache_pages(*urls)
        with committed():
            response = self.editor_client.post(
                change_url(self.outlet),
                {
                    "name": "JoongAng Daily",
                    "label": "",
                    "slug": self.outlet.slug,
                    "kind": "publication",
                    "homepage_url": "",
                },
            )
        self.assertEqual(response.status_code, 302)
        for url in urls:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "JoongAng Daily")
                self.assertNotContains(self.client.get(url), "Korea JoongAng Daily")

    def test_a_new_image_credit_shows_on_the_summary_page(self):
        """The credit travels with the image to the pages that show it."""
        url = self.piece.get_absolute_url()
        self.cache_pages(url)
        self.image.credit = "Office of the President"
        with committed():
            self.image.save()
        self.assertContains(self.client.get(url), "Office of the President")

    def test_a_tag_renamed_in_the_admin_is_renamed_on_its_page(self):
        """The tag page and the summary page show the new name."""
        tag_url = reverse("articles:tag-detail", args=[self.tag.slug])
        urls = [tag_url, self.piece.get_absolute_url()]
        self.cache_pages(*urls)
        with committed():
            response = self.editor_client.post(
                change_url(self.tag),
                {"name": "Non-proliferation", "slug": self.tag.slug},
            )
        self.assertEqual(response.status_code, 302)
        for url in urls:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Non-proliferation")

    def test_merging_tags_moves_pieces_onto_the_kept_tag_page(self):
        """After a merge the kept tag's page lists the merged tag's pieces."""
        other = make_commentary(title="Arms Control Talks", tags=["Arms control"])
        kept = reverse("articles:tag-detail", args=[self.tag.slug])
        self.cache_pages(kept)
        merged = Tag.objects.get(name="Arms control")
        with committed():
            response = self.editor_client.post(
                reverse("admin:taggit_tag_changelist"),
                {
                    "action": "merge_tags",
                    "_selected_action": [self.tag.pk, merged.pk],
                    "apply": "1",
                    "target": self.tag.pk,
                },
            )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(kept), other.title)

    def test_a_scheduled_piece_appears_the_moment_its_time_comes(self):
        """Home, the list and its tag page show it once its time has passed."""
        publish_at = timezone.now() + datetime.timedelta(hours=1)
        make_commentary(
            title="Scheduled Insight",
            tags=["Nonproliferation"],
            published_at=publish_at,
        )
        tag_url = reverse("articles:tag-detail", args=[self.tag.slug])
        urls = ["/", reverse("articles:commentary-list"), tag_url]
        self.cache_pages(*urls)
        for url in urls:
            self.assertNotContains(self.client.get(url), "Scheduled Insight")
        after = publish_at + datetime.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=after):
            for url in urls:
                with self.subTest(url=url):
                    self.assertContains(self.client.get(url), "Scheduled Insight")

    def test_a_piece_comes_down_the_moment_its_unpublish_time_passes(self):
        """Its summary page is gone and home no longer lists it."""
        unpublish_at = timezone.now() + datetime.timedelta(hours=2)
        self.piece.unpublish_at = unpublish_at
        self.piece.save()
        detail = self.piece.get_absolute_url()
        self.cache_pages("/", detail)
        after = unpublish_at + datetime.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=after):
            self.assertEqual(self.client.get(detail).status_code, 404)
            self.assertNotContains(self.client.get("/"), "Nuclear Restraint")

    def test_an_import_that_only_adds_tags_updates_the_tag_page(self):
        """Imported tags (bulk writes, no signals) reach the tag page at once."""
        untagged = make_commentary(title="Imported Thoughts", slug="imported")
        tag_url = reverse("articles:tag-detail", args=[self.tag.slug])
        self.cache_pages(tag_url)
        folder = Path(tempfile.mkdtemp(prefix="fulcrum-cache-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "r.json"
        record = {"title": untagged.title, "slug": "imported", "tags": [self.tag.name]}
        document = {"format": "fulcrum-commentaries", "version": 1}
        path.write_text(json.dumps({**document, "commentaries": [record]}))
        with committed():
            call_command(
                "import_commentaries", str(path), stdout=io.StringIO(), verbosity=0
            )
        self.assertContains(self.client.get(tag_url), "Imported Thoughts")


class OnCommitTests(TestCase):
    """Writers make pages stale after they commit, once per transaction.

    A TestCase's own transaction never commits: captureOnCommitCallbacks
    (execute=True) runs what a commit would at the end of its block.
    """

    def count_bumps(self):
        bumps = mock.patch.object(pagecache, "bump", wraps=pagecache.bump)
        self.addCleanup(bumps.stop)
        return bumps.start()

    def test_pages_go_stale_when_the_transaction_commits(self):
        """Until the commit, readers still get the stored pages."""
        before = generation()
        bumps = self.count_bumps()
        with self.captureOnCommitCallbacks(execute=True):
            with transaction.atomic():
                make_member()
                make_outlet()
                self.assertEqual(generation(), before)
        self.assertNotEqual(generation(), before)
        self.assertEqual(bumps.call_count, 1)

    def test_a_batch_of_many_writes_queues_one_bump_after_them(self):
        """An import's thousands of rows queue one callback, not one each."""
        before = generation()
        bumps = self.count_bumps()
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            with transaction.atomic(), pagecache.batch():
                for n in range(5):
                    make_outlet(name=f"Outlet {n}")
                    make_member(name=f"Member {n}")
                self.assertEqual(generation(), before)
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(bumps.call_count, 1)
        self.assertNotEqual(generation(), before)

    def test_a_batch_that_fails_queues_nothing(self):
        """Its transaction rolls back: readers' pages stay."""
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            with self.assertRaises(RuntimeError), transaction.atomic():
                with pagecache.batch():
                    make_outlet()
                    raise RuntimeError
        self.assertEqual(callbacks, [])

    def test_a_rolled_back_change_leaves_pages_alone(self):
        """Nothing changed for readers, so nothing is thrown away."""
        cache.set(pagecache.GENERATION_KEY, "current")
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    make_member()
                    raise RuntimeError("abandon the change")
            except RuntimeError:
                pass
        self.assertEqual((generation(), callbacks), ("current", []))

    def test_a_transaction_after_a_rolled_back_one_still_invalidates(self):
        """The rolled-back writes' pending bump does not stand in for the next."""
        cache.set(pagecache.GENERATION_KEY, "current")
        with self.captureOnCommitCallbacks(execute=True):
            with self.assertRaises(RuntimeError), transaction.atomic():
                make_member()
                raise RuntimeError("abandon the change")
            with transaction.atomic():
                make_outlet()
        self.assertNotEqual(generation(), "current")

    def test_a_savepoint_rolled_back_after_another_write_still_invalidates(self):
        """Writes kept around a rolled-back savepoint still bump, once."""
        cache.set(pagecache.GENERATION_KEY, "current")
        bumps = self.count_bumps()
        with self.captureOnCommitCallbacks(execute=True):
            with transaction.atomic():
                make_member()
                with self.assertRaises(RuntimeError), transaction.atomic():
                    make_outlet()
                    raise RuntimeError("abandon the inner change")
        self.assertNotEqual(generation(), "current")
        self.assertEqual(bumps.call_count, 1)

    def test_a_savepoint_rolled_back_before_another_write_still_invalidates(self):
        """The same when the only write kept comes after the rollback."""
        cache.set(pagecache.GENERATION_KEY, "current")
        with self.captureOnCommitCallbacks(execute=True):
            with transaction.atomic():
                with self.assertRaises(RuntimeError), transaction.atomic():
                    make_outlet()
                    raise RuntimeError("abandon the inner change")
                make_member()
        self.assertNotEqual(generation(), "current")

    def test_each_transaction_invalidates_again(self):
        """A second transaction after the first commits bumps again."""
        seen = set()
        for _ in range(2):
            with self.captureOnCommitCallbacks(execute=True):
                with transaction.atomic():
                    make_member()
            seen.add(generation())
        self.assertEqual(len(seen), 2)


class CommitTests(TransactionTestCase):
    """The same with real commits, and outside any transaction."""

    def test_a_write_outside_a_transaction_invalidates_at_once(self):
        """In autocommit each write is committed as it is made."""
        before = generation()
        make_outlet()
        after = generation()
        self.assertNotEqual(after, before)
        pagecache.invalidate()
        self.assertNotEqual(generation(), after)

    def test_one_bump_per_committed_transaction(self):
        """Many rows, one bump, after the commit; none for a rollback."""
        cache.set(pagecache.GENERATION_KEY, "current")
        with mock.patch.object(pagecache, "bump", wraps=pagecache.bump) as bumps:
            with self.assertRaises(RuntimeError), transaction.atomic():
                make_member()
                raise RuntimeError("abandon the change")
            self.assertEqual((generation(), bumps.call_count), ("current", 0))
            with transaction.atomic():
                make_member()
                make_outlet()
                self.assertEqual(generation(), "current")
            self.assertNotEqual(generation(), "current")
            self.assertEqual(bumps.call_count, 1)


class LostCacheTests(PageCacheTestCase):
    """A lost cache degrades to uncached pages, not errors."""

    def check_site_without_cache(self):
        urls = ["/", self.piece.get_absolute_url(), reverse("articles:feed")]
        with self.assertLogs("core.pagecache", logging.WARNING):
            for url in urls:
                for _ in range(2):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertNotIn("X-Cache", response)
            self.run_action("withdraw", self.piece)
        self.assertEqual(self.client.get(urls[1]).status_code, 404)

    @override_settings(CACHES={"default": {"BACKEND": f"{__name__}.BrokenCache"}})
    def test_pages_and_edits_work_when_every_cache_call_fails(self):
        """Readers get rendered pages and editors can still publish."""
        self.check_site_without_cache()

    def test_pages_and_edits_work_with_redis_down(self):
        """The same with Django's RedisCache pointed at a server that is not there."""
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": dead_redis_url(),
                "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            }
        }
        with override_settings(CACHES=caches, SESSION_ENGINE="core.sessions"):
            self.editor_client.force_login(self.editor)
            self.check_site_without_cache()

    def test_a_failed_invalidation_is_retried_on_the_next_request(self):
        """Pages stored before a failed bump are not served after it."""
        url = self.piece.get_absolute_url()
        self.cache_pages(url)
        with (
            mock.patch.object(pagecache, "cache", BrokenCache("", {})),
            self.assertLogs("core.pagecache", logging.WARNING),
            committed(),
        ):
            pagecache.invalidate()
        self.assertEqual(self.client.get(url)["X-Cache"], "miss")


class SessionsWithoutCacheTests(PageCacheTestCase):
    """Editors sign in, work and sign out while the cache is lost."""

    @override_settings(
        CACHES={"default": {"BACKEND": f"{__name__}.BrokenCache"}},
        SESSION_ENGINE="core.sessions",
    )
    def test_editors_sign_in_and_out_without_the_cache(self):
        """Sessions fall back to the database for every step."""
        client = Client()
        with self.assertLogs("core.sessions", logging.WARNING):
            client.force_login(self.editor)
            response = client.get(reverse("admin:index"))
            self.assertEqual(response.status_code, 200)
            client.post(reverse("admin:logout"))
        response = client.get(reverse("admin:index"))
        self.assertEqual(response.status_code, 302)


def settings_in_subprocess(**env):
    """Return (cache backend, cache location, session engine) for an environment."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "REDIS_URL", "PAGE_CACHE_SECONDS", "FULCRUM_ENV"}
    }
    environ.update(env)
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "c = settings.CACHES['default']; print(json.dumps([c['BACKEND'], "
        "str(c.get('LOCATION', '')), settings.SESSION_ENGINE, "
        "settings.PAGE_CACHE_SECONDS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environ, "DJANGO_SETTINGS_MODULE": "fulcrum.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result


class RecordingCache:
    def __init__(self):
        self.timeouts = {}

    def get(self, key, default=None):
        return default

    def set(self, key, value, timeout=None):
        self.timeouts[key] = timeout

    def delete(self, key):
        raise ConnectionError("cache server unreachable")

    def __contains__(self, key):
        return False


class CachedSessionLifetimeTests(TestCase):
    """A session's cached copy cannot outlive a sign-out by long."""

    @override_settings(SESSION_CACHE_SECONDS=300)
    def test_a_cached_session_copy_lives_at_most_session_cache_seconds(self):
        """Two-week sessions are cached for five minutes, and sign-out still works."""
        from core.sessions import SessionStore

        store = SessionStore()
        recording = RecordingCache()
        store._cache.cache = recording
        store["editor"] = 1
        store.save(must_create=True)
        self.assertEqual(list(recording.timeouts.values()), [300])
        key = store.session_key
        store.delete()  # The cache is unreachable; the row still goes.
        self.assertFalse(SessionStore().exists(key))


@pytest.mark.slow  # Each test starts manage.py with other settings.
class CacheSettingsTests(TestCase):
    """CACHE_URL (or REDIS_URL) selects Redis; otherwise a per-server file cache."""

    def read(self, **env):
        result = settings_in_subprocess(**env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_cache_url_selects_redis_and_cached_database_sessions(self):
        """Pages and sessions are shared by every app server."""
        backend, location, sessions, _ = self.read(CACHE_URL="redis://cache:6379/1")
        self.assertEqual(backend, "django.core.cache.backends.redis.RedisCache")
        self.assertEqual(location, "redis://cache:6379/1")
        self.assertEqual(sessions, "core.sessions")

    def test_redis_url_is_an_alias(self):
        """REDIS_URL, as many hosts name it, works the same."""
        backend, location, _, _ = self.read(REDIS_URL="rediss://cache:6380/0")
        self.assertEqual(
            (backend, location),
            ("django.core.cache.backends.redis.RedisCache", "rediss://cache:6380/0"),
        )

    def test_without_cache_url_the_workers_share_a_file_cache(self):
        """One server's worker processes all see one invalidation."""
        with tempfile.TemporaryDirectory() as var:
            backend, location, sessions, seconds = self.read(FULCRUM_VAR_DIR=var)
        self.assertEqual(backend, "django.core.cache.backends.filebased.FileBasedCache")
        self.assertEqual(location, str(Path(var) / "cache"))
        self.assertEqual(sessions, "django.contrib.sessions.backends.db")
        self.assertEqual(seconds, 600)

    def test_another_kind_of_cache_url_is_refused(self):
        """A memcached:// URL stops the site with a clear message."""
        result = settings_in_subprocess(CACHE_URL="memcached://cache:11211")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CACHE_URL must be a redis://", result.stderr)

    def test_page_cache_seconds_comes_from_the_environment(self):
        """PAGE_CACHE_SECONDS=0 (the benchmark's cold runs) reaches the settings."""
        self.assertEqual(self.read(PAGE_CACHE_SECONDS="0")[3], 0)
