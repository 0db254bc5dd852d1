from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("commentaries/", views.CommentaryListView.as_view(), name="commentary-list"),
    path(
        "commentaries/<str:slug>/",
        views.CommentaryDetailView.as_view(),
        name="commentary-detail",
    ),
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("outlets/<str:slug>/", views.OutletDetailView.as_view(), name="outlet-detail"),
]
