from django.urls import path

from . import views

app_name = "members"

# The directory. A member's own page lists their pieces, so it belongs to
# articles (articles.urls.member_urlpatterns); fulcrum.urls serves both under
# this namespace.
urlpatterns = [
    path("", views.MemberListView.as_view(), name="member-list"),
]
