from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from . import search
from .forms import CommentaryFilterForm
from .models import Commentary, Outlet

PAGE_SIZE = 20


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        published = Commentary.objects.published().with_related()
        featured = list(published.filter(is_featured=True)[:3])
        latest = published.exclude(pk__in=[c.pk for c in featured])[:12]
        return super().get_context_data(featured=featured, latest=latest, **kwargs)


class CommentaryListView(ListView):
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filters = CommentaryFilterForm(self.request.GET)
        published = Commentary.objects.published()
        # Filtering through authorships or tags can repeat a row.
        return self.filters.filter(published).distinct().with_related()

    def get_context_data(self, **kwargs):
        years = Commentary.objects.published().dates("published_at", "year", "DESC")
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filters=self.filters,
            years=[d.year for d in years],
            outlets=Outlet.objects.filter(
                commentaries__in=Commentary.objects.published()
            ).distinct(),
            query_string=query.urlencode(),
            **kwargs,
        )


class CommentaryDetailView(DetailView):
    def get_queryset(self):
        queryset = Commentary.objects.with_related()
        # Staff who may edit a piece may preview it before it is public.
        if self.request.user.has_perm("articles.change_commentary"):
            return queryset
        return queryset.published()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response


class FilteredListView(ListView):
    """A list of published pieces belonging to one object (tag, outlet...)."""

    paginate_by = PAGE_SIZE
    context_object_name = "commentaries"

    def get_object(self):
        raise NotImplementedError

    def filter_commentaries(self, queryset):
        raise NotImplementedError

    def get_queryset(self):
        self.object = self.get_object()
        published = Commentary.objects.published()
        return self.filter_commentaries(published).with_related()

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class TagDetailView(FilteredListView):
    template_name = "articles/tag_detail.html"

    def get_object(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def filter_commentaries(self, queryset):
        return queryset.filter(tags=self.object)


class OutletDetailView(FilteredListView):
    template_name = "articles/outlet_detail.html"

    def get_object(self):
        return get_object_or_404(Outlet, slug=self.kwargs["slug"])

    def filter_commentaries(self, queryset):
        return queryset.filter(outlet=self.object)


class SearchView(ListView):
    """/search/?q=: published pieces matching every word, best first."""

    template_name = "articles/search.html"
    paginate_by = PAGE_SIZE
    context_object_name = "results"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:200]
        return search.search(Commentary.objects.published(), self.query).with_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        for commentary in context["results"]:
            commentary.snippet = search.highlight(commentary.summary, self.query)
            commentary.title_marked = search.highlight(
                commentary.title, self.query, width=len(commentary.title)
            )
        return context
