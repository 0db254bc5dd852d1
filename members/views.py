from django.db.models import Exists, F, OuterRef
from django.views.generic import ListView
from django_countries import countries as country_names

from .models import Member, MembershipCategory


class MemberListView(ListView):
    """Active members, grouped by category, optionally for one country and
    one category."""

    query_parameters = frozenset({"country", "category"})

    def get_queryset(self):
        members = (
            Member.objects.active()
            .select_related("category", "photo")
            # Members without a category last, whatever the database's NULL order.
            .order_by(
                F("category__position").asc(nulls_last=True),
                "category__name",
                "family_name",
                "name",
            )
        )
        self.country = self.request.GET.get("country", "").upper()[:2]
        if self.country:
            members = members.filter(country=self.country)
        self.category = self.request.GET.get("category", "")[:100]
        if self.category:
            members = members.filter(category__slug=self.category)
        return members

    def get_context_data(self, **kwargs):
        countries = (
            Member.objects.active()
            .exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by("country")
        )
        categories = MembershipCategory.objects.filter(
            Exists(Member.objects.active().filter(category=OuterRef("pk")))
        )
        return super().get_context_data(
            country=self.country,
            category=self.category,
            categories=categories,
            countries=[(code, country_names.name(code)) for code in countries],
            **kwargs,
        )
