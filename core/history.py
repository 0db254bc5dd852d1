"""Admin base class shared by the apps: history, restore and safe deletes.

`HistoryAdmin` builds on django-reversion's VersionAdmin:

- every save in the admin, every action and every delete keeps a version
  (who, when, what changed); a record changed only outside the admin gets a
  first version of its state before its first change here;
- a version can be compared with the current record, field by field, and
  restored; a deleted record can be recovered ("Recover deleted ...");
- deleting a record that is in use is refused with a list naming where it is
  used, each linked to its page;
- a change form opened before someone else's save does not overwrite it, and
  shows who else is editing the record (core.editing.EditConflictAdmin); the
  refused form compares what is stored now with what the editor sent.
"""

import difflib
import re

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, quote, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import IntegrityError, models, router, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.timezone import is_aware, localtime
from reversion import revisions as reversion
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from . import redirects
from .editing import EditConflictAdmin

EMPTY = "—"
BASELINE_COMMENT = "As it was before its first change in the admin."


def admin_change_url(obj, admin_site):
    """Return obj's change page in the admin, or "" if it has none."""
    opts = obj._meta
    if not admin_site.is_registered(obj.__class__):
        return ""
    try:
        return reverse(
            f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[quote(obj.pk)],
        )
    except NoReverseMatch:
        return ""


def display_value(field, value):
    """Return a field's stored value as an editor reads it."""
    if value in (None, ""):
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"deleted (#{value})"
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        return date_format(
            localtime(value) if is_aware(value) else value, "DATETIME_FORMAT"
        )
    if isinstance(field, models.DateField):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def diff_html(old, new):
    """Mark the words removed from old (<del>) and added in new (<ins>)."""
    old_words = re.split(r"(\s+)", old)
    new_words = re.split(r"(\s+)", new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in {"replace", "delete"}:
            parts.append(("<del>{}</del>", "".join(old_words[a1:a2])))
        if op in {"replace", "insert"}:
            parts.append(("<ins>{}</ins>", "".join(new_words[b1:b2])))
        if op == "equal":
            parts.append(("{}", "".join(old_words[a1:a2])))
    return format_html_join("", "{}", ((format_html(t, text),) for t, text in parts))


class RestoreRefused(Exception):
    """The restored record breaks a rule: the restore is rolled back."""


def submitted_rows(formset):
    """The forms of an inline formset that will be rows after saving, in order
    (by their position, when the rows have one)."""
    kept = []
    for index, form in enumerate(formset.forms):
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or (form.instance.pk is None and not form.has_changed()):
            continue
        position = data.get("position")
        if not isinstance(position, int):
            position = None
        kept.append(((position is None, position or 0, index), form))
    return [form for _, form in sorted(kept, key=lambda pair: pair[0])]


def joined(values):
    return ", ".join(sorted(str(value) for value in values or [])) or EMPTY


class HistoryAdmin(EditConflictAdmin, VersionAdmin):
    """A ModelAdmin that keeps, compares and restores versions of records."""

    object_history_template = "admin/fulcrum/object_history.html"
    delete_confirmation_template = "admin/fulcrum/delete_confirmation.html"
    history_latest_first = True

    # History: versions and their comparison

    def url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                view(self.compare_view),
                name=self.url_name("compare"),
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=self.url_name("restore"),
            ),
            *super().get_urls(),
        ]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion's own "edit this version" page would revert before
        # any permission or rule is checked: send it to our compare page,
        # whose restore button checks both.
        return HttpResponseRedirect(
            reverse(
                f"{self.admin_site.name}:{self.url_name('compare')}",
                args=[object_id, version_id],
            )
        )

    def recover_view(self, request, version_id, extra_context=None):
        # Bringing a deleted record back may bring a published piece back.
        if not self.has_restore_permission(request, None):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        versions = []
        if obj is not None:
            versions = self._reversion_order_version_queryset(
                request,
                Version.objects.get_for_object(obj).select_related(
                    "revision", "revision__user"
                ),
            )
        site = self.admin_site.name
        action_list = [
            {
                "revision": version.revision,
                "url": reverse(
                    f"{site}:{self.url_name('revision')}",
                    args=[quote(obj.pk), version.pk],
                ),
                "compare_url": reverse(
                    f"{site}:{self.url_name('compare')}",
                    args=[quote(obj.pk), version.pk],
                ),
            }
            for version in versions
        ]
        # Past VersionAdmin's own list: this one links each version's
        # comparison too.
        return admin.ModelAdmin.history_view(
            self,
            request,
            object_id,
            {"action_list": action_list, **(extra_context or {})},
        )

    def history_fields(self):
        """The fields compared between versions: those editors can change."""
        return [
            field
            for field in self.model._meta.concrete_fields
            if field.editable and not field.primary_key
        ]

    def history_extras(self, obj, version):
        """Return (label, then, now) for related rows kept with obj: authors..."""
        return []

    def compare_rows(self, obj, version):
        """Return the differences between version and obj, as table rows."""
        stored = version.field_dict
        rows = []
        for field in self.history_fields():
            if field.attname not in stored:
                continue
            then = display_value(field, stored[field.attname])
            now = display_value(field, getattr(obj, field.attname))
            if then != now:
                rows.append((capfirst(field.verbose_name), then, now))
        for label, then, now in self.history_extras(obj, version):
            if then != now:
                rows.append((label, then, now))
        return [
            {"label": label, "then": then, "now": now, "diff": diff_html(then, now)}
            for label, then, now in rows
        ]

    def conflict_rows(self, request, form, inline_admin_formsets, stored):
        """What is stored now beside what a refused form sent, where they differ."""
        rows = []
        sent = form.instance  # With the form's valid values (construct_instance).
        cleaned = getattr(form, "cleaned_data", {})
        for name, form_field in form.fields.items():
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_many:  # Tags, too.
                now = joined(field.value_from_object(stored))
                yours = joined(cleaned[name] if name in cleaned else form[name].value())
            elif name in cleaned:
                now = display_value(field, getattr(stored, field.attname))
                yours = display_value(field, getattr(sent, field.attname))
            else:  # Not valid as sent: show it as typed.
                now = display_value(field, getattr(stored, field.attname))
                yours = str(form[name].value() or EMPTY)
            label = capfirst(form_field.label or field.verbose_name)
            rows.append((label, now, yours))
        for inline_admin_formset in inline_admin_formsets:
            formset = inline_admin_formset.formset
            fk = getattr(formset, "fk", None)
            if fk is None:
                continue
            inline = inline_admin_formset.opts
            stored_rows = inline.get_queryset(request).filter(**{fk.name: stored})
            rows.append(
                (
                    capfirst(inline.verbose_name_plural),
                    "\n".join(str(row) for row in stored_rows) or EMPTY,
                    "\n".join(str(f.instance) for f in submitted_rows(formset))
                    or EMPTY,
                )
            )
        return [
            {"label": label, "now": now, "yours": yours, "diff": diff_html(now, yours)}
            for label, now, yours in rows
            if now != yours
        ]

    def get_version(self, obj, version_id):
        return get_object_or_404(
            Version.objects.get_for_object(obj).select_related(
                "revision", "revision__user"
            ),
            pk=version_id,
        )

    def compare_view(self, request, object_id, version_id):
        """Show what changed between a stored version and the record now."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = self.get_version(obj, version_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "version": version,
            "rows": self.compare_rows(obj, version),
            "can_restore": self.has_restore_permission(request, obj),
            "title": f"Compare “{obj}” with the version of "
            f"{date_format(localtime(version.revision.date_created), 'DATETIME_FORMAT')}",
        }
        return TemplateResponse(request, "admin/fulcrum/compare.html", context)

    def has_restore_permission(self, request, obj):
        return self.has_change_permission(request, obj)

    @staticmethod
    def address_of(obj):
        getter = getattr(obj, "get_absolute_url", None)
        return getter() if getter else None

    def restore_view(self, request, object_id, version_id):
        """Put the record (and what is kept with it) back as in the version."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_restore_permission(request, obj):
            raise PermissionDenied
        version = self.get_version(obj, version_id)
        when = date_format(localtime(version.revision.date_created), "DATETIME_FORMAT")
        address = self.address_of(obj)
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(f"Restored the version of {when}.")
                version.revision.revert(delete=True)
                restored = self.model._default_manager.get(pk=obj.pk)
                problems = self.restore_problems(restored)
                if problems:
                    raise RestoreRefused(" ".join(problems))
                self.after_restore(request, restored, address)
                reversion.add_to_revision(restored)
        except (
            RestoreRefused,
            RevertError,
            IntegrityError,
            models.ProtectedError,
        ) as err:
            self.message_user(request, f"Could not restore: {err}", messages.ERROR)
            return HttpResponseRedirect(request.path.replace("/restore/", "/compare/"))
        self.message_user(
            request, f"Restored “{restored}” as it was on {when}.", messages.SUCCESS
        )
        return HttpResponseRedirect(admin_change_url(restored, self.admin_site))

    def restore_problems(self, obj):
        """Return why the restored record may not stay as it is ([] if it may)."""
        return []

    def after_restore(self, request, obj, old_address):
        """Redirect the address the record had, when restoring changed it."""
        new_address = self.address_of(obj)
        if old_address and new_address and old_address != new_address:
            redirects.record(old_address, new_address)

    # Versions for changes made in the admin

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole request in one revision; actions here
        # keep one revision per record instead (record_history), so a record
        # deleted with others is recovered alone.
        context = {"has_change_permission": self.has_change_permission(request)}
        return admin.ModelAdmin.changelist_view(
            self, request, {**context, **(extra_context or {})}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and not Version.objects.get_for_object(obj).exists():
                # Added by an import or a script: keep its state before the
                # first change, so that change can be undone too.
                self.record_history(request, [obj], BASELINE_COMMENT, user=None)
        return super().change_view(request, object_id, form_url, extra_context)

    def record_history(self, request, objs, comment, user=True):
        """Keep a version of each record, one revision each."""
        for obj in objs:
            with reversion.create_revision():
                if user:
                    reversion.set_user(request.user)
                reversion.set_comment(comment)
                reversion.add_to_revision(obj)

    def delete_model(self, request, obj):
        self.record_history(request, [obj], "Deleted.")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.record_history(request, queryset, "Deleted.")
        super().delete_queryset(request, queryset)

    # Safe deletes

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        if protected:
            protected = self.describe_uses(objs)
        return deleted, counts, perms_needed, protected

    def describe_uses(self, objs):
        """Name, with links, the records that keep objs from being deleted.

        For one record, a list of its uses; for several, each record in use
        followed by the list of its uses.
        """
        objs = list(objs)
        described = []
        for obj in objs:
            collector = NestedObjects(using=router.db_for_write(obj.__class__))
            collector.collect([obj])
            uses = {}
            for blocker in collector.protected:
                owner, role = self.owner_of(blocker, objs)
                key = (owner._meta.label, owner.pk, role)
                uses[key] = self.describe_use(owner, role)
            if uses:
                described.append((obj, [uses[key] for key in sorted(uses, key=str)]))
        if len(objs) == 1:
            return described[0][1] if described else []
        nested = []
        for obj, uses in described:
            nested += [format_html("“{}” is used by:", obj), uses]
        return nested

    def describe_use(self, owner, role):
        url = admin_change_url(owner, self.admin_site)
        label = capfirst(owner._meta.verbose_name)
        if url:
            return format_html('{} <a href="{}">{}</a>{}', label, url, str(owner), role)
        return format_html("{} {}{}", label, str(owner), role)

    def owner_of(self, blocker, deleted):
        """Return the record a blocker belongs to, and the blocker's role.

        A row with no admin of its own (an authorship) is shown as the piece
        it belongs to: "Commentary “…” (as authorship)".
        """
        if self.admin_site.is_registered(blocker.__class__):
            return blocker, ""
        deleted_models = {obj.__class__ for obj in deleted}
        for field in blocker._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model not in deleted_models
                and self.admin_site.is_registered(field.related_model)
            ):
                owner = getattr(blocker, field.name)
                if owner is not None:
                    return owner, f" (as {blocker._meta.verbose_name})"
        return blocker, ""
