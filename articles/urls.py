from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.CommentaryFeed(), name="feed"),
    path("feed/atom/", feeds.CommentaryAtomFeed(), name="feed-atom"),
    path("commentaries/", views.CommentaryListView.as_view(), name="commentary-list"),
    path(
        "commentaries/<str:slug>/",
        views.CommentaryDetailView.as_view(),
        name="commentary-detail",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("outlets/", views.OutletListView.as_view(), name="outlet-list"),
    path("outlets/<str:slug>/", views.OutletDetailView.as_view(), name="outlet-detail"),
    path("outlets/<str:slug>/feed/", feeds.OutletFeed(), name="outlet-feed"),
    path(
        "outlets/<str:slug>/feed/atom/",
        feeds.OutletAtomFeed(),
        name="outlet-feed-atom",
    ),
]

# A member's page and feeds: under /members/ in the "members" namespace,
# beside the directory (see fulcrum.urls).
member_urlpatterns = [
    path("<str:slug>/", views.MemberDetailView.as_view(), name="member-detail"),
    path("<str:slug>/feed/", feeds.MemberFeed(), name="member-feed"),
    path("<str:slug>/feed/atom/", feeds.MemberAtomFeed(), name="member-feed-atom"),
]
