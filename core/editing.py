"""Editing a record in the admin while others may be editing it too.

`EditConflictAdmin` (a base of core.history.HistoryAdmin, so commentaries,
members, outlets and images all have it) adds two safeguards to change forms:

- **No silent overwrite.** The change form carries, in a hidden field, a
  token of the record as the form showed it: a digest of the stored values of
  the fields the form edits and of the rows of its inlines (authors, other
  spellings, links), the latest version id of the record, and when the form
  was opened. Saving recomputes the digest from the database, the row locked
  (SELECT ... FOR UPDATE, on databases that have it) until the save commits,
  so two saves cannot cross. When it differs, nothing is saved: the form comes
  back with the editor's input, an error naming who changed the record and
  when, the difference between what is stored now and what the editor sent,
  field by field, and two choices: "Keep my changes" (save over, on purpose:
  the button carries the token of what is stored now, and only that token is
  accepted) or "Reload" (discard them and open what is stored now).

  Why a digest of the stored values, rather than `updated_at` or the latest
  version: it changes exactly when something the form would overwrite has
  changed, whatever changed it (another editor, an action, a restore, an
  import, a script). `updated_at` is not moved by `QuerySet.update()` nor by
  a change of the inline rows or tags alone, it moves on saves that change
  nothing the form shows (false alarms), and equality of timestamps depends
  on each database's precision; versions are only kept for changes made in
  the admin. The version id and the time the form was opened serve only to
  say who changed the record, and when.

  A POST without a token (a script, or a form opened before this was
  deployed) is not checked, as before.

- **Presence.** While a change form is open, its script (admin/fulcrum/
  editing.js) posts a heartbeat every EDIT_HEARTBEAT_SECONDS (30) to
  `<object>/editing/` (login and CSRF token required, like any admin POST);
  who has which record open is kept in the cache, keyed by record, and
  forgotten after three missed heartbeats or when the page is left. The form
  shows who else is editing the record when it loads and after each
  heartbeat, and warns as soon as someone else has saved it in the admin.
  The heartbeat reads only the cache (and the session): the form carries a
  signed ticket naming the record, the tab and the user, made when the
  form was shown to someone allowed to see it.
"""

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import (
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import get_text_list
from reversion.models import Version

from . import pagecache

# The hidden field of the change form, and the "Keep my changes" button.
TOKEN_FIELD = "edit_token"
KEEP_MINE = "_keep_mine"
# A form's heartbeat ticket (EditConflictAdmin.ticket) lasts a working day.
TICKET_SALT = "fulcrum.editing.presence"
TICKET_SECONDS = 12 * 60 * 60


def heartbeat_seconds():
    return getattr(settings, "EDIT_HEARTBEAT_SECONDS", 30)


def presence_seconds():
    """How long an editor counts as present after their last heartbeat."""
    return 3 * heartbeat_seconds()


def person(user):
    return (user.get_full_name() or "").strip() or user.get_username()


def moment(value):
    """ "at 14:02" today, "on 3 Dec 2025 at 14:02" another day (local time)."""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        return f"at {format_date(local, 'H:i')}"
    return f"on {format_date(local, 'j M Y')} at {format_date(local, 'H:i')}"


# --- The token of the version a form was opened at ------------------------------


def comparable(value):
    """A stored value as plain data, equal for equal values on any database."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return sorted((comparable(item) for item in value), key=str)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def digest(state):
    data = json.dumps(state, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(data.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class Token:
    """What the change form was opened at: digest:last version id:unix time."""

    digest: str
    version: int = 0
    opened: float = 0.0

    def __str__(self):
        return f"{self.digest}:{self.version}:{self.opened:.3f}"

    @classmethod
    def parse(cls, text):
        parts = (text or "").split(":")
        if len(parts) != 3 or not parts[0]:
            return None
        try:
            return cls(parts[0], int(parts[1]), float(parts[2]))
        except ValueError:
            return None

    @property
    def opened_at(self):
        return datetime.fromtimestamp(self.opened, tz=UTC) if self.opened else None


@dataclass
class Conflict:
    """A save refused because the record changed after the form was opened."""

    message: str
    token: Token
    stored: models.Model


class EditTokenForm:
    """Mixed into a change form by EditConflictAdmin.get_form."""

    edit_admin = None
    edit_request = None
    edit_conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput
        )
        if not self.is_bound and self.instance.pk is not None:
            self.initial[TOKEN_FIELD] = str(
                self.edit_admin.edit_token(self.edit_request, self.instance, self)
            )

    def clean(self):
        opened = Token.parse(self.data.get(TOKEN_FIELD))
        if opened is not None and self.instance.pk is not None:
            kept = Token.parse(self.data.get(KEEP_MINE))
            self.edit_conflict = self.edit_admin.edit_conflict(
                self.edit_request, self.instance, self, opened, kept
            )
            if self.edit_conflict is not None:
                self.add_error(
                    None,
                    ValidationError(
                        "%(message)s Your changes are not saved yet: compare "
                        "them with what is saved now, then keep yours or reload.",
                        code="edit_conflict",
                        params={"message": self.edit_conflict.message},
                    ),
                )
            elif kept is not None and kept.digest != opened.digest:
                # Kept on purpose: if something else fails, the form shown
                # again is one opened at what is stored now.
                self.data = self.data.copy()
                self.data[TOKEN_FIELD] = str(kept)
        return super().clean()


# --- Presence --------------------------------------------------------------------


def cache_get(key):
    """Read a presence or "saved since" note; None while the cache is lost.

    Both only help editors notice each other: with the cache down the form
    still works, and saving is still checked against the database.
    """
    if pagecache.cache_is_down():
        return None
    try:
        return cache.get(key)
    except Exception:
        pagecache.cache_failed("read")
        return None


def cache_set(key, value, timeout):
    if pagecache.cache_is_down():
        return
    try:
        cache.set(key, value, timeout)
    except Exception:
        pagecache.cache_failed("write")


def presence_key(opts, pk):
    return f"fulcrum:editing:{opts.label_lower}:{pk}"


def saved_key(opts, pk):
    return f"fulcrum:saved:{opts.label_lower}:{pk}"


def present(opts, pk):
    """The tabs that have the record open: {tab: {user, name, since, seen}}."""
    now = time.time()
    entries = cache_get(presence_key(opts, pk)) or {}
    return {
        tab: entry
        for tab, entry in entries.items()
        if now - entry["seen"] < presence_seconds()
    }


def mark_present(opts, pk, user, tab):
    # A read, then a write: two heartbeats at the same instant may drop one
    # entry, which the next heartbeat puts back.
    entries = present(opts, pk)
    now = time.time()
    since = entries.get(tab, {}).get("since", now)
    entries[tab] = {"user": user.pk, "name": person(user), "since": since, "seen": now}
    cache_set(presence_key(opts, pk), entries, presence_seconds())
    return entries


def mark_gone(opts, pk, user, tab):
    entries = present(opts, pk)
    if entries.get(tab, {}).get("user") == user.pk:
        del entries[tab]
        cache_set(presence_key(opts, pk), entries, presence_seconds())


def others_editing(entries, user):
    """The names of the other people who have the record open, first come first."""
    names = []
    for entry in sorted(entries.values(), key=lambda entry: entry["since"]):
        if entry["user"] != user.pk and entry["name"] not in names:
            names.append(entry["name"])
    return names


def presence_message(names, noun):
    if not names:
        return ""
    verb = "is" if len(names) == 1 else "are"
    return f"{get_text_list(names, 'and')} {verb} editing this {noun}."


# --- The admin -------------------------------------------------------------------


class EditConflictAdmin(admin.ModelAdmin):
    """Change forms that never silently overwrite another editor's save, and
    that show who else is editing the record."""

    class Media:
        js = ["admin/fulcrum/editing.js"]
        css = {"all": ["admin/fulcrum/admin.css", "admin/fulcrum/editing.css"]}

    def get_urls(self):
        return [
            path(
                "<path:object_id>/editing/",
                self.admin_site.admin_view(self.presence_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_editing",
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change or obj is None:
            return form
        return type(
            form.__name__,
            (EditTokenForm, form),
            {"edit_admin": self, "edit_request": request},
        )

    # The state a form was opened at

    @staticmethod
    def edited_fields(opts, form):
        """The model fields a form edits (its declared-only fields aside)."""
        fields = []
        for name in form.base_fields:
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "editable", False):
                fields.append(field)
        return fields

    def edited_state(self, request, obj, form):
        """What saving the form would overwrite: its fields and inline rows."""
        state = {
            "fields": {
                field.name: comparable(field.value_from_object(obj))
                for field in self.edited_fields(self.opts, form)
            },
            "inlines": {},
        }
        for inline in self.get_inline_instances(request, obj):
            formset = inline.get_formset(request, obj)
            fk = getattr(formset, "fk", None)
            if fk is None:
                continue
            fields = self.edited_fields(inline.model._meta, formset.form)
            rows = inline.get_queryset(request).filter(**{fk.name: obj}).order_by("pk")
            state["inlines"][formset.get_default_prefix()] = [
                [row.pk, {f.name: comparable(f.value_from_object(row)) for f in fields}]
                for row in rows
            ]
        return state

    @staticmethod
    def latest_version_id(obj):
        latest = Version.objects.get_for_object(obj).order_by("-pk").first()
        return latest.pk if latest else 0

    def edit_token(self, request, obj, form):
        return Token(
            digest(self.edited_state(request, obj, form)),
            self.latest_version_id(obj),
            time.time(),
        )

    def edit_conflict(self, request, obj, form, opened, kept):
        """Return the Conflict when the record changed since opened, else None.

        The row stays locked until the save commits: a save that crosses this
        one waits, then finds it changed.
        """
        manager = self.model._default_manager
        using = router.db_for_write(self.model)
        if transaction.get_connection(using).in_atomic_block:
            manager = manager.select_for_update()
        stored = manager.using(using).filter(pk=obj.pk).first()
        if stored is None:
            return None  # Deleted meanwhile: the admin says so.
        now = digest(self.edited_state(request, stored, form))
        if now == opened.digest or (kept is not None and kept.digest == now):
            return None
        return Conflict(
            message=self.conflict_message(request, stored, opened),
            token=Token(now, self.latest_version_id(stored), time.time()),
            stored=stored,
        )

    def conflict_message(self, request, stored, opened):
        """Who changed the record since opened, and when."""
        noun = f"this {self.opts.verbose_name}"
        versions = (
            Version.objects.get_for_object(stored)
            .filter(pk__gt=opened.version, revision__user__isnull=False)
            .select_related("revision__user")
            .order_by("-pk")
        )
        people, last = [], None
        for version in versions[:50]:
            revision = version.revision
            last = last or revision.date_created
            name = (
                "you (in another tab)"
                if revision.user_id == request.user.pk
                else person(revision.user)
            )
            if name not in people:
                people.append(name)
        if people == ["you (in another tab)"]:
            return (
                f"You saved {noun} {moment(last)} in another tab or window, "
                "after you opened this one."
            )
        if len(people) == 1:
            return f"{people[0]} changed {noun} {moment(last)}, after you opened it."
        if people:
            return (
                f"{get_text_list(people, 'and')} changed {noun} after you "
                f"opened it (last {moment(last)})."
            )
        # Not in the admin: an import, a script, a scheduled task.
        updated_at = getattr(stored, "updated_at", None)
        opened_at = opened.opened_at
        if isinstance(updated_at, datetime) and (
            opened_at is None or updated_at > opened_at
        ):
            updated_by = getattr(stored, "updated_by", None)
            who = person(updated_by) if updated_by else "Someone"
            return f"{who} changed {noun} {moment(updated_at)}, after you opened it."
        return f"Someone changed {noun} after you opened it."

    def conflict_rows(self, request, form, inline_admin_formsets, stored):
        """The differences between stored and the form sent, as table rows
        ({label, now, yours, diff}); HistoryAdmin's compares them."""
        return []

    # The change form

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        form = context["adminform"].form
        if change and obj is not None and TOKEN_FIELD in form.fields:
            tab = secrets.token_urlsafe(12)
            can_change = self.has_change_permission(request, obj)
            if can_change:
                entries = mark_present(self.opts, obj.pk, request.user, tab)
            else:
                entries = present(self.opts, obj.pk)
            names = others_editing(entries, request.user)
            context["fulcrum_editing"] = {
                "token_field": form[TOKEN_FIELD],
                "url": reverse(
                    f"{self.admin_site.name}:{self.opts.app_label}_"
                    f"{self.opts.model_name}_editing",
                    args=[quote(obj.pk)],
                ),
                "ticket": self.ticket(request, obj, tab, can_change),
                "interval": heartbeat_seconds(),
                "others": names,
                "message": presence_message(names, self.opts.verbose_name),
            }
            conflict = form.edit_conflict
            if conflict is not None:
                context["fulcrum_conflict"] = {
                    "message": conflict.message,
                    "token": str(conflict.token),
                    "rows": self.conflict_rows(
                        request,
                        form,
                        context.get("inline_admin_formsets", []),
                        conflict.stored,
                    ),
                    "reload_url": request.get_full_path(),
                }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        if KEEP_MINE in request.POST:
            self.message_user(
                request,
                "Your changes were saved over the other changes, as you chose.",
                messages.WARNING,
            )
            if "_continue" not in request.POST:
                # Stay on the form, to check what is saved now.
                request.POST = request.POST.copy()
                request.POST["_continue"] = "1"
        return super().response_change(request, obj)

    # The heartbeat

    def ticket(self, request, obj, tab, can_change):
        """What lets this form's heartbeat in: signed, so the heartbeat needs
        neither the record nor the permissions from the database."""
        return signing.dumps(
            {
                "o": self.opts.label_lower,
                "k": str(obj.pk),
                "u": request.user.pk,
                "t": tab,
                "c": can_change,
            },
            salt=TICKET_SALT,
            compress=True,
        )

    def read_ticket(self, request, object_id):
        try:
            ticket = signing.loads(
                request.POST.get("ticket", ""), salt=TICKET_SALT, max_age=TICKET_SECONDS
            )
        except signing.BadSignature:
            return None
        if ticket.get("o") != self.opts.label_lower or ticket.get("k") != unquote(
            object_id
        ):
            return None
        if ticket.get("u") != request.user.pk:
            return None
        return ticket

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and isinstance(form, EditTokenForm):
            # For the heartbeats of the forms opened before: "saved since".
            stored = self.model._default_manager.get(pk=form.instance.pk)
            cache_set(
                saved_key(self.opts, stored.pk),
                {
                    "digest": digest(self.edited_state(request, stored, form)),
                    "user": request.user.pk,
                    "name": person(request.user),
                    "at": time.time(),
                },
                TICKET_SECONDS,
            )

    def saved_since(self, request, pk, opened):
        """ "Hoang changed this ... at 14:02" when a save in the admin came
        after opened and changed what the form shows; "" otherwise."""
        saved = cache_get(saved_key(self.opts, pk))
        if (
            opened is None
            or not saved
            or saved["at"] <= opened.opened
            or saved["digest"] == opened.digest
        ):
            return ""
        noun = f"this {self.opts.verbose_name}"
        when = moment(datetime.fromtimestamp(saved["at"], tz=UTC))
        if saved["user"] == request.user.pk:
            return (
                f"You saved {noun} {when} in another tab or window, after you "
                "opened this one. Saving here will show you both versions."
            )
        return (
            f"{saved['name']} changed {noun} {when}, after you opened it. Saving "
            "will show you what is saved now beside your changes."
        )

    def presence_view(self, request, object_id):
        """Mark the editor present and answer who else is, as JSON.

        POST the form's ticket (made when the form was shown), its edit token
        (the answer says when someone has saved the record since), and
        leave=1 when the page is left. Reads only the cache.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        ticket = self.read_ticket(request, object_id)
        if ticket is None:
            raise PermissionDenied
        pk, tab = ticket["k"], ticket["t"]
        if request.POST.get("leave"):
            mark_gone(self.opts, pk, request.user, tab)
            return JsonResponse({"others": [], "message": "", "changed": ""})
        if ticket["c"]:
            entries = mark_present(self.opts, pk, request.user, tab)
        else:
            entries = present(self.opts, pk)
        names = others_editing(entries, request.user)
        return JsonResponse(
            {
                "others": names,
                "message": presence_message(names, self.opts.verbose_name),
                "changed": self.saved_since(
                    request, pk, Token.parse(request.POST.get("token"))
                ),
            }
        )
