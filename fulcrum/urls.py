from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView

import articles.urls
import members.urls
from articles.sitemaps import SITEMAPS
from core import security
from core.health import healthz
from core.media import serve_media

admin.site.site_header = "Fulcrum"
admin.site.site_title = "Fulcrum"
admin.site.index_title = "APLN editorial"

urlpatterns = [
    # Password reset for staff, with the admin's look: the admin's login page
    # offers it once a URL is named admin_password_reset. Before the admin's
    # own URLs, whose catch-all would take them.
    path(
        "admin/password_reset/",
        security.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        security.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        security.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        security.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # An index of sections, each paginated, so sitemaps stay small at scale.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # One namespace for the directory (members) and each member's page and
    # feeds (articles, which knows their pieces).
    path(
        "members/",
        include(
            (
                members.urls.urlpatterns + articles.urls.member_urlpatterns,
                members.urls.app_name,
            )
        ),
    ),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Development and single-server installs; larger ones serve media from
    # the web server or object storage (SERVE_MEDIA=false). Uploads are
    # served so that no browser runs them (core.media).
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(
            rf"^{media_prefix}(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
