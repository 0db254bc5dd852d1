import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag

from members.models import Member
from members.names import name_key

from .models import Commentary, Outlet


def start_of(day):
    """The first instant of day in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class CommentaryFilterForm(forms.Form):
    """The filters of the commentaries list, read from the query string.

    Tag, outlet and member take what a reader types or picks: a name
    ("Japan", "Hoang Thi Ha", "Hoàng Thị Hà") or the slug in a page's address
    ("japan", "hoang-thi-ha"). Each is matched in a subquery of the list's
    own query, so a filter adds no query to the page.
    """

    tag = forms.CharField(required=False, max_length=100, strip=True)
    outlet = forms.CharField(required=False, max_length=200, strip=True)
    member = forms.CharField(required=False, max_length=200, strip=True)
    kind = forms.ChoiceField(
        required=False, choices=[("", "All kinds"), *Commentary.Kind.choices]
    )
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    since = forms.DateField(required=False, label="From")
    until = forms.DateField(required=False, label="To")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date must not come before the start date.")
        return data

    def filter(self, queryset):
        """Return queryset narrowed by the valid filters; invalid ones are ignored."""
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        # [:1]: one tag, outlet or member each, so no piece is listed twice.
        if data["tag"]:
            tags = Tag.objects.filter(
                Q(slug=data["tag"]) | Q(name__iexact=data["tag"])
            ).order_by("pk")
            queryset = queryset.filter(tags__in=tags.values("pk")[:1])
        if data["outlet"]:
            outlets = Outlet.objects.filter(
                Q(slug=data["outlet"]) | Q(name__iexact=data["outlet"])
            ).order_by("pk")
            queryset = queryset.filter(outlet__in=outlets.values("pk")[:1])
        if data["member"]:
            key = name_key(data["member"])
            members = Member.objects.filter(
                Q(slug=data["member"]) | Q(name_key=key) | Q(aliases__name_key=key)
            ).order_by("pk")
            queryset = queryset.filter(authorships__member__in=members.values("pk")[:1])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["year"]:
            queryset = queryset.filter(published_at__year=data["year"])
        if data["since"]:
            queryset = queryset.filter(published_at__gte=start_of(data["since"]))
        if data["until"]:
            next_day = data["until"] + datetime.timedelta(days=1)
            queryset = queryset.filter(published_at__lt=start_of(next_day))
        return queryset
