from django.urls import path

from articles import feeds

from . import views

app_name = "members"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="member-list"),
    path("<str:slug>/", views.MemberDetailView.as_view(), name="member-detail"),
    path("<str:slug>/feed/", feeds.MemberFeed(), name="member-feed"),
    path("<str:slug>/feed/atom/", feeds.MemberAtomFeed(), name="member-feed-atom"),
]
