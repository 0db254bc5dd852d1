"""Two tabs, one record (issue 14, item 6): a change form opened before someone
else's save never overwrites it; the editor sees who changed what, and keeps
their changes or reloads; and the form shows who else is editing."""

import re
from html.parser import HTMLParser
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles.models import Commentary, Outlet
from core import editing
from members.models import Member
from tests.factories import (
    audit_html,
    make_commentary,
    make_member,
    make_outlet,
    make_user,
)
from tests.test_csp import nonce_of


class FormFields(HTMLParser):
    """The fields one form of a page would send, as a browser sends them."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self.select = None
        self.textarea = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name and "__prefix__" not in name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self.textarea = name
            self.add(name, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea:
                # Browsers drop the newline that follows <textarea>.
                value = self.data[self.textarea][-1]
                self.data[self.textarea][-1] = value.removeprefix("\n")
            self.textarea = None


def form_data(response, model_name):
    """What pressing a submit button of the change form would post."""
    parser = FormFields(f"{model_name}_form")
    parser.feed(response.content.decode())
    return dict(parser.data)


def differences(response):
    """The refused form's table: {field label: {now, yours, diff}}."""
    return {row["label"]: row for row in response.context["fulcrum_conflict"]["rows"]}


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def editing_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_editing", args=[obj.pk])


def one(data, **values):
    """data with the fields in values changed (a form's input, edited)."""
    return {**data, **{name: [value] for name, value in values.items()}}


def ticket_of(response):
    """The heartbeat's ticket, as the change form gives it to its script."""
    return re.search(r'data-ticket="([^"]+)"', response.content.decode()).group(1)


class EditorsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.hoang = make_user(groups=["Editors"], first_name="Hoang", last_name="Ha")
        cls.lee = make_user(groups=["Editors"], first_name="Lee", last_name="Park")

    def setUp(self):
        # Two people, two browsers.
        self.a = Client()
        self.a.force_login(self.hoang)
        self.b = Client()
        self.b.force_login(self.lee)


class TwoTabsOnePieceTests(EditorsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.outlet = make_outlet(name="The Korea Herald")
        cls.member = make_member(name="Chung-in Moon")
        cls.piece = make_commentary(
            title="A nuclear-weapon-free Korean peninsula",
            summary="<p>Talks are the only road.</p>",
            authors=[cls.member, "Outside Author"],
            outlet=cls.outlet,
            tags=["Korea"],
        )

    def open(self, client, obj=None):
        obj = obj or self.piece
        response = client.get(change_url(obj))
        self.assertEqual(response.status_code, 200)
        return form_data(response, obj._meta.model_name)

    def a_renames_the_piece(self):
        opened = self.open(self.a)
        response = self.a.post(
            change_url(self.piece), one(opened, title="A peninsula without bombs")
        )
        self.assertEqual(response.status_code, 302)
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "A peninsula without bombs")

    def stale_save_by_b(self, opened):
        return self.b.post(
            change_url(self.piece),
            one(opened, summary="<p>Talks, and patience.</p>", _continue="1"),
        )

    def test_the_change_form_carries_the_token_of_the_version_it_shows(self):
        response = self.a.get(change_url(self.piece))
        token = form_data(response, "commentary")["edit_token"][0]
        parsed = editing.Token.parse(token)
        self.assertIsNotNone(parsed)
        self.assertEqual(len(parsed.digest), 40)
        # Opening it again, nothing changed: the same version.
        again = form_data(self.b.get(change_url(self.piece)), "commentary")
        self.assertEqual(
            editing.Token.parse(again["edit_token"][0]).digest, parsed.digest
        )
        # The add form has none: there is nothing to overwrite.
        add = self.a.get(reverse("admin:articles_commentary_add"))
        self.assertNotIn("edit_token", form_data(add, "commentary"))

    def test_a_form_opened_before_another_save_does_not_overwrite_it(self):
        """A renames the piece; B, who opened it before, saves the summary."""
        opened_by_b = self.open(self.b)
        self.a_renames_the_piece()

        response = self.stale_save_by_b(opened_by_b)

        # Refused: nothing of B's is saved, A's title stays.
        self.assertEqual(response.status_code, 200)
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "A peninsula without bombs")
        self.assertEqual(self.piece.summary, "<p>Talks are the only road.</p>")
        # Who, and when, at the top of the form.
        when = format_date(timezone.localtime(), "H:i")
        message = f"Hoang Ha changed this commentary at {when}, after you opened it."
        form = response.context["adminform"].form
        self.assertIn(message, form.non_field_errors()[0])
        self.assertContains(response, message)
        # B's input is kept.
        kept = form_data(response, "commentary")
        self.assertEqual(kept["summary"], ["<p>Talks, and patience.</p>"])
        self.assertEqual(kept["title"], ["A nuclear-weapon-free Korean peninsula"])
        # The difference, field by field: stored now, and B's.
        rows = differences(response)
        self.assertEqual(set(rows), {"Title", "Summary"})
        self.assertEqual(rows["Title"]["now"], "A peninsula without bombs")
        self.assertEqual(
            rows["Title"]["yours"], "A nuclear-weapon-free Korean peninsula"
        )
        self.assertIn("<ins>patience.&lt;/p&gt;</ins>", str(rows["Summary"]["diff"]))
        self.assertContains(response, 'class="fulcrum-diff"')
        # The two choices.
        self.assertContains(response, 'name="_keep_mine"')
        self.assertContains(response, "Reload (discard my changes)")
        self.assertEqual(audit_html(response.content, nonce_of(response)), [])

    def test_saving_again_without_choosing_is_refused_again(self):
        opened_by_b = self.open(self.b)
        self.a_renames_the_piece()
        refused = self.stale_save_by_b(opened_by_b)
        again = self.b.post(change_url(self.piece), form_data(refused, "commentary"))
        self.assertEqual(again.status_code, 200)
        self.assertIsNotNone(again.context["fulcrum_conflict"])
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "A peninsula without bombs")

    def test_keep_my_changes_saves_bs_version_over_on_purpose(self):
        opened_by_b = self.open(self.b)
        self.a_renames_the_piece()
        refused = self.stale_save_by_b(opened_by_b)
        keep = refused.context["fulcrum_conflict"]["token"]
        self.assertContains(refused, f'value="{keep}"')

        response = self.b.post(
            change_url(self.piece),
            {**form_data(refused, "commentary"), "_keep_mine": keep},
        )

        self.assertRedirects(
            response, change_url(self.piece), fetch_redirect_response=False
        )
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.summary, "<p>Talks, and patience.</p>")
        # Every field is B's: the title too, as the table said.
        self.assertEqual(self.piece.title, "A nuclear-weapon-free Korean peninsula")
        page = self.b.get(change_url(self.piece))
        self.assertContains(page, "Your changes were saved over the other changes")

    def test_keep_my_changes_with_another_error_keeps_the_choice(self):
        """Kept on purpose but the title is blank: fixing it then saves."""
        opened_by_b = self.open(self.b)
        self.a_renames_the_piece()
        refused = self.stale_save_by_b(opened_by_b)
        keep = refused.context["fulcrum_conflict"]["token"]
        blank = self.b.post(
            change_url(self.piece),
            {**one(form_data(refused, "commentary"), title=""), "_keep_mine": keep},
        )
        self.assertEqual(blank.status_code, 200)
        self.assertIn("title", blank.context["adminform"].form.errors)
        self.assertNotIn("fulcrum_conflict", blank.context)
        fixed = one(form_data(blank, "commentary"), title="Lee's title")
        self.assertEqual(fixed["edit_token"], [keep])
        response = self.b.post(change_url(self.piece), fixed)
        self.assertEqual(response.status_code, 302)
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "Lee's title")

    def test_the_check_locks_the_row_until_the_save_commits(self):
        """Two saves cannot cross: the second waits for the first, then finds
        the piece changed (PostgreSQL; SQLite writes one at a time anyway)."""
        opened = self.open(self.b)
        with CaptureQueriesContext(connection) as queries:
            response = self.b.post(change_url(self.piece), one(opened, title="Mine"))
        self.assertEqual(response.status_code, 302)
        table = Commentary._meta.db_table
        locked = [
            q["sql"]
            for q in queries
            if "FOR UPDATE" in q["sql"] and f'FROM "{table}"' in q["sql"]
        ]
        if connection.features.has_select_for_update:
            self.assertEqual(len(locked), 1, locked)
        else:
            self.assertEqual(locked, [])

    def test_keep_my_changes_is_refused_when_someone_saved_again_since(self):
        opened_by_b = self.open(self.b)
        self.a_renames_the_piece()
        refused = self.stale_save_by_b(opened_by_b)
        keep = refused.context["fulcrum_conflict"]["token"]
        # A saves once more while B reads the differences.
        again = self.open(self.a)
        self.a.post(change_url(self.piece), one(again, title="Third title"))

        response = self.b.post(
            change_url(self.piece),
            {**form_data(refused, "commentary"), "_keep_mine": keep},
        )

        self.assertEqual(response.status_code, 200)
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "Third title")
        rows = differences(response)
        self.assertEqual(rows["Title"]["now"], "Third title")

    def test_a_forged_keep_token_does_not_skip_the_check(self):
        opened_by_b = self.open(self.b)
        self.a_renames_the_piece()
        response = self.b.post(
            change_url(self.piece),
            {**opened_by_b, "_keep_mine": opened_by_b["edit_token"][0]},
        )
        self.assertEqual(response.status_code, 200)
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "A peninsula without bombs")

    def test_reload_discards_bs_changes_and_opens_the_version_stored_now(self):
        opened_by_b = self.open(self.b)
        self.a_renames_the_piece()
        refused = self.stale_save_by_b(opened_by_b)
        reload_url = refused.context["fulcrum_conflict"]["reload_url"]
        self.assertEqual(reload_url, change_url(self.piece))

        reloaded = self.b.get(reload_url)

        fresh = form_data(reloaded, "commentary")
        self.assertEqual(fresh["title"], ["A peninsula without bombs"])
        self.assertEqual(fresh["summary"], ["<p>Talks are the only road.</p>"])
        self.assertNotContains(reloaded, "fulcrum-conflict")
        # Now B's edit builds on A's: it saves, keeping A's title.
        response = self.b.post(
            change_url(self.piece), one(fresh, summary="<p>Talks, and patience.</p>")
        )
        self.assertEqual(response.status_code, 302)
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "A peninsula without bombs")
        self.assertEqual(self.piece.summary, "<p>Talks, and patience.</p>")

    def test_saving_a_form_opened_after_the_last_save_is_not_held_up(self):
        self.a_renames_the_piece()
        opened_by_b = self.open(self.b)
        response = self.stale_save_by_b(opened_by_b)
        self.assertEqual(response.status_code, 302)
        # And B saving twice in a row, reopening in between.
        response = self.b.post(
            change_url(self.piece), one(self.open(self.b), title="B's title")
        )
        self.assertEqual(response.status_code, 302)
        self.piece.refresh_from_db()
        self.assertEqual(
            (self.piece.title, self.piece.summary),
            ("B's title", "<p>Talks, and patience.</p>"),
        )

    def test_authors_changed_by_a_are_not_undone_by_b(self):
        opened_by_b = self.open(self.b)
        opened_by_a = self.open(self.a)
        # A removes the outside author (the second row).
        response = self.a.post(
            change_url(self.piece), one(opened_by_a, **{"authorships-1-DELETE": "on"})
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            [a.display_name for a in self.piece.ordered_authorships()],
            ["Chung-in Moon"],
        )

        response = self.stale_save_by_b(opened_by_b)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [a.display_name for a in self.piece.ordered_authorships()],
            ["Chung-in Moon"],
        )
        rows = differences(response)
        self.assertEqual(rows["Authors, in order"]["now"], "Chung-in Moon")
        self.assertEqual(
            rows["Authors, in order"]["yours"], "Chung-in Moon\nOutside Author"
        )

    def test_an_authors_name_changed_by_a_is_a_change_too(self):
        opened_by_b = self.open(self.b)
        opened_by_a = self.open(self.a)
        self.a.post(
            change_url(self.piece),
            one(opened_by_a, **{"authorships-1-name": "Outside Writer"}),
        )
        response = self.stale_save_by_b(opened_by_b)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [a.display_name for a in self.piece.ordered_authorships()],
            ["Chung-in Moon", "Outside Writer"],
        )

    def test_tags_changed_by_a_are_a_change_too(self):
        opened_by_b = self.open(self.b)
        opened_by_a = self.open(self.a)
        self.a.post(change_url(self.piece), one(opened_by_a, tags="Korea, Japan"))
        response = self.stale_save_by_b(opened_by_b)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(sorted(self.piece.tags.names()), ["Japan", "Korea"])
        rows = differences(response)
        self.assertEqual(rows["Tags"]["now"], "Japan, Korea")
        self.assertEqual(rows["Tags"]["yours"], "Korea")

    def test_a_change_made_outside_the_admin_counts(self):
        """An import or a script: the stored values changed, whoever did it."""
        opened_by_b = self.open(self.b)
        Commentary.objects.filter(pk=self.piece.pk).update(
            title="Changed by a script", updated_at=timezone.now(), updated_by=None
        )
        response = self.stale_save_by_b(opened_by_b)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Someone changed this commentary at")
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "Changed by a script")

    def test_fields_the_form_does_not_edit_raise_no_alarm(self):
        """The link checker's results are not the editor's to overwrite."""
        opened_by_b = self.open(self.b)
        Commentary.objects.filter(pk=self.piece.pk).update(
            link_status=404, link_checked_at=timezone.now(), updated_at=timezone.now()
        )
        response = self.stale_save_by_b(opened_by_b)
        self.assertEqual(response.status_code, 302)

    def test_the_same_editor_in_two_tabs_is_told_it_was_them(self):
        first_tab = self.open(self.b)
        second_tab = self.open(self.b)
        self.b.post(change_url(self.piece), one(second_tab, title="From tab two"))
        response = self.stale_save_by_b(first_tab)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "You saved this commentary at")
        self.assertContains(response, "in another tab or window")

    def test_a_post_without_a_token_is_saved_as_before(self):
        """Scripts, and forms opened before this was deployed."""
        opened = self.open(self.b)
        del opened["edit_token"]
        response = self.b.post(change_url(self.piece), one(opened, title="No token"))
        self.assertEqual(response.status_code, 302)
        self.piece.refresh_from_db()
        self.assertEqual(self.piece.title, "No token")


class EveryHistoryAdminTests(EditorsTestCase):
    """Members, outlets (and images) share the base class, so the safeguard."""

    def test_a_members_form_opened_before_another_save_does_not_overwrite_it(self):
        member = make_member(name="Ramesh Thakur", position="Convenor")
        url = change_url(member)
        opened_by_b = form_data(self.b.get(url), "member")
        opened_by_a = form_data(self.a.get(url), "member")
        response = self.a.post(url, one(opened_by_a, position="Co-convenor"))
        self.assertEqual(response.status_code, 302)

        response = self.b.post(url, one(opened_by_b, bio="Scholar."))

        self.assertEqual(response.status_code, 200)
        member.refresh_from_db()
        self.assertEqual((member.position, member.bio), ("Co-convenor", ""))
        self.assertContains(response, "Hoang Ha changed this member at")
        rows = differences(response)
        self.assertEqual(rows["Position"]["now"], "Co-convenor")

    def test_a_members_other_spellings_are_protected_too(self):
        member = make_member(name="Ramesh Thakur", position="Convenor")
        url = change_url(member)
        opened_by_b = form_data(self.b.get(url), "member")
        opened_by_a = form_data(self.a.get(url), "member")
        self.a.post(url, one(opened_by_a, **{"aliases-0-name": "R. Thakur"}))
        self.assertEqual(
            list(member.aliases.values_list("name", flat=True)), ["R. Thakur"]
        )
        response = self.b.post(url, one(opened_by_b, position="Co-convenor"))
        self.assertEqual(response.status_code, 200)
        member.refresh_from_db()
        self.assertEqual(member.position, "Convenor")
        rows = differences(response)
        self.assertEqual(
            rows["Other spellings of the name (used to match authors)"]["now"],
            "R. Thakur",
        )

    def test_an_outlets_form_opened_before_another_save_does_not_overwrite_it(self):
        outlet = make_outlet(name="East Asia Forum")
        url = change_url(outlet)
        opened_by_b = form_data(self.b.get(url), "outlet")
        opened_by_a = form_data(self.a.get(url), "outlet")
        self.a.post(url, one(opened_by_a, label="EAF"))
        response = self.b.post(
            url, one(opened_by_b, homepage_url="https://eaf.example")
        )
        self.assertEqual(response.status_code, 200)
        outlet = Outlet.objects.get(pk=outlet.pk)
        self.assertEqual((outlet.label, outlet.homepage_url), ("EAF", ""))


class PresenceTests(EditorsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.piece = make_commentary(title="Presence piece", authors=["An Author"])

    def beat(self, client, ticket, **extra):
        return client.post(editing_url(self.piece), {"ticket": ticket, **extra})

    def test_the_form_says_who_else_has_the_piece_open(self):
        first = self.a.get(change_url(self.piece))
        self.assertNotContains(first, "is editing this commentary")
        self.assertContains(first, 'id="fulcrum-presence"')

        second = self.b.get(change_url(self.piece))

        self.assertContains(second, "Hoang Ha is editing this commentary.")
        # And A's next heartbeat names B.
        answer = self.beat(self.a, ticket_of(first)).json()
        self.assertEqual(answer["others"], ["Lee Park"])
        self.assertEqual(answer["message"], "Lee Park is editing this commentary.")
        self.assertEqual(answer["changed"], "")

    def test_the_heartbeat_says_when_someone_saved_since_the_form_opened(self):
        opened_by_b = self.b.get(change_url(self.piece))
        token = form_data(opened_by_b, "commentary")["edit_token"][0]
        opened_by_a = form_data(self.a.get(change_url(self.piece)), "commentary")
        saved = self.a.post(change_url(self.piece), one(opened_by_a, title="Renamed"))
        self.assertEqual(saved.status_code, 302)

        answer = self.beat(self.b, ticket_of(opened_by_b), token=token).json()

        self.assertIn("Hoang Ha changed this commentary at", answer["changed"])

    def test_leaving_the_page_and_silence_end_presence(self):
        a_ticket = ticket_of(self.a.get(change_url(self.piece)))
        b_ticket = ticket_of(self.b.get(change_url(self.piece)))
        self.assertEqual(self.beat(self.b, b_ticket).json()["others"], ["Hoang Ha"])
        # B cannot make A leave: A's ticket is A's.
        self.assertEqual(self.beat(self.b, a_ticket, leave="1").status_code, 403)
        self.assertEqual(self.beat(self.b, b_ticket).json()["others"], ["Hoang Ha"])
        # A leaves.
        self.assertEqual(self.beat(self.a, a_ticket, leave="1").status_code, 200)
        self.assertEqual(self.beat(self.b, b_ticket).json()["others"], [])
        # A comes back, then falls silent for three heartbeats.
        self.beat(self.a, a_ticket)
        self.assertEqual(self.beat(self.b, b_ticket).json()["others"], ["Hoang Ha"])
        later = editing.time.time() + editing.presence_seconds() + 1
        with mock.patch.object(editing.time, "time", return_value=later):
            self.assertEqual(self.beat(self.b, b_ticket).json()["others"], [])

    def test_the_heartbeat_needs_a_login(self):
        ticket = ticket_of(self.a.get(change_url(self.piece)))
        cache.clear()
        response = Client().post(editing_url(self.piece), {"ticket": ticket})
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
        # Nobody was marked present.
        self.assertEqual(editing.present(Commentary._meta, self.piece.pk), {})

    def test_the_heartbeat_needs_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.hoang)
        page = client.get(change_url(self.piece))
        cache.clear()  # Forget the visit: only the heartbeat could mark it.
        refused = client.post(editing_url(self.piece), {"ticket": ticket_of(page)})
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(editing.present(Commentary._meta, self.piece.pk), {})
        csrf = form_data(page, "commentary")["csrfmiddlewaretoken"][0]
        accepted = client.post(
            editing_url(self.piece),
            {"ticket": ticket_of(page), "csrfmiddlewaretoken": csrf},
        )
        self.assertEqual(accepted.status_code, 200)
        entries = editing.present(Commentary._meta, self.piece.pk).values()
        self.assertEqual([entry["name"] for entry in entries], ["Hoang Ha"])

    def test_the_heartbeat_takes_only_posts_with_a_ticket_for_that_record(self):
        ticket = ticket_of(self.a.get(change_url(self.piece)))
        self.assertEqual(self.a.get(editing_url(self.piece)).status_code, 405)
        self.assertEqual(self.beat(self.a, "").status_code, 403)
        self.assertEqual(self.beat(self.a, ticket + "x").status_code, 403)
        other = make_commentary(title="Another piece")
        response = self.a.post(editing_url(other), {"ticket": ticket})
        self.assertEqual(response.status_code, 403)
        # Nor another person's (B's ticket, used by A, was checked above).

    def test_people_who_may_not_see_the_piece_get_no_ticket(self):
        outsider = make_user()  # Staff, in no group: no permission.
        client = Client()
        client.force_login(outsider)
        self.assertEqual(client.get(change_url(self.piece)).status_code, 403)
        ticket = ticket_of(self.a.get(change_url(self.piece)))
        response = client.post(editing_url(self.piece), {"ticket": ticket})
        self.assertEqual(response.status_code, 403)

    def test_people_who_may_only_look_are_not_counted_as_editing(self):
        viewer = make_user(groups=["Contributors"])  # A live piece: view only.
        client = Client()
        client.force_login(viewer)
        page = client.get(change_url(self.piece))
        self.assertEqual(page.status_code, 200)
        self.assertEqual(editing.present(Commentary._meta, self.piece.pk), {})
        self.a.get(change_url(self.piece))
        answer = self.beat(client, ticket_of(page)).json()
        self.assertEqual(answer["others"], ["Hoang Ha"])
        self.assertNotContains(self.b.get(change_url(self.piece)), viewer.username)

    @override_settings(EDIT_HEARTBEAT_SECONDS=7)
    def test_the_interval_is_a_setting(self):
        page = self.a.get(change_url(self.piece))
        self.assertContains(page, 'data-interval="7"')
        self.assertContains(page, "admin/fulcrum/editing.js")

    def test_a_member_page_shows_presence_too(self):
        member = make_member(name="Hoang Thi Ha")
        self.a.get(change_url(member))
        page = self.b.get(change_url(member))
        self.assertContains(page, "Hoang Ha is editing this member.")
        self.assertIsInstance(member, Member)
