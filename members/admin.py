"""Members, their other spellings and links, and the membership categories.

A member's history keeps its spellings and links with it (HistoryAdmin); a
member credited on pieces cannot be deleted, and the refusal names them.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django_countries.filters import CountryFilter

from core.history import HistoryAdmin
from core.slugs import unique_slug

from .models import Member, MemberAlias, MemberLink, MembershipCategory
from .names import name_key


class MemberAdminForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "honorific",
            "name",
            "given_name",
            "family_name",
            "native_name",
            "native_name_language",
            "slug",
            "position",
            "country",
            "category",
            "bio",
            "photo",
            "is_active",
        ]

    def clean(self):
        cleaned_data = super().clean()
        # The database refuses an empty slug, and model validation runs
        # before Member.save() would fill it in: fill it here.
        if not cleaned_data.get("slug") and cleaned_data.get("name"):
            cleaned_data["slug"] = unique_slug(
                Member,
                cleaned_data["name"],
                fallback="member",
                exclude_pk=self.instance.pk,
            )
        return cleaned_data


class MemberAliasFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # Two spellings with one key ("Chung-in Moon", "Moon Chung In") would
        # break the database's uniqueness rule: say so instead.
        seen = {}
        for form in self.forms:
            name = form.cleaned_data.get("name")  # {} for a blank extra row
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = name_key(name)
            if key in seen:
                raise forms.ValidationError(
                    f"“{seen[key]}” and “{name}” are the same spelling; keep one."
                )
            seen[key] = name


class MemberAliasInline(admin.TabularInline):
    model = MemberAlias
    formset = MemberAliasFormSet
    fields = ["name"]
    extra = 1
    verbose_name = "other spelling"
    verbose_name_plural = "other spellings of the name (used to match authors)"


class MemberLinkInline(admin.TabularInline):
    model = MemberLink
    fields = ["label", "url", "position"]
    ordering = ["position", "id"]
    extra = 1


@admin.register(Member)
class MemberAdmin(HistoryAdmin):
    form = MemberAdminForm
    inlines = [MemberAliasInline, MemberLinkInline]
    list_display = [
        "name",
        "position",
        "country",
        "category",
        "is_active",
        "is_to_review",
    ]
    list_filter = [
        "is_to_review",
        "category",
        ("country", CountryFilter),
        "is_active",
    ]
    actions = ["confirm"]
    list_select_related = ["category"]
    search_fields = ["name", "native_name", "aliases__name", "position"]
    search_help_text = "Search names (in any spelling or script) and positions."
    ordering = ["family_name", "given_name", "name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    list_per_page = 100
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("honorific", "name"),
                    ("given_name", "family_name"),
                    ("native_name", "native_name_language"),
                    "slug",
                ]
            },
        ),
        ("Profile", {"fields": ["position", "country", "category", "bio", "photo"]}),
        ("Pieces", {"fields": ["is_active", "is_to_review"]}),
        (
            "Advanced",
            {"classes": ["collapse"], "fields": ["created_at", "updated_at"]},
        ),
    ]
    readonly_fields = ["created_at", "updated_at"]

    @admin.action(description="Confirm: show on public pages", permissions=["change"])
    def confirm(self, request, queryset):
        """Members an import created to review become public, one by one so
        that each save is recorded in their history."""
        confirmed = 0
        for member in queryset.to_review():
            member.is_to_review = False
            member.save()
            confirmed += 1
        self.message_user(
            request,
            f"{confirmed} member{'s' if confirmed != 1 else ''} confirmed: now on "
            "public pages.",
        )

    def history_extras(self, obj, version):
        """Other spellings and links, as they were and as they are."""
        kept = list(version.revision.version_set.select_related("content_type"))

        def then(model):
            rows = [
                v
                for v in kept
                if v.content_type.model_class() is model
                and v.field_dict["member_id"] == obj.pk
            ]
            return "\n".join(sorted(v.object_repr for v in rows))

        return [
            (
                "Other spellings",
                then(MemberAlias),
                "\n".join(sorted(a.name for a in obj.aliases.all())),
            ),
            (
                "Links",
                then(MemberLink),
                "\n".join(sorted(str(link) for link in obj.links.all())),
            ),
        ]


class InUseFilter(admin.SimpleListFilter):
    """Categories with or without members: an unused one can be deleted."""

    title = "in use"
    parameter_name = "in_use"

    def lookups(self, request, model_admin):
        return [("yes", "Has members"), ("no", "No members")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(member_count__gt=0)
        if self.value() == "no":
            return queryset.filter(member_count=0)
        return queryset


@admin.register(MembershipCategory)
class MembershipCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "plural_name", "position", "member_count"]
    list_editable = ["position"]
    list_filter = [InUseFilter]
    search_fields = ["name", "plural_name"]
    ordering = ["position", "name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description="members", ordering="member_count")
    def member_count(self, obj):
        return obj.member_count
