from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

admin.site.site_header = "Fulcrum"
admin.site.site_title = "Fulcrum"
admin.site.index_title = "APLN editorial"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Development and single-server installs; larger ones serve media from
    # the web server or object storage (SERVE_MEDIA=false).
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(
            rf"^{media_prefix}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
