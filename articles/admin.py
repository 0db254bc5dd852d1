"""The editors' admin: commentaries with ordered authors, outlets and tags.

Contributors (no `articles.publish_commentary`) write drafts and submit them
for review: the publishing fields are read-only for them, the publishing
actions are hidden, and `CommentaryAdmin.save_model` keeps the stored values
whatever a POST says. What readers see (a piece out or withdrawn, an image on
one or a member's photo) is read-only for contributors (`ViewOnlyWhenPublic`).
Editors publish, schedule and withdraw, and only pieces that pass
`workflow.publish_problems` can be published. Admins (the group) also manage
users and groups (core.admin) and unlock logins (django-axes).

Every change is kept as a version (core.history.HistoryAdmin).
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from reversion import revisions as reversion
from taggit.models import Tag

from core import redirects
from core.history import HistoryAdmin
from images import admin as images_admin
from images.admin import ADMIN_CSS, thumbnail_html
from images.models import Image
from members import admin as members_admin
from members.models import Member

from . import changes, languages, publishing
from .models import Authorship, Commentary, Outlet, TaggedCommentary
from .workflow import problems_by_field, publish_problems

# History: a commentary's version keeps its authors and tags (and the tags
# themselves, so a tag merged away since comes back with it).
reversion.register(Tag)
reversion.register(TaggedCommentary, follow=["tag"])
reversion.register(Authorship)
reversion.register(Commentary, follow=["authorships", "tagged_items"])

PUBLISH_PERMISSION = "articles.publish_commentary"
# Fields only people who may publish can change.
PUBLISHING_FIELDS = ("status", "published_at", "unpublish_at", "is_featured")
CONTRIBUTOR_NOTE = (
    "Only editors publish, schedule, withdraw or feature a piece: a new piece "
    "is saved as a draft. When it is ready, use “Save and submit for review”."
)
SUBMIT_FOR_REVIEW = "_submit_for_review"
# What a contributor may submit for review (not what is out or taken down).
REVIEWABLE = (Commentary.Status.DRAFT, Commentary.Status.REVIEW)
# Creating a tag (Contributors hold it too: a piece's Tags field makes tags).
ADD_TAG_PERMISSION = "taggit.add_tag"
TAG_NAME_LENGTH = Tag._meta.get_field("name").max_length
TAG_SLUG_LENGTH = Tag._meta.get_field("slug").max_length


class ViewOnlyWhenPublic:
    """Say why a change is refused, rather than a bare "403 Forbidden".

    The model admin's has_change_permission() leaves contributors only a view
    of what readers see. A change posted anyway (a tab opened while the piece
    was a draft, a crafted request) answers 403 with the read-only page and a
    message saying why, and that nothing was saved.
    """

    def refused_message(self, obj):
        return f"“{obj}” is public: only an editor can change it now."

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is not None
                and self.has_view_permission(request, obj)
                and not self.has_change_permission(request, obj)
            ):
                self.message_user(
                    request,
                    f"{self.refused_message(obj)} Your changes were not saved.",
                    messages.ERROR,
                )
                viewing = copy.copy(request)
                viewing.method = "GET"
                response = super().change_view(
                    viewing, object_id, form_url, extra_context
                )
                response.status_code = 403
                return response
        return super().change_view(request, object_id, form_url, extra_context)


def shorten(text, length=60):
    return text if len(text) <= length else f"{text[:length]}…"


def tag_length_problem(name):
    """Return why a tag name does not fit the tag table, or "" if it does."""
    if len(name) > TAG_NAME_LENGTH:
        return (
            f"The tag “{shorten(name)}” is {len(name)} characters long: a tag "
            f"has at most {TAG_NAME_LENGTH}."
        )
    if len(Tag().slugify(name)) > TAG_SLUG_LENGTH:
        return (
            f"The tag “{shorten(name)}” makes an address longer than "
            f"{TAG_SLUG_LENGTH} characters: shorten it."
        )
    return ""


def new_tag_names(names):
    """Return the names no tag has yet (tags are case-insensitive)."""
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    existing = {
        name.casefold()
        for name in Tag.objects.filter(query).values_list("name", flat=True)
    }
    return [name for name in names if name.casefold() not in existing]


# --- Commentary list filters ----------------------------------------------------


class VisibilityFilter(admin.SimpleListFilter):
    """Draft, Scheduled, Published or Withdrawn, as editors think of them."""

    title = "status"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "Ready for review"),
            ("scheduled", "Scheduled"),
            ("published", "Published"),
            ("ended", "Ended (unpublish time passed)"),
            ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.filter(status=Commentary.Status.DRAFT)
            case "review":
                return queryset.awaiting_review()
            case "scheduled":
                return queryset.scheduled()
            case "published":
                return queryset.published()
            case "ended":
                return queryset.ended()
            case "withdrawn":
                return queryset.filter(status=Commentary.Status.WITHDRAWN)
        return queryset


class LinkFilter(admin.SimpleListFilter):
    """Pieces by the result of the last link check (manage.py check_links)."""

    title = "full article link"
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [
            ("broken", "Broken"),
            ("ok", "Working"),
            ("unchecked", "Not checked yet"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "broken":
                return queryset.broken_links()
            case "ok":
                return queryset.filter(link_status__lt=400, link_error="")
            case "unchecked":
                return queryset.filter(link_checked_at__isnull=True)
        return queryset


class MemberFilter(admin.SimpleListFilter):
    """Pieces by one member; lists only members credited on some piece."""

    title = "member"
    parameter_name = "member"

    def lookups(self, request, model_admin):
        members = (
            Member.objects.filter(authorships__isnull=False)
            .distinct()
            .order_by("family_name", "given_name", "name")
            .values_list("pk", "name")
        )
        return [(str(pk), name) for pk, name in members]

    def queryset(self, request, queryset):
        if self.value():
            # A member is credited at most once per piece: no duplicates.
            return queryset.filter(authorships__member_id=self.value())
        return queryset


class TagFilter(admin.SimpleListFilter):
    """Pieces with one tag; lists only tags used on commentaries."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = (
            Tag.objects.filter(articles_taggedcommentary_items__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        return list(tags)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


# --- Authorship inline --------------------------------------------------------------


class AuthorshipInlineForm(forms.ModelForm):
    # An outside author typed with a member's name (or one of its spellings)
    # would lose "APLN member" in the lede: the row is refused, naming the
    # member, unless this box says it is someone else of that name.
    not_member = forms.BooleanField(
        label="not the member",
        required=False,
        help_text="Tick to keep an outside author whose name is also a member's.",
    )

    class Meta:
        model = Authorship
        fields = ["position", "member", "name", "affiliation", "role", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        position = self.fields["position"]
        # Blank means "after the others"; inline-order.js fills it in.
        position.required = False
        position.widget.attrs.update({"class": "fulcrum-position", "min": 0})
        if self.instance.pk is None:
            position.initial = None

    def has_changed(self):
        # A new row holding only a position (numbered by inline-order.js) is
        # still an empty row, and must not be validated or saved.
        if self.instance.pk is None:
            return any(name != "position" for name in self.changed_data)
        return super().has_changed()

    def clean(self):
        cleaned_data = super().clean()
        name = (cleaned_data.get("name") or "").strip()
        typed = self.instance.pk is None or {"name", "member"} & set(self.changed_data)
        if (
            name
            and typed
            and not cleaned_data.get("member")
            and not cleaned_data.get("not_member")
        ):
            members = [member.name for member in Member.objects.matching(name)[:3]]
            if members:
                self.add_error("name", self.member_warning(name, members))
        return cleaned_data

    @staticmethod
    def member_warning(name, members):
        which = " or ".join(members)
        if [member.casefold() for member in members] == [name.casefold()]:
            intro = f"{name} is an APLN member"
        else:
            intro = f"“{name}” is how APLN member {which} is also written"
        return (
            f"{intro}: choose {which} under “Member” instead and clear the "
            "outside author, so the lede says “APLN member”. If this is someone "
            "else, tick “not the member”."
        )


class AuthorshipInlineFormSet(BaseInlineFormSet):
    def kept_forms(self):
        """Return the forms whose authorship will exist after saving, in order."""
        deleted = set(map(id, self.deleted_forms)) if self.can_delete else set()
        kept = []
        for index, form in enumerate(self.forms):
            if id(form) in deleted:
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            position = form.cleaned_data.get("position")
            kept.append(((position is None, position or 0, index), form))
        return [form for _, form in sorted(kept, key=lambda pair: pair[0])]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.kept_forms():
            member = form.cleaned_data.get("member")
            if member is None:
                continue
            if member.pk in seen:
                raise forms.ValidationError(f"{member} is listed twice.")
            seen.add(member.pk)
        if self.instance.status == Commentary.Status.PUBLISHED:
            # The other checks run in Commentary.clean(), beside their fields.
            problems = problems_by_field(self.instance, authors=len(self.kept_forms()))
            if "authors" in problems:
                raise forms.ValidationError(
                    [f"Cannot publish: {message}" for message in problems["authors"]]
                )

    def save(self, commit=True):
        kept = self.kept_forms()
        # Number the authors 0, 1, 2... in the order the editor gave.
        for position, form in enumerate(kept):
            form.instance.position = position
        saved = super().save(commit=commit)
        if commit:
            # The formset saves only rows whose submitted data changed; an
            # untouched row may still move (a row above it was deleted), so
            # store every position, in one query.
            Authorship.objects.bulk_update(
                [form.instance for form in kept if form.instance.pk], ["position"]
            )
            changes.pieces_changed([self.instance.pk])
        return saved


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    form = AuthorshipInlineForm
    formset = AuthorshipInlineFormSet
    fields = ["position", "member", "name", "not_member", "affiliation", "role", "url"]
    autocomplete_fields = ["member"]
    ordering = ["position", "id"]
    classes = ["fulcrum-orderable"]
    verbose_name = "author"
    verbose_name_plural = "authors, in order"

    class Media:
        js = ["admin/fulcrum/inline-order.js"]
        css = ADMIN_CSS

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 1


# --- Commentary -------------------------------------------------------------------


class CommentaryAdminForm(forms.ModelForm):
    class Meta:
        model = Commentary
        # The admin narrows these to the fieldsets less the read-only fields.
        fields = [
            "title",
            "slug",
            "kind",
            "language",
            "translation_of",
            "outlet",
            "full_article_url",
            "link_line",
            "original_published_on",
            "original_published_precision",
            "lede_override",
            "summary",
            "summary_is_excerpt",
            "image",
            "tags",
            "status",
            "published_at",
            "unpublish_at",
            "is_featured",
        ]
        help_texts = {
            "generated_lede_display": "Written from the authors, the kind and the "
            "outlet. Leave the lede beside it blank to use this one.",
        }

    # Set by CommentaryAdmin.get_form: may the person create tags?
    may_add_tags = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and "language" in self.fields and "language" not in self.data:
            # A form posted without the field (an older page, a script)
            # keeps the piece's language, and its history shows no change.
            self.data = self.data.copy()
            self.data["language"] = self.instance.language or languages.DEFAULT

    def clean_tags(self):
        names = self.cleaned_data.get("tags") or []
        problems = [tag_length_problem(name) for name in names]
        if any(problems):
            raise forms.ValidationError([problem for problem in problems if problem])
        new = new_tag_names(names)
        if new and not self.may_add_tags:
            listed = ", ".join(f"“{name}”" for name in new)
            raise forms.ValidationError(
                f"Only editors create tags: {listed} "
                f"{'is' if len(new) == 1 else 'are'} new. Choose existing "
                f"tags, or ask an editor to add {'it' if len(new) == 1 else 'them'}."
            )
        return names


@admin.register(Commentary)
class CommentaryAdmin(ViewOnlyWhenPublic, HistoryAdmin):
    form = CommentaryAdminForm
    inlines = [AuthorshipInline]
    list_display = [
        "title",
        "status_display",
        "outlet_display",
        "authors_display",
        "published_at",
        "is_featured",
        "tags_display",
        "thumbnail",
    ]
    list_filter = [
        VisibilityFilter,
        LinkFilter,
        "outlet",
        "kind",
        TagFilter,
        MemberFilter,
        "is_featured",
    ]
    list_select_related = ["outlet", "image"]
    search_fields = [
        "title",
        "summary",
        "authorships__name",
        "authorships__member__name",
        "authorships__member__native_name",
    ]
    search_help_text = "Search titles, summaries and authors (members or not)."
    date_hierarchy = "published_at"
    # Drafts without a publish time first, then the newest.
    ordering = [F("published_at").desc(nulls_first=True), "-id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["outlet", "image", "translation_of"]
    actions = ["submit_for_review", "publish_now", "unpublish", "withdraw"]
    list_per_page = 50
    save_on_top = True
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    ("language", "translation_of"),
                    "outlet",
                    "full_article_url",
                    "link_line",
                    ("original_published_on", "original_published_precision"),
                ]
            },
        ),
        (
            "Lede",
            {
                "fields": [("generated_lede_display", "lede_override")],
                "description": "The sentence introducing the authors. Leave the "
                "lede blank to use the generated one.",
            },
        ),
        ("Summary", {"fields": ["summary", "summary_is_excerpt"]}),
        ("Image", {"fields": ["image"]}),
        ("Tags", {"fields": ["tags"]}),
        (
            "Publishing",
            {"fields": ["status", ("published_at", "unpublish_at"), "is_featured"]},
        ),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": [
                    ("created_by", "created_at"),
                    ("updated_by", "updated_at"),
                    "link_check_display",
                ],
            },
        ),
    ]
    readonly_fields = [
        "generated_lede_display",
        "link_check_display",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]

    class Media:
        css = ADMIN_CSS

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "authorships",
                    queryset=Authorship.objects.select_related("member").order_by(
                        "position", "id"
                    ),
                ),
                "tags",
            )
        )

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if may_have_duplicates:
            # Matching several authors of one piece repeats its row; a pk
            # subquery removes the repeats without a DISTINCT over every
            # column (the summary is long text).
            return queryset.filter(pk__in=results.values("pk")), False
        return results, False

    # Permissions

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += PUBLISHING_FIELDS
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_publish_permission(request):
            return fieldsets
        note = CONTRIBUTOR_NOTE
        if obj is not None and obj.status not in REVIEWABLE:
            note = self.refused_message(obj)
        return [
            (name, {**options, "description": note})
            if name == "Publishing"
            else (name, options)
            for name, options in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.may_add_tags = request.user.has_perm(ADD_TAG_PERMISSION)
        return form

    def refused_message(self, obj):
        return (
            f"“{obj}” is {obj.visibility}: only an editor can change it now "
            "(ask one for any correction)."
        )

    def has_restore_permission(self, request, obj):
        # A version may hold another status: restoring is publishing.
        return self.has_publish_permission(request)

    def has_change_permission(self, request, obj=None):
        # A contributor's edit of a live (or withdrawn, or scheduled) piece
        # would reach readers with no review: they may only look at it.
        if (
            obj is not None
            and obj.status not in REVIEWABLE
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # Offered only where it can work: a contributor's new piece, draft or
        # piece already in review (a live piece is read-only for them).
        context["can_submit_for_review"] = not self.has_publish_permission(
            request
        ) and (obj is None or obj.status in REVIEWABLE)
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            asked = request.POST.get("status")
            self.keep_publishing_fields(obj, change)
            if SUBMIT_FOR_REVIEW in request.POST and obj.status in REVIEWABLE:
                obj.status = Commentary.Status.REVIEW
                self.message_user(
                    request,
                    f"“{obj}” is ready for review: an editor will publish it.",
                    messages.INFO,
                )
            elif asked and asked != obj.status:
                self.message_user(
                    request,
                    f"Only editors change a piece's status: it stays "
                    f"“{obj.get_status_display()}”.",
                    messages.WARNING,
                )
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def keep_publishing_fields(self, obj, change):
        """Undo any change to status, publish time or featuring."""
        if change:
            stored = Commentary.objects.values(*PUBLISHING_FIELDS).get(pk=obj.pk)
            for name, value in stored.items():
                setattr(obj, name, value)
        else:
            obj.status = Commentary.Status.DRAFT
            obj.published_at = None
            obj.is_featured = False

    # Columns

    @admin.display(description="status", ordering="status")
    def status_display(self, obj):
        return format_html(
            '<span class="fulcrum-status fulcrum-status-{}">{}</span>',
            obj.visibility_key,
            obj.visibility,
        )

    @admin.display(description="outlet", ordering="outlet__name")
    def outlet_display(self, obj):
        return obj.outlet.display_label if obj.outlet_id else ""

    @admin.display(description="authors")
    def authors_display(self, obj):
        return ", ".join(a.display_name for a in obj.ordered_authorships())

    @admin.display(description="tags")
    def tags_display(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description="image")
    def thumbnail(self, obj):
        return thumbnail_html(obj.image, size=60)

    @admin.display(description="link check")
    def link_check_display(self, obj):
        if obj is None or obj.link_checked_at is None:
            return "Not checked yet (manage.py check_links)."
        when = timezone.localtime(obj.link_checked_at).strftime("%d %b %Y %H:%M")
        if obj.link_error:
            return f"Broken: {obj.link_error} (checked {when})"
        answer = (
            f"{'Broken' if obj.link_is_broken else 'Working'}: HTTP {obj.link_status}"
        )
        if obj.link_final_url and obj.link_final_url != obj.full_article_url:
            answer += f", leads to {obj.link_final_url}"
        return f"{answer} (checked {when})"

    @admin.display(description="generated lede")
    def generated_lede_display(self, obj):
        if obj is None or obj.pk is None:
            return "Written from the authors once the piece is saved."
        return obj.generated_lede or "Add authors to generate a lede."

    # Actions

    @admin.action(description="Submit for review")
    def submit_for_review(self, request, queryset):
        """Hand drafts to the editors; pieces already out are left alone."""
        pieces = list(queryset.filter(status=Commentary.Status.DRAFT))
        self.set_status(
            request,
            pieces,
            Commentary.Status.REVIEW,
            "Submitted {} for review.",
            "Submitted for review.",
        )
        skipped = queryset.exclude(status__in=REVIEWABLE).count()
        if skipped:
            self.message_user(
                request,
                f"Left {self.count_text(skipped)} alone: only drafts are "
                "submitted for review.",
                messages.WARNING,
            )

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        """Publish what passes the checks; say why each other piece did not."""
        with transaction.atomic():
            ready, refused = publishing.publish(queryset, by=request.user)
            self.record_history(request, ready, "Published (action).")
        for piece, problems in refused:
            self.message_user(
                request,
                f"Not published: “{piece}”: {' '.join(problems)}",
                messages.ERROR,
            )
        if ready or not refused:
            self.message_user(
                request, f"Published {self.count_text(len(ready))}.", messages.SUCCESS
            )

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        pieces = list(queryset.exclude(status=Commentary.Status.DRAFT))
        self.set_status(
            request,
            pieces,
            Commentary.Status.DRAFT,
            "Moved {} to draft.",
            "Moved to draft.",
        )

    @admin.action(description="Withdraw", permissions=["publish"])
    def withdraw(self, request, queryset):
        pieces = list(queryset.exclude(status=Commentary.Status.WITHDRAWN))
        self.set_status(
            request, pieces, Commentary.Status.WITHDRAWN, "Withdrew {}.", "Withdrawn."
        )

    def set_status(self, request, pieces, status, message, comment):
        """Give pieces a status, keeping a version of each in its history."""
        with transaction.atomic():
            publishing.set_status(pieces, status, by=request.user)
            self.record_history(request, pieces, f"{comment} (action)")
        self.message_user(
            request, message.format(self.count_text(len(pieces))), messages.SUCCESS
        )

    # History

    def history_extras(self, obj, version):
        """Authors, in order, and tags, as they were and as they are."""
        kept = list(version.revision.version_set.select_related("content_type"))

        def stored(model):
            return [v for v in kept if v.content_type.model_class() is model]

        authors_then = [
            v.object_repr
            for v in sorted(
                (
                    v
                    for v in stored(Authorship)
                    if v.field_dict["commentary_id"] == obj.pk
                ),
                key=lambda v: (v.field_dict["position"], int(v.object_id)),
            )
        ]
        authors_now = [a.display_name for a in obj.authorships.select_related("member")]
        tag_ids = {
            v.field_dict["tag_id"]
            for v in stored(TaggedCommentary)
            if v.field_dict["content_object_id"] == obj.pk
        }
        tags_then = sorted(
            v.object_repr for v in stored(Tag) if int(v.object_id) in tag_ids
        )
        tags_now = sorted(obj.tags.names())
        return [
            ("Authors", "\n".join(authors_then), "\n".join(authors_now)),
            ("Tags", ", ".join(tags_then), ", ".join(tags_now)),
        ]

    def restore_problems(self, obj):
        # A version that was published must still pass the checks to stay so.
        if obj.status == Commentary.Status.PUBLISHED:
            return publish_problems(obj)
        return []

    def after_restore(self, request, obj, old_address):
        super().after_restore(request, obj, old_address)
        # Restoring writes rows directly: bring the search text up to date.
        changes.pieces_changed([obj.pk])

    @staticmethod
    def count_text(count):
        return f"{count} commentar{'y' if count == 1 else 'ies'}"


# --- Outlets ----------------------------------------------------------------


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    list_display = ["name", "label", "kind", "commentary_count"]
    list_filter = ["kind"]
    search_fields = ["name", "label"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "label", "slug", "kind", "homepage_url"]

    def get_queryset(self, request):
        # The search touches no relation, so the count is never inflated.
        return (
            super()
            .get_queryset(request)
            .annotate(commentary_count=Count("commentaries"))
        )

    @admin.display(description="pieces", ordering="commentary_count")
    def commentary_count(self, obj):
        return obj.commentary_count


# --- Tags -----------------------------------------------------------------------------


class MergeTagsForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        label="Merge into",
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="The tag to keep. The others are merged into it and deleted; "
        "their addresses redirect to it.",
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = tags


def tag_path(tag):
    return reverse("articles:tag-detail", kwargs={"slug": tag.slug})


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # clean_name says it better than "Ensure this value has at most...".
        name = self.fields["name"]
        name.validators = [
            v for v in name.validators if not isinstance(v, MaxLengthValidator)
        ]

    def clean_name(self):
        name = self.cleaned_data["name"]
        problem = tag_length_problem(name)
        if problem:
            raise forms.ValidationError(problem)
        return name


# taggit's own admin offers a merge that ignores our tag table; this one
# works on commentaries, redirects the old tags' pages, and cleans up.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "piece_count"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]
    actions = ["merge_tags", "remove_unused_tags"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(piece_count=Count("articles_taggedcommentary_items"))
        )

    @admin.display(description="pieces", ordering="piece_count")
    def piece_count(self, obj):
        return obj.piece_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        old_slug = form.initial.get("slug")
        if change and old_slug and old_slug != obj.slug:
            old = Tag(slug=old_slug)
            redirects.record(tag_path(old), tag_path(obj))

    @admin.action(
        description="Merge selected tags into…", permissions=["change", "delete"]
    )
    def merge_tags(self, request, queryset):
        """Ask which tag to keep, then move every piece onto it."""
        tags = queryset.order_by("name")
        if len(tags) < 2:
            self.message_user(
                request, "Select at least two tags to merge.", messages.WARNING
            )
            return None
        if "apply" in request.POST:
            form = MergeTagsForm(request.POST, tags=tags)
            if form.is_valid():
                target = form.cleaned_data["target"]
                merged = self.merge(target, [t for t in tags if t.pk != target.pk])
                self.message_user(
                    request,
                    f"Merged {', '.join(f'“{t}”' for t in merged)} into “{target}”.",
                    messages.SUCCESS,
                )
                return None
        else:
            form = MergeTagsForm(tags=tags)
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge tags",
            "opts": self.opts,
            "tags": tags,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge_tags.html", context)

    @staticmethod
    def merge(target, sources):
        """Move the pieces of sources onto target, then delete sources."""
        items = TaggedCommentary.objects.filter(tag__in=sources)
        with transaction.atomic():
            pieces = set(items.values_list("content_object_id", flat=True))
            # A piece with both tags keeps one row: the target's.
            items.filter(
                content_object__in=TaggedCommentary.objects.filter(tag=target).values(
                    "content_object"
                )
            ).delete()
            items.update(tag=target)
            changes.pieces_changed(pieces)
            for source in sources:
                redirects.record(tag_path(source), tag_path(target))
                source.delete()
        return sources

    @admin.action(description="Remove unused tags", permissions=["delete"])
    def remove_unused_tags(self, request, queryset):
        """Delete the selected tags that no piece uses; keep the others."""
        unused = Tag.objects.filter(
            pk__in=queryset.values("pk"),
            articles_taggedcommentary_items__isnull=True,
            taggit_taggeditem_items__isnull=True,
        )
        names = sorted(unused.values_list("name", flat=True).distinct())
        kept = queryset.count() - len(names)
        Tag.objects.filter(pk__in=list(unused.values_list("pk", flat=True))).delete()
        count = f"{len(names)} unused tag{'' if len(names) == 1 else 's'}"
        self.message_user(request, f"Removed {count}.", messages.SUCCESS)
        if kept:
            self.message_user(
                request,
                f"Kept {kept} tag{'' if kept == 1 else 's'} in use.",
                messages.INFO,
            )


# --- Images, locked once readers see them -------------------------------------------
# The images admin lives in images, which knows nothing of pieces or members;
# articles adds the rule that needs them.


def image_in_public_use(image):
    """Return True if readers see image: on a piece that is live, scheduled,
    ended or withdrawn (anything but a draft or a piece in review), or as a
    member's photo."""
    return (
        Commentary.objects.filter(image=image).exclude(status__in=REVIEWABLE).exists()
        or Member.objects.filter(photo=image).exists()
    )


IMAGE_LOCKED_NOTE = (
    "Readers see this image (on a published, scheduled or withdrawn piece, or "
    "as a member's photo): only editors change or restore it."
)

admin.site.unregister(Image)


@admin.register(Image)
class ImageAdmin(ViewOnlyWhenPublic, images_admin.ImageAdmin):
    """Contributors may only view an image readers see, as with pieces: its
    change form is read-only for them, a posted change is refused, and so is
    "Restore this version" (HistoryAdmin.has_restore_permission asks
    has_change_permission)."""

    def is_locked_for(self, request, obj):
        if obj is None or request.user.has_perm(PUBLISH_PERMISSION):
            return False
        # Asked several times for one page: look once per image loaded.
        if "_in_public_use" not in obj.__dict__:
            obj._in_public_use = image_in_public_use(obj)
        return obj._in_public_use

    def has_change_permission(self, request, obj=None):
        if self.is_locked_for(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.is_locked_for(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "description": IMAGE_LOCKED_NOTE}), *rest]

    def refused_message(self, obj):
        return f"“{obj}”: {IMAGE_LOCKED_NOTE}"


# --- Members, with their pieces --------------------------------------------------------
# The members admin lives in members, which knows nothing of commentaries;
# articles adds each member's pieces to it.


def published_count():
    """Count a member's published pieces, as a subquery: joins added by the
    search (aliases) cannot inflate it."""
    pieces = (
        Commentary.objects.published()
        .filter(authorships__member=OuterRef("pk"))
        .order_by()
        .values("authorships__member")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(pieces, output_field=IntegerField()), 0)


admin.site.unregister(Member)


@admin.register(Member)
class MemberAdmin(members_admin.MemberAdmin):
    list_display = [*members_admin.MemberAdmin.list_display, "published_count"]
    readonly_fields = ["pieces", *members_admin.MemberAdmin.readonly_fields]
    fieldsets = [
        (name, {**options, "fields": [*options["fields"], "pieces"]})
        if name == "Pieces"
        else (name, options)
        for name, options in members_admin.MemberAdmin.fieldsets
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(published_count=published_count())

    @admin.display(description="published pieces", ordering="published_count")
    def published_count(self, obj):
        return obj.published_count

    @admin.display(description="pieces")
    def pieces(self, obj):
        """List the member's pieces, linked to their change pages, in one query."""
        if obj is None or obj.pk is None:
            return "—"
        authorships = obj.authorships.select_related("commentary").order_by(
            "-commentary__published_at", "-commentary__id"
        )
        rows = [
            (
                reverse("admin:articles_commentary_change", args=[a.commentary.pk]),
                a.commentary.title,
                a.commentary.visibility,
                (
                    f", {localtime(a.commentary.published_at):%d %b %Y}"
                    if a.commentary.published_at
                    else ""
                ),
            )
            for a in authorships
        ]
        if not rows:
            return "No pieces yet."
        return format_html(
            '<ul class="fulcrum-pieces">{}</ul>',
            format_html_join("", '<li><a href="{}">{}</a> ({}{})</li>', rows),
        )
