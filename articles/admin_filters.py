"""Commentary list filters that search instead of listing every value.

A sidebar listing every tag, member and outlet grows with the archive; these
filters show a search box (the admin's own autocomplete, fed by
/admin/autocomplete/ from the searches of the tag, member and outlet admins)
and the value chosen, and cost no query until one is chosen.
search-filter.js goes to the filtered list when a value is picked.
"""

from django.contrib import admin
from taggit.models import Tag

from members.models import Member

from .models import Outlet, TaggedCommentary


class SearchListFilter(admin.SimpleListFilter):
    template = "admin/fulcrum/search_filter.html"
    # The relation the autocomplete answers for: app, model and field.
    source = ("", "", "")
    placeholder = ""

    def lookups(self, request, model_admin):
        # Only the chosen value: the others come from the search.
        value = self.value()
        if not value:
            return []
        label = self.label_for(value)
        return [(value, label)] if label else []

    def has_output(self):
        return True

    def label_for(self, value):
        raise NotImplementedError

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "All",
        }

    def search_box(self):
        """What the template needs to draw the search box."""
        app_label, model_name, field_name = self.source
        return {
            "parameter": self.parameter_name,
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "placeholder": self.placeholder,
            "chosen": self.lookup_choices[0] if self.lookup_choices else None,
        }


class MemberFilter(SearchListFilter):
    """Pieces by one member."""

    title = "member"
    parameter_name = "member"
    source = ("articles", "authorship", "member")
    placeholder = "Search members"

    def label_for(self, value):
        if not value.isdigit():
            return ""
        return Member.objects.filter(pk=value).values_list("name", flat=True).first()

    def queryset(self, request, queryset):
        if self.value():
            # A member is credited at most once per piece: no duplicates.
            return queryset.filter(authorships__member_id=self.value())
        return queryset


class TagFilter(SearchListFilter):
    """Pieces with one tag, chosen by its address (slug) or, from the
    search box, its number."""

    title = "tag"
    parameter_name = "tag"
    source = ("articles", "commentary", "tags")
    placeholder = "Search tags"

    def tags(self):
        value = self.value()
        tags = Tag.objects.filter(slug=value)
        if value.isdigit():
            tags = tags | Tag.objects.filter(pk=value)
        return tags

    def label_for(self, value):
        return self.tags().values_list("name", flat=True).first()

    def queryset(self, request, queryset):
        if self.value():
            tagged = TaggedCommentary.objects.filter(tag__in=self.tags())
            return queryset.filter(pk__in=tagged.values("content_object"))
        return queryset


class OutletFilter(SearchListFilter):
    """Pieces from one outlet (the parameter Django's own filter used)."""

    title = "outlet"
    parameter_name = "outlet__id__exact"
    source = ("articles", "commentary", "outlet")
    placeholder = "Search outlets"

    def label_for(self, value):
        if not value.isdigit():
            return ""
        return Outlet.objects.filter(pk=value).values_list("name", flat=True).first()

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(outlet_id=value)
        return queryset
