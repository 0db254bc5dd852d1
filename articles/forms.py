import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
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
            tags = self.matching_tags()
            queryset = queryset.filter(tags__in=tags.values("pk")[:1])
        if data["outlet"]:
            outlets = Outlet.objects.filter(
                Q(slug=data["outlet"]) | Q(name__iexact=data["outlet"])
            ).order_by("pk")
            queryset = queryset.filter(outlet__in=outlets.values("pk")[:1])
        if data["member"]:
            members = self.matching_members()
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

    def matching_tags(self):
        """The tags the tag filter names, the one it uses first."""
        wanted = self.cleaned_data["tag"]
        return Tag.objects.filter(Q(slug=wanted) | Q(name__iexact=wanted)).order_by(
            "pk"
        )

    def matching_members(self):
        """The members the member filter names, the one it uses first."""
        wanted = self.cleaned_data["member"]
        key = name_key(wanted)
        return Member.objects.filter(
            Q(slug=wanted) | Q(name_key=key) | Q(aliases__name_key=key)
        ).order_by("pk")

    def heading(self, outlets=()):
        """The list's heading, saying what is filtered, with names as stored.

        A query for the tag's or the member's name when those filters are
        used (the outlet is found among `outlets`, the outlet select's); a
        filter that names nothing is shown as typed.
        """
        if not self.is_bound or not self.is_valid():
            return "Commentaries"
        data = self.cleaned_data
        parts = ["Commentaries"]
        if data["tag"]:
            name = self.matching_tags().values_list("name", flat=True).first()
            parts.append(f"tagged “{name or data['tag']}”")
        if data["outlet"]:
            wanted = data["outlet"].casefold()
            label = next(
                (
                    o.display_label
                    for o in outlets
                    if wanted in (o.slug, o.name.casefold())
                ),
                data["outlet"],
            )
            parts.append(f"from {label}")
        if data["member"]:
            name = self.matching_members().values_list("name", flat=True).first()
            parts.append(f"by {name or data['member']}")
        if data["kind"]:
            parts.append(f"of the kind “{Commentary.Kind(data['kind']).label}”")
        if data["year"]:
            parts.append(f"published in {data['year']}")
        if data["since"]:
            parts.append(f"from {date_format(data['since'], 'j F Y')}")
        if data["until"]:
            parts.append(f"until {date_format(data['until'], 'j F Y')}")
        return " ".join(parts)
