"""A piece's tags in its form: suggested from existing tags, kept as typed.

taggit's own field sorts the names it parses and its widget sorts the names
it shows, so "Korean Peninsula, ASEAN" came back as "ASEAN, Korean
Peninsula". Here the field keeps the order the editor typed, the widget
shows the stored order, and `keep_order` stores that order (tagged rows are
read in the order they were written). New tags stay with those who may add
them (CommentaryAdminForm.clean_tags); tag-input.js suggests existing ones
from `suggestions_view`.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from taggit.forms import TagField
from taggit.models import Tag

from .models import TaggedCommentary

SUGGESTIONS = 10


def tag_string(names):
    """Return names as the field shows them, in order: quoted when they hold
    a comma or a space, so each reads back as one tag."""
    return ", ".join(
        f'"{name}"' if ("," in name or " " in name) else name for name in names
    )


def typed_order(text, names):
    """Return names in the order they appear in text (as the editor typed)."""
    separator = "," if "," in text else None
    tokens = [
        token.strip().strip('"').strip().casefold() for token in text.split(separator)
    ]

    def place(name):
        key = name.casefold()
        return tokens.index(key) if key in tokens else len(tokens)

    return sorted(names, key=place)


class OrderedTagWidget(forms.TextInput):
    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = tag_string(getattr(tag, "name", tag) for tag in value)
        return super().format_value(value)


class OrderedTagField(TagField):
    widget = OrderedTagWidget

    def clean(self, value):
        return typed_order(value or "", super().clean(value))

    def has_changed(self, initial_value, data_value):
        if self.disabled:
            return False
        try:
            data_value = self.clean(data_value)
        except forms.ValidationError:
            return True
        initial = [getattr(tag, "name", tag) for tag in initial_value or []]
        # A new order is a change.
        return initial != list(data_value or [])


def stored_names(piece):
    """The piece's tag names in the order they were given."""
    if piece.pk is None:
        return []
    rows = TaggedCommentary.objects.filter(content_object=piece).order_by("pk")
    return list(rows.values_list("tag__name", flat=True))


def keep_order(piece, names):
    """Store the piece's tags in the order of names (rewriting its rows only
    when the order changed)."""
    rows = list(
        TaggedCommentary.objects.filter(content_object=piece)
        .select_related("tag")
        .order_by("pk")
    )
    rank = {name.casefold(): index for index, name in enumerate(names)}
    wanted = sorted(rows, key=lambda row: rank.get(row.tag.name.casefold(), len(rank)))
    if [row.pk for row in wanted] == [row.pk for row in rows]:
        return
    TaggedCommentary.objects.filter(pk__in=[row.pk for row in rows]).delete()
    TaggedCommentary.objects.bulk_create(
        [TaggedCommentary(content_object=piece, tag_id=row.tag_id) for row in wanted]
    )


def suggestions_view(model_admin, request):
    """Existing tags whose name holds the typed term, those starting with it first."""
    if not (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
    ):
        raise PermissionDenied
    term = request.GET.get("term", "").strip()[:100]
    if not term:
        return JsonResponse({"tags": []})
    names = list(
        Tag.objects.filter(name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:SUGGESTIONS]
    )
    if len(names) < SUGGESTIONS:
        names += (
            Tag.objects.filter(name__icontains=term)
            .exclude(name__istartswith=term)
            .order_by("name")
            .values_list("name", flat=True)[: SUGGESTIONS - len(names)]
        )
    return JsonResponse({"tags": names})
