"""The editors' admin: commentaries with ordered authors, outlets and images.

Contributors (no `articles.publish_commentary`) write drafts: the publishing
fields are read-only for them, the publishing actions are hidden, and
`CommentaryAdmin.save_model` keeps the stored values whatever a POST says.
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.html import format_html
from taggit.models import Tag

from members.models import Member

from .models import Authorship, Commentary, Image, Outlet

PUBLISH_PERMISSION = "articles.publish_commentary"
# Fields only people who may publish can change.
PUBLISHING_FIELDS = ("status", "published_at", "is_featured")
CONTRIBUTOR_NOTE = (
    "Only editors publish, schedule, withdraw or feature a piece: a new piece "
    "is saved as a draft for them to review."
)
ADMIN_CSS = {"all": ["admin/fulcrum/admin.css"]}


def is_web_url(url):
    return url.lower().startswith(("http://", "https://"))


def thumbnail_html(image, size=80):
    """Return an <img> for an Image, with its alt text, or "" without a file."""
    if image is None or not image.file:
        return ""
    alt = "" if image.is_decorative else image.alt_text
    return format_html(
        '<img src="{}" alt="{}" width="{}" class="fulcrum-thumb" loading="lazy">',
        image.file.url,
        alt,
        size,
    )


def credit_html(image):
    """Return the credit line, linking to the source when there is one."""
    if image.source_url and is_web_url(image.source_url):
        return format_html(
            '{} <a href="{}" rel="noopener noreferrer">source</a>',
            image.credit,
            image.source_url,
        )
    return image.credit


# --- Commentary list filters ----------------------------------------------------


class VisibilityFilter(admin.SimpleListFilter):
    """Draft, Scheduled, Published or Withdrawn, as editors think of them."""

    title = "status"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("published", "Published"),
            ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.filter(status=Commentary.Status.DRAFT)
            case "scheduled":
                return queryset.scheduled()
            case "published":
                return queryset.published()
            case "withdrawn":
                return queryset.filter(status=Commentary.Status.WITHDRAWN)
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
        return saved


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    form = AuthorshipInlineForm
    formset = AuthorshipInlineFormSet
    fields = ["position", "member", "name", "affiliation", "role", "url"]
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
            "is_featured",
        ]
        help_texts = {
            "generated_lede_display": "Written from the authors, the kind and the "
            "outlet. Leave the lede beside it blank to use this one.",
        }


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
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
    autocomplete_fields = ["outlet", "image"]
    actions = ["publish_now", "unpublish", "withdraw"]
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
        ("Publishing", {"fields": ["status", "published_at", "is_featured"]}),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": [
                    ("created_by", "created_at"),
                    ("updated_by", "updated_at"),
                ],
            },
        ),
    ]
    readonly_fields = [
        "generated_lede_display",
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
        return [
            (name, {**options, "description": CONTRIBUTOR_NOTE})
            if name == "Publishing"
            else (name, options)
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            self.keep_publishing_fields(obj, change)
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
        visibility = obj.visibility
        return format_html(
            '<span class="fulcrum-status fulcrum-status-{}">{}</span>',
            visibility.lower(),
            visibility,
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

    @admin.display(description="generated lede")
    def generated_lede_display(self, obj):
        if obj is None or obj.pk is None:
            return "Written from the authors once the piece is saved."
        return obj.generated_lede or "Add authors to generate a lede."

    # Actions

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        not_live = queryset.exclude(
            status=Commentary.Status.PUBLISHED, published_at__lte=now
        )
        with transaction.atomic():
            count = not_live.count()
            # No time or a future one (scheduled): out now. A past time (a
            # piece published before, a backlog import) is kept.
            not_live.filter(
                Q(published_at__isnull=True) | Q(published_at__gt=now)
            ).update(
                status=Commentary.Status.PUBLISHED,
                published_at=now,
                updated_by=request.user,
                updated_at=now,
            )
            not_live.update(
                status=Commentary.Status.PUBLISHED,
                updated_by=request.user,
                updated_at=now,
            )
        self.message_user(
            request, f"Published {self.count_text(count)}.", messages.SUCCESS
        )

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self.set_status(
            request, queryset, Commentary.Status.DRAFT, "Moved {} to draft."
        )

    @admin.action(description="Withdraw", permissions=["publish"])
    def withdraw(self, request, queryset):
        self.set_status(request, queryset, Commentary.Status.WITHDRAWN, "Withdrew {}.")

    def set_status(self, request, queryset, status, message):
        count = queryset.exclude(status=status).update(
            status=status, updated_by=request.user, updated_at=timezone.now()
        )
        self.message_user(
            request, message.format(self.count_text(count)), messages.SUCCESS
        )

    @staticmethod
    def count_text(count):
        return f"{count} commentar{'y' if count == 1 else 'ies'}"


# --- Outlet and Image ----------------------------------------------------------------


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
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


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "is_decorative",
            "caption",
            "credit",
            "source_url",
            "licence",
        ]
        widgets = {
            "file": admin.widgets.AdminFileWidget(attrs={"accept": "image/*"}),
        }


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = [
        "thumbnail",
        "__str__",
        "credit_line",
        "licence",
        "is_decorative",
        "uploaded_by",
        "created_at",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["licence", "is_decorative"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    ordering = ["-created_at", "-id"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "is_decorative"]}),
        ("Attribution", {"fields": ["caption", "credit", "source_url", "licence"]}),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": [("width", "height"), "uploaded_by", "created_at"],
            },
        ),
    ]
    readonly_fields = ["preview", "width", "height", "uploaded_by", "created_at"]

    class Media:
        css = ADMIN_CSS

    def save_model(self, request, obj, form, change):
        if not change or "file" in form.changed_data:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="image")
    def thumbnail(self, obj):
        return thumbnail_html(obj)

    @admin.display(description="preview")
    def preview(self, obj):
        return thumbnail_html(obj, size=320) or "—"

    @admin.display(description="credit", ordering="credit")
    def credit_line(self, obj):
        return credit_html(obj)
