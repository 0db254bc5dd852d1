from django.db.models import F
from django.views.generic import ListView
from django_countries import countries as country_names

from .models import Member


class MemberListView(ListView):
    """Active members, grouped by category, optionally for one country."""

    query_parameters = frozenset({"country"})

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
        return members

    def get_context_data(self, **kwargs):
        countries = (
            Member.objects.active()
            .exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by("country")
        )
        return super().get_context_data(
            country=self.country,
            countries=[(code, country_names.name(code)) for code in countries],
            **kwargs,
        )
