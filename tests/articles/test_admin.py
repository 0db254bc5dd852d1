"""The editors' admin for commentaries, outlets and images."""

import datetime

from django.contrib import admin
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.admin import CommentaryAdmin
from articles.models import Commentary, Outlet
from images.admin import ImageAdmin, credit_html, thumbnail_html
from images.models import Image
from tests.factories import (
    image_upload,
    make_commentary,
    make_image,
    make_member,
    make_outlet,
    make_user,
)

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=3)
FUTURE = NOW + datetime.timedelta(days=3)
CHANGELIST = reverse("admin:articles_commentary_changelist")
ADD = reverse("admin:articles_commentary_add")
ROLES = {
    "contributor": {"groups": ["Contributors"]},
    "editor": {"groups": ["Editors"]},
    "superuser": {"is_superuser": True},
}


def change_url(obj):
    return reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
    )


def author_rows(rows, initial=0):
    """Return the POST data of the authors inline; rows are dicts of fields."""
    data = {
        "authorships-TOTAL_FORMS": str(len(rows)),
        "authorships-INITIAL_FORMS": str(initial),
        "authorships-MIN_NUM_FORMS": "0",
        "authorships-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        fields = {"position": "", "member": "", "name": "", "affiliation": ""}
        fields.update({"role": "", "url": "", "id": ""})
        fields.update(row)
        for name, value in fields.items():
            if value is not None:
                data[f"authorships-{index}-{name}"] = str(value)
    return data


def commentary_form(commentary=None, authors=(), **fields):
    """Return the POST data of the commentary change form, as if re-submitted."""
    data = {
        "title": "Japan and Southeast Asia",
        "slug": "",
        "kind": "commentary",
        "outlet": "",
        "full_article_url": "https://example.org/piece",
        "link_line": "full",
        "original_published_on": "",
        "original_published_precision": "day",
        "lede_override": "",
        "summary": "<p>They argue that dialogue matters.</p>",
        "image": "",
        "tags": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    if commentary is not None:
        local = (
            timezone.localtime(commentary.published_at)
            if commentary.published_at
            else None
        )
        data.update(
            {
                "title": commentary.title,
                "slug": commentary.slug,
                "kind": commentary.kind,
                "outlet": commentary.outlet_id or "",
                "full_article_url": commentary.full_article_url,
                "summary": commentary.summary,
                "status": commentary.status,
                "published_at_0": f"{local:%Y-%m-%d}" if local else "",
                "published_at_1": f"{local:%H:%M:%S}" if local else "",
            }
        )
        if commentary.is_featured:
            data["is_featured"] = "on"
    rows = [
        {
            "id": a.pk,
            "commentary": commentary.pk,
            "position": a.position,
            "member": a.member_id or "",
            "name": a.name,
        }
        for a in (commentary.ordered_authorships() if commentary else [])
    ]
    data.update(author_rows([*rows, *authors], initial=len(rows)))
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def local_parts(moment):
    local = timezone.localtime(moment)
    return {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M}"}


def author_names(commentary):
    return [a.display_name for a in commentary.ordered_authorships()]


class AdminPagesLoadTests(TestCase):
    """Every page of every articles model opens for a superuser."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(is_superuser=True)
        cls.image = make_image()
        cls.outlet = make_outlet()
        cls.commentary = make_commentary(
            authors=[make_member(), "Pham Thi Phuong Thao"],
            tags=["nuclear"],
            outlet=cls.outlet,
            image=cls.image,
        )

    def setUp(self):
        self.client.force_login(self.user)

    def test_changelist_add_and_change_pages_load(self):
        """Changelist, add and change pages answer 200 for each model."""
        for obj in (self.commentary, self.outlet, self.image):
            opts = obj._meta
            for url in (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
                change_url(obj),
            ):
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_changelist_loads_with_every_filter_and_a_search(self):
        """Each filter and the search give a working page."""
        member = self.commentary.authorships.get(position=0).member
        for query, found in (
            ({"visibility": "draft"}, False),
            ({"visibility": "scheduled"}, False),
            ({"visibility": "published"}, True),
            ({"visibility": "withdrawn"}, False),
            ({"outlet__id__exact": self.outlet.pk}, True),
            ({"kind__exact": "commentary"}, True),
            ({"kind__exact": "podcast"}, False),
            ({"tag": "nuclear"}, True),
            ({"member": member.pk}, True),
            ({"published_at__year": timezone.localtime(NOW).year}, True),
            ({"q": "Phuong"}, True),
            ({"q": "nobody-at-all"}, False),
            ({"o": "2"}, True),
            ({"o": "-3"}, True),
            ({"o": "5.1"}, True),
        ):
            with self.subTest(query=query):
                response = self.client.get(CHANGELIST, query)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    [c.pk for c in response.context["cl"].result_list],
                    [self.commentary.pk] if found else [],
                )

    def test_change_page_shows_generated_lede_beside_the_override(self):
        """The generated lede is read-only, next to the editable lede field."""
        response = self.client.get(change_url(self.commentary))
        self.assertContains(response, self.commentary.generated_lede)
        self.assertContains(response, 'name="lede_override"')
        self.assertContains(response, "Leave the lede beside it blank")
        self.assertNotContains(response, 'name="generated_lede_display"')

    def test_change_page_links_to_the_piece_on_the_site(self):
        """ "View on site" leads to the public page (a preview for drafts)."""
        response = self.client.get(change_url(self.commentary))
        self.assertContains(response, "View on site")

    def test_change_page_loads_the_author_ordering_script(self):
        """The self-hosted ordering script and styles come with the form."""
        response = self.client.get(change_url(self.commentary))
        self.assertContains(response, "/static/admin/fulcrum/inline-order.js")
        self.assertContains(response, "/static/admin/fulcrum/admin.css")
        self.assertContains(response, "fulcrum-orderable")

    def test_authors_come_before_the_lede_they_generate(self):
        """The authors inline sits after the main fields, above the lede."""
        html = self.client.get(change_url(self.commentary)).content.decode()
        authors = html.index('id="authorships-group"')
        self.assertLess(html.index('name="full_article_url"'), authors)
        self.assertLess(authors, html.index('name="lede_override"'))

    def test_outlet_changelist_counts_pieces(self):
        """The outlet list shows how many pieces each outlet has."""
        make_commentary(outlet=self.outlet, status=Commentary.Status.DRAFT)
        response = self.client.get(reverse("admin:articles_outlet_changelist"))
        self.assertContains(response, '<td class="field-commentary_count">2</td>')

    def test_outlet_spelt_in_other_capitals_is_refused(self):
        """ "KOREA JOONGANG DAILY" is the outlet "Korea JoongAng Daily"."""
        make_outlet(name="Korea JoongAng Daily")
        response = self.client.post(
            reverse("admin:articles_outlet_add"),
            {"name": "KOREA JOONGANG DAILY", "slug": "", "kind": "publication"},
        )
        self.assertContains(response, "already exists")
        self.assertEqual(
            Outlet.objects.filter(name__iexact="korea joongang daily").count(), 1
        )

    def test_image_add_page_accepts_only_images(self):
        """The file input asks the browser for images."""
        response = self.client.get(reverse("admin:images_image_add"))
        self.assertContains(
            response, 'accept="image/jpeg,image/png,image/gif,image/webp,'
        )


class CommentaryAuthorsTests(TestCase):
    """Authors are saved in the order the editor gives."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(groups=["Editors"])
        cls.member = make_member(name="Hoang Thi Ha")
        cls.other = make_member(name="Moon Chung-in")

    def setUp(self):
        self.client.force_login(self.user)

    def test_add_saves_a_member_and_an_outside_author_in_order(self):
        """Adding a piece with two authors stores both, in the given order."""
        data = commentary_form(
            authors=[
                {"position": 0, "member": self.member.pk},
                {"position": 1, "name": "Pham Thi Phuong Thao"},
            ]
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 302, response.context and [
            response.context["adminform"].form.errors,
            response.context["inline_admin_formsets"][0].formset.errors,
        ])  # fmt: skip
        commentary = Commentary.objects.get(title="Japan and Southeast Asia")
        self.assertEqual(
            author_names(commentary), ["Hoang Thi Ha", "Pham Thi Phuong Thao"]
        )
        self.assertEqual([a.position for a in commentary.ordered_authorships()], [0, 1])
        self.assertEqual(commentary.created_by, self.user)
        self.assertEqual(commentary.updated_by, self.user)
        self.assertEqual(commentary.slug, "japan-and-southeast-asia")

    def test_positions_decide_the_order_not_the_rows(self):
        """A row numbered first comes first, whatever its place in the form."""
        data = commentary_form(
            authors=[
                {"position": 1, "member": self.member.pk},
                {"position": 0, "name": "Pham Thi Phuong Thao"},
            ]
        )
        self.assertEqual(self.client.post(ADD, data).status_code, 302)
        commentary = Commentary.objects.get()
        self.assertEqual(
            author_names(commentary), ["Pham Thi Phuong Thao", "Hoang Thi Ha"]
        )

    def test_reorder_through_the_change_form_saves_the_new_order(self):
        """Renumbering existing authors saves the new order, from 0 up."""
        commentary = make_commentary(authors=[self.member, "Outside One", self.other])
        data = commentary_form(commentary)
        first, second, third = commentary.ordered_authorships()
        # The script numbers rows in the order shown: third, first, second.
        data["authorships-2-position"] = "0"
        data["authorships-0-position"] = "1"
        data["authorships-1-position"] = "2"
        response = self.client.post(change_url(commentary), data)
        self.assertEqual(response.status_code, 302)
        commentary.refresh_from_db()
        self.assertEqual(
            author_names(Commentary.objects.get(pk=commentary.pk)),
            ["Moon Chung-in", "Hoang Thi Ha", "Outside One"],
        )
        self.assertEqual(
            list(commentary.authorships.values_list("position", flat=True)), [0, 1, 2]
        )

    def test_new_author_without_a_position_goes_last(self):
        """An author added without a number is placed after the others."""
        commentary = make_commentary(authors=[self.member])
        data = commentary_form(commentary, authors=[{"name": "Late Addition"}])
        self.assertEqual(
            self.client.post(change_url(commentary), data).status_code, 302
        )
        self.assertEqual(
            author_names(Commentary.objects.get(pk=commentary.pk)),
            ["Hoang Thi Ha", "Late Addition"],
        )

    def test_removing_an_author_closes_the_gap(self):
        """Deleting the first author renumbers the rest from 0."""
        commentary = make_commentary(authors=[self.member, "Outside One", self.other])
        data = commentary_form(commentary, **{"authorships-0-DELETE": "on"})
        self.assertEqual(
            self.client.post(change_url(commentary), data).status_code, 302
        )
        self.assertEqual(
            list(commentary.authorships.values_list("name", "position")),
            [("Outside One", 0), ("", 1)],
        )

    def test_empty_extra_rows_do_not_fail_validation(self):
        """Blank rows, even numbered by the script, are skipped, not errors."""
        data = commentary_form(
            authors=[
                {"position": 0, "member": self.member.pk},
                {"position": 1},
                {"position": ""},
            ]
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(author_names(Commentary.objects.get()), ["Hoang Thi Ha"])

    def test_a_row_needs_a_member_or_a_name(self):
        """A row with only an affiliation asks for an author."""
        data = commentary_form(authors=[{"position": 0, "affiliation": "ISEAS"}])
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Choose a member or type an outside author.")
        self.assertFalse(Commentary.objects.exists())

    def test_the_same_member_twice_is_refused_with_a_message(self):
        """Listing one member twice is a form error, not a crash."""
        data = commentary_form(
            authors=[
                {"position": 0, "member": self.member.pk},
                {"position": 1, "member": self.member.pk},
            ]
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hoang Thi Ha is listed twice.")
        self.assertFalse(Commentary.objects.exists())


class ActionTests(TestCase):
    """Editors publish, unpublish and withdraw from the list."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(groups=["Editors"])

    def setUp(self):
        self.client.force_login(self.editor)

    def run_action(self, action, *commentaries):
        return self.client.post(
            CHANGELIST,
            {"action": action, "_selected_action": [c.pk for c in commentaries]},
            follow=True,
        )

    def test_publish_now_publishes_drafts_and_scheduled_pieces_now(self):
        """Draft and scheduled pieces go live now; a past publish time is kept."""
        # Each passes the pre-publish checks (an author, a link).
        draft = make_commentary(status=Commentary.Status.DRAFT, authors=["A. Author"])
        scheduled = make_commentary(published_at=FUTURE, authors=["A. Author"])
        withdrawn = make_commentary(
            status="withdrawn", published_at=PAST, authors=["A. Author"]
        )
        live = make_commentary(published_at=PAST, authors=["A. Author"])
        response = self.run_action("publish_now", draft, scheduled, withdrawn, live)
        self.assertContains(response, "Published 3 commentaries.")
        for piece in (draft, scheduled, withdrawn, live):
            piece.refresh_from_db()
            with self.subTest(piece=piece.title):
                self.assertTrue(piece.is_published)
                # The piece that was already live is left alone.
                self.assertEqual(
                    piece.updated_by, None if piece is live else self.editor
                )
        self.assertGreaterEqual(draft.published_at, NOW)
        self.assertLessEqual(scheduled.published_at, timezone.now())
        self.assertEqual(withdrawn.published_at, PAST)
        self.assertEqual(live.published_at, PAST)

    def test_unpublish_moves_pieces_back_to_draft(self):
        """Published and scheduled pieces become drafts."""
        live = make_commentary(published_at=PAST)
        scheduled = make_commentary(published_at=FUTURE)
        response = self.run_action("unpublish", live, scheduled)
        self.assertContains(response, "Moved 2 commentaries to draft.")
        self.assertEqual(
            set(Commentary.objects.values_list("status", flat=True)), {"draft"}
        )

    def test_withdraw_takes_a_piece_down(self):
        """Withdrawn pieces leave the public site."""
        live = make_commentary(published_at=PAST)
        response = self.run_action("withdraw", live)
        self.assertContains(response, "Withdrew 1 commentary.")
        live.refresh_from_db()
        self.assertEqual(live.status, Commentary.Status.WITHDRAWN)
        self.assertFalse(Commentary.objects.published().exists())


class PublishingPermissionTests(TestCase):
    """Only people who may publish can publish, schedule, withdraw or feature."""

    @classmethod
    def setUpTestData(cls):
        cls.users = {role: make_user(**kwargs) for role, kwargs in ROLES.items()}

    def may_publish(self, role):
        return role != "contributor"

    def test_publishing_actions_are_offered_only_to_publishers(self):
        """Contributors see no publishing action in the list."""
        make_commentary(status=Commentary.Status.DRAFT)
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.client.force_login(user)
                response = self.client.get(CHANGELIST)
                self.assertEqual(response.status_code, 200)
                for action in ("publish_now", "unpublish", "withdraw"):
                    self.assertEqual(
                        f'value="{action}"' in response.content.decode(),
                        self.may_publish(role),
                    )

    def test_status_fields_are_read_only_for_contributors(self):
        """Status, publish time and featured are inputs only for publishers."""
        commentary = make_commentary(status=Commentary.Status.DRAFT)
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.client.force_login(user)
                for url in (ADD, change_url(commentary)):
                    response = self.client.get(url)
                    html = response.content.decode()
                    for field in ('name="status"', 'name="published_at_0"'):
                        self.assertEqual(field in html, self.may_publish(role))
                    self.assertEqual(
                        'name="is_featured"' in html, self.may_publish(role)
                    )
                    self.assertContains(response, "Publishing")
                    self.assertEqual(
                        "Only editors publish" in html, not self.may_publish(role)
                    )

    def test_adding_with_status_published_saves_a_draft_for_contributors(self):
        """A contributor's POST asking to publish and feature saves a draft."""
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.client.force_login(user)
                title = f"Piece by {role}"
                data = commentary_form(
                    title=title,
                    status="published",
                    is_featured="on",
                    authors=[{"position": 0, "name": "Outside Author"}],
                    **local_parts(FUTURE),
                )
                self.assertEqual(self.client.post(ADD, data).status_code, 302)
                piece = Commentary.objects.get(title=title)
                if self.may_publish(role):
                    self.assertEqual(piece.visibility, "Scheduled")
                    self.assertTrue(piece.is_featured)
                else:
                    self.assertEqual(piece.status, Commentary.Status.DRAFT)
                    self.assertIsNone(piece.published_at)
                    self.assertFalse(piece.is_featured)
                    self.assertEqual(piece.created_by, user)

    def test_contributors_keep_the_stored_status_when_editing(self):
        """A contributor may edit a draft's text but not its status or time."""
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.client.force_login(user)
                # A piece that passes the pre-publish checks.
                piece = make_commentary(status="draft", authors=["A. Author"])
                data = commentary_form(
                    piece, title="Corrected title", status="published", is_featured="on"
                )
                data.update(local_parts(FUTURE))
                self.assertEqual(
                    self.client.post(change_url(piece), data).status_code, 302
                )
                piece.refresh_from_db()
                self.assertEqual(piece.title, "Corrected title")
                if self.may_publish(role):
                    self.assertTrue(piece.is_scheduled)
                    self.assertTrue(piece.is_featured)
                else:
                    self.assertEqual(piece.status, Commentary.Status.DRAFT)
                    self.assertIsNone(piece.published_at)
                    self.assertFalse(piece.is_featured)

    def test_contributors_cannot_edit_a_live_piece(self):
        """A contributor's edit would reach readers unreviewed: it is refused."""
        piece = make_commentary(published_at=PAST, authors=["A. Author"])
        self.client.force_login(self.users["contributor"])
        data = commentary_form(piece, title="Unreviewed change")
        self.assertEqual(self.client.post(change_url(piece), data).status_code, 403)
        piece.refresh_from_db()
        self.assertNotEqual(piece.title, "Unreviewed change")
        self.assertTrue(piece.is_published)

    def test_contributors_cannot_run_a_publishing_action_by_post(self):
        """Posting the action name anyway changes nothing."""
        draft = make_commentary(status=Commentary.Status.DRAFT)
        self.client.force_login(self.users["contributor"])
        self.client.post(
            CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        self.assertEqual(draft.status, Commentary.Status.DRAFT)

    def test_save_model_undoes_a_status_change_by_a_contributor(self):
        """Even past the form, saving keeps the stored publishing fields."""
        piece = make_commentary(published_at=PAST)
        request = RequestFactory().post("/")
        request.user = self.users["contributor"]
        model_admin = CommentaryAdmin(Commentary, admin.site)
        piece.status = Commentary.Status.WITHDRAWN
        piece.published_at = FUTURE
        piece.is_featured = True
        model_admin.save_model(request, piece, form=None, change=True)
        piece.refresh_from_db()
        self.assertEqual(
            (piece.status, piece.published_at, piece.is_featured),
            ("published", PAST, False),
        )
        new = Commentary(title="New", status="published", published_at=PAST)
        model_admin.save_model(request, new, form=None, change=False)
        new.refresh_from_db()
        self.assertEqual((new.status, new.published_at), ("draft", None))


class CommentaryChangelistTests(TestCase):
    """The list editors work from: what it shows and what it costs."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(is_superuser=True)
        cls.outlet = make_outlet(name="Fulcrum", label="FULCRUM")
        cls.image = make_image(alt_text="Leaders at a summit")

    def setUp(self):
        self.client.force_login(self.user)

    def make_pieces(self, count, authors=1, tags=1):
        members = [make_member() for _ in range(authors)]
        for _ in range(count):
            make_commentary(
                authors=members,
                tags=[f"tag {n}" for n in range(tags)],
                outlet=self.outlet,
                image=self.image,
            )

    def changelist_queries(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    # Session, user; the filtered and total counts; the rows and their
    # authorships; the first and last dates and the dates of the date
    # hierarchy. The outlet, tag and member filters search: no query until
    # one is chosen (then one each, for the chosen name).
    QUERIES = 8

    def test_changelist_costs_the_same_for_5_and_50_commentaries(self):
        """Fifty rows cost no more queries than five."""
        self.make_pieces(5)
        with self.assertNumQueries(self.QUERIES):
            self.client.get(CHANGELIST)
        self.make_pieces(45)
        with self.assertNumQueries(self.QUERIES):
            response = self.client.get(CHANGELIST)
        self.assertEqual(len(response.context["cl"].result_list), 50)

    def test_changelist_costs_the_same_for_1_and_6_authors(self):
        """More authors per piece cost no more queries."""
        self.make_pieces(3, authors=1)
        one = self.changelist_queries()
        self.make_pieces(3, authors=6)
        self.assertEqual(self.changelist_queries(), one)
        self.assertEqual(one, self.QUERIES)

    def test_changelist_costs_the_same_for_1_and_10_tags(self):
        """More tags per piece cost no more queries."""
        self.make_pieces(3, tags=1)
        one = self.changelist_queries()
        self.make_pieces(3, tags=10)
        self.assertEqual(self.changelist_queries(), one)
        self.assertEqual(one, self.QUERIES)

    def test_changelist_filtered_by_outlet_tag_and_member_costs_the_same_for_any_size(
        self,
    ):
        """Each chosen filter costs one query (its name), whatever the list."""
        member = make_member(name="Moon Chung-in")
        query = {
            "outlet__id__exact": self.outlet.pk,
            "tag": "asean",
            "member": member.pk,
        }
        for count in (2, 20):
            for _ in range(count):
                make_commentary(authors=[member], tags=["ASEAN"], outlet=self.outlet)
            with self.assertNumQueries(self.QUERIES + 3):
                response = self.client.get(CHANGELIST, query)
        self.assertEqual(response.context["cl"].result_count, 22)
        self.assertContains(response, '<option value="asean" selected>ASEAN</option>')

    def test_columns_show_authors_in_order_outlet_label_and_thumbnail(self):
        """A row shows what the piece is at a glance."""
        make_commentary(
            title="Japan and Southeast Asia",
            authors=["Zed Outside", make_member(name="Hoang Thi Ha")],
            tags=["ASEAN", "Japan"],
            outlet=self.outlet,
            image=self.image,
        )
        response = self.client.get(CHANGELIST)
        self.assertContains(
            response,
            '<td class="field-authors_display">Zed Outside, Hoang Thi Ha</td>',
            html=True,
        )
        self.assertContains(response, '<td class="field-outlet_display">FULCRUM</td>')
        self.assertContains(response, 'alt="Leaders at a summit"')

    def test_scheduled_status_is_shown_for_a_future_publish_time(self):
        """A published piece with a future time reads "Scheduled"."""
        make_commentary(title="Coming soon", published_at=FUTURE)
        make_commentary(title="Out already", published_at=PAST)
        response = self.client.get(CHANGELIST)
        self.assertContains(
            response,
            '<span class="fulcrum-status fulcrum-status-scheduled">Scheduled</span>',
            html=True,
        )
        rows = {c.title: c for c in response.context["cl"].result_list}
        model_admin = CommentaryAdmin(Commentary, admin.site)
        self.assertIn("Scheduled", model_admin.status_display(rows["Coming soon"]))
        self.assertIn("Published", model_admin.status_display(rows["Out already"]))
        scheduled = self.client.get(CHANGELIST, {"visibility": "scheduled"})
        self.assertEqual(
            [c.title for c in scheduled.context["cl"].result_list], ["Coming soon"]
        )

    def test_search_finds_a_piece_by_an_outside_author(self):
        """An outside co-author's name finds the piece."""
        make_commentary(title="Wanted", authors=["Pham Thi Phuong Thao"])
        make_commentary(title="Other")
        response = self.client.get(CHANGELIST, {"q": "Phuong Thao"})
        self.assertEqual(
            [c.title for c in response.context["cl"].result_list], ["Wanted"]
        )

    def test_search_finds_a_piece_by_a_member_once(self):
        """A member's name finds the piece, listed once when two authors match."""
        make_commentary(
            title="Wanted",
            authors=[make_member(name="Kim Won-soo"), "Kim Outside"],
        )
        make_commentary(title="Other", authors=["Someone Else"])
        response = self.client.get(CHANGELIST, {"q": "Kim"})
        self.assertEqual(
            [c.title for c in response.context["cl"].result_list], ["Wanted"]
        )
        self.assertEqual(response.context["cl"].result_count, 1)

    def test_member_filter_lists_members_and_narrows_the_list(self):
        """Filtering by a member shows only that member's pieces."""
        member = make_member(name="Moon Chung-in")
        make_commentary(title="His", authors=[member])
        make_commentary(title="Not his", authors=[make_member(name="Other Member")])
        response = self.client.get(CHANGELIST, {"member": member.pk})
        self.assertEqual([c.title for c in response.context["cl"].result_list], ["His"])
        self.assertContains(response, "Moon Chung-in")

    def test_user_text_in_the_list_is_escaped(self):
        """Titles and author names cannot inject markup."""
        make_commentary(title="<script>alert(1)</script>", authors=["<b>Bold</b>"])
        response = self.client.get(CHANGELIST)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertNotContains(response, "<b>Bold</b>")
        self.assertContains(response, "&lt;b&gt;Bold&lt;/b&gt;")


class ImageAdminTests(TestCase):
    """Images carry their credit and alt text; uploads record who made them."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(groups=["Editors"])

    def setUp(self):
        self.client.force_login(self.user)

    def test_upload_records_the_uploader(self):
        """Adding an image through the admin sets uploaded_by."""
        response = self.client.post(
            reverse("admin:images_image_add"),
            {
                "file": image_upload(),
                "alt_text": "Two ministers shake hands",
                "credit": "内閣官房内閣広報室",
                "source_url": "https://www.kantei.go.jp/",
                "licence": "government",
                "caption": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual(image.uploaded_by, self.user)
        self.assertEqual((image.width, image.height), (8, 6))

    def test_changelist_shows_thumbnail_credit_and_filters(self):
        """The list shows each image with its credit; licence filter works."""
        make_image(credit="UN Photo", licence="cc-by", alt_text="A hall")
        make_image(credit="Kyodo", licence="permission", alt_text="A port")
        response = self.client.get(
            reverse("admin:images_image_changelist"), {"licence__exact": "cc-by"}
        )
        self.assertContains(response, 'alt="A hall"')
        self.assertContains(response, "UN Photo")
        self.assertNotContains(response, "Kyodo")

    def test_search_covers_alt_text_caption_and_credit(self):
        """Searching finds images by what they show or who made them."""
        make_image(alt_text="Harbour at dawn", credit="Lee")
        make_image(alt_text="Hall", caption="Plenary in Seoul", credit="Park")
        url = reverse("admin:images_image_changelist")
        for term, credit in (("harbour", "Lee"), ("seoul", "Park"), ("park", "Park")):
            with self.subTest(term=term):
                response = self.client.get(url, {"q": term})
                self.assertEqual(
                    [i.credit for i in response.context["cl"].result_list], [credit]
                )


class DisplayMethodTests(TestCase):
    """Columns built as HTML escape what editors typed."""

    def test_credit_line_escapes_the_credit_and_links_the_source(self):
        """A credit holding markup is shown as text; the source is a link."""
        image = Image(credit="<script>alert(1)</script>", source_url="https://a.org/x")
        html = credit_html(image)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)
        self.assertIn('<a href="https://a.org/x" rel="noopener noreferrer">', html)

    def test_credit_line_never_links_a_non_web_address(self):
        """A javascript: source is not turned into a link."""
        image = Image(credit="Someone", source_url="javascript:alert(1)")
        self.assertNotIn("<a", str(credit_html(image)))

    def test_thumbnail_escapes_alt_text_and_skips_it_for_decorative_images(self):
        """Alt text with quotes cannot break out of the attribute."""
        image = make_image(alt_text='"><script>x</script>')
        html = ImageAdmin(Image, admin.site).thumbnail(image)
        self.assertNotIn("<script>", html)
        self.assertIn('alt="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"', html)
        image.is_decorative = True
        self.assertIn('alt=""', thumbnail_html(image))
        self.assertEqual(thumbnail_html(None), "")

    def test_status_column_escapes_nothing_it_did_not_build(self):
        """The status label is one of four known words."""
        model_admin = CommentaryAdmin(Commentary, admin.site)
        for status, published_at, label in (
            ("draft", None, "Draft"),
            ("published", FUTURE, "Scheduled"),
            ("published", PAST, "Published"),
            ("withdrawn", PAST, "Withdrawn"),
        ):
            with self.subTest(label=label):
                piece = Commentary(status=status, published_at=published_at)
                self.assertEqual(
                    model_admin.status_display(piece),
                    f'<span class="fulcrum-status fulcrum-status-{label.lower()}">'
                    f"{label}</span>",
                )
