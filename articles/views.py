from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from members.models import Member

from . import search
from .forms import CommentaryFilterForm
from .models import Commentary, Outlet, TaggedCommentary, published_q
from .pagination import SeekPaginationMixin
from .related import further_reading, pieces_by_topic

PAGE_SIZE = 20
LATEST_CARDS = 12


def published_years():
    """Years from the latest publication back to the first, newest first.

    Two index lookups, whatever the size of the table; a year in between
    with nothing published is offered too (and lists nothing).
    """
    published = Commentary.objects.published().values_list("published_at", flat=True)
    latest = published.order_by("-published_at").first()
    if latest is None:
        return []
    earliest = published.order_by("published_at").first()
    last, first = timezone.localtime(latest).year, timezone.localtime(earliest).year
    return list(range(last, first - 1, -1))


class HomeView(TemplateView):
    """A lead story, the featured row, the latest pieces, then a few topics.

    The lead is the newest featured piece (else the newest piece); the
    topics are the ones most pieces on the page share.
    """

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        published = Commentary.objects.published().with_related()
        featured = list(published.filter(is_featured=True)[:4])
        # Twelve latest cards; one more when the newest of them is the lead.
        size = LATEST_CARDS if featured else LATEST_CARDS + 1
        latest = list(published.exclude(pk__in=[c.pk for c in featured])[:size])
        if featured:
            lead, featured = featured[0], featured[1:]
        else:
            lead, latest = (latest[0], latest[1:]) if latest else (None, [])
        shown = [c for c in (lead, *featured, *latest) if c is not None]
        return super().get_context_data(
            lead=lead,
            featured=featured,
            latest=latest,
            topics=pieces_by_topic(shown, exclude=shown),
            **kwargs,
        )


class CommentaryListView(SeekPaginationMixin, ListView):
    paginate_by = PAGE_SIZE
    count_parameters = tuple(CommentaryFilterForm.base_fields)
    query_parameters = SeekPaginationMixin.query_parameters | set(count_parameters)

    def get_queryset(self):
        self.filters = CommentaryFilterForm(self.request.GET)
        published = Commentary.objects.published()
        # No DISTINCT: one tag and one member each match at most one row of
        # a piece (unique constraints), so the filters repeat no row, and
        # counting 100,000 DISTINCT rows would cost more than the page.
        # Cards load what they show for the pieces they render (articles.cards).
        return self.filters.filter(published).card_rows()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        for name in ("page", "after", "before"):
            query.pop(name, None)
        with_pieces = Commentary.objects.published().filter(outlet=OuterRef("pk"))
        outlets = Outlet.objects.filter(Exists(with_pieces))
        return super().get_context_data(
            filters=self.filters,
            heading=self.filters.heading(outlets),
            # Every filter's value, "" when not given: a missing key in the
            # template costs a failed lookup, an exception and a dir() each.
            chosen={
                name: self.request.GET.get(name, "") for name in self.filters.fields
            },
            years=published_years(),
            outlets=outlets,
            query_string=query.urlencode(),
            **kwargs,
        )


class CommentaryDetailView(DetailView):
    def get_queryset(self):
        queryset = Commentary.objects.select_related("outlet", "image")
        # Staff who may edit a piece may preview it before it is public.
        if self.request.user.has_perm("articles.change_commentary"):
            return queryset
        return queryset.published()

    def get_object(self, queryset=None):
        commentary = super().get_object(queryset)
        commentary.load_related(remember=True)
        return commentary

    def get_context_data(self, **kwargs):
        # The lede is shown four times (meta, Open Graph, JSON-LD, page):
        # written from the authors once.
        return super().get_context_data(
            lede=self.object.lede, **further_reading(self.object), **kwargs
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response


class FilteredListView(SeekPaginationMixin, ListView):
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
        # Cards load what they show for the pieces they render (articles.cards).
        return self.filter_commentaries(published).card_rows()

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class TagListView(ListView):
    """/tags/: every topic with published pieces, with how many, by name."""

    template_name = "articles/tag_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        # One grouped query over the tag links of published pieces; the page
        # cache keeps the answer until the content changes.
        return (
            TaggedCommentary.objects.filter(published_q("content_object__"))
            .values("tag__name", "tag__slug")
            .annotate(count=Count("id"))
            .order_by("tag__name")
        )


class OutletListView(ListView):
    """/outlets/: every outlet with published pieces, with how many, by name."""

    template_name = "articles/outlet_list.html"
    context_object_name = "outlets"

    def get_queryset(self):
        return (
            Outlet.objects.filter(published_q("commentaries__"))
            .annotate(count=Count("commentaries"))
            .order_by("name")
        )


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
    """/search/?q=: members, topics and published pieces matching every word.

    Pieces are ranked (articles.search); a page costs the same queries
    whatever it shows: the ranked ids, the page's pieces with what their
    cards show, the members and the topics.
    """

    query_parameters = frozenset({"q", "page"})
    template_name = "articles/search.html"
    paginate_by = PAGE_SIZE
    context_object_name = "results"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:200]
        return search.ranked_ids(Commentary.objects.published(), self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        ids = list(context["results"])
        found = Commentary.objects.filter(pk__in=ids).with_related().in_bulk()
        results = [found[pk] for pk in ids if pk in found]
        for commentary in results:
            commentary.snippet = search.highlight(commentary.summary, self.query)
            commentary.title_marked = search.highlight(
                commentary.title, self.query, width=len(commentary.title)
            )
        context["results"] = results
        context["more_than_shown"] = len(self.object_list) >= search.CANDIDATES
        if self.query and context["page_obj"].number == 1:
            context["members"] = search.find_members(self.query)
            context["topics"] = search.find_topics(
                self.query, Commentary.objects.published()
            )
        return context


class MemberDetailView(FilteredListView):
    """A member's profile with their published pieces."""

    template_name = "members/member_detail.html"

    def get_object(self):
        return get_object_or_404(
            Member.objects.public()
            .select_related("category", "photo")
            .prefetch_related("links"),
            slug=self.kwargs["slug"],
        )

    def filter_commentaries(self, queryset):
        return queryset.filter(authorships__member=self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.object, **kwargs)
