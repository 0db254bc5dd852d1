from django import forms

from .models import Commentary


class CommentaryFilterForm(forms.Form):
    """The filters of the commentaries list, read from the query string."""

    tag = forms.SlugField(required=False, allow_unicode=True)
    outlet = forms.SlugField(required=False, allow_unicode=True)
    member = forms.SlugField(required=False, allow_unicode=True)
    kind = forms.ChoiceField(
        required=False, choices=[("", "All kinds"), *Commentary.Kind.choices]
    )
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)

    def filter(self, queryset):
        """Return queryset narrowed by the valid filters; invalid ones are ignored."""
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["tag"]:
            queryset = queryset.filter(tags__slug=data["tag"])
        if data["outlet"]:
            queryset = queryset.filter(outlet__slug=data["outlet"])
        if data["member"]:
            queryset = queryset.filter(authorships__member__slug=data["member"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["year"]:
            queryset = queryset.filter(published_at__year=data["year"])
        return queryset
