"""HTTP caching rules for public pages; redirects from old addresses."""

from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control, patch_vary_headers

from .models import Redirect, is_site_path


class PublicCacheMiddleware:
    """Give public pages a Cache-Control that never serves a stale page.

    Readers' browsers and proxies may keep a page but must revalidate it
    (ETag from ConditionalGetMiddleware, so an unchanged page costs a 304).
    Signed-in users get private pages; views that set their own
    Cache-Control (staff previews, the admin) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in {"GET", "HEAD"}
            and response.status_code in {200, 301, 404}
            and not response.has_header("Cache-Control")
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(
                    response, public=True, max_age=0, must_revalidate=True
                )
            patch_vary_headers(response, ["Cookie"])
        return response


class RedirectFallbackMiddleware:
    """Answer a 404 with a 301 when the path has moved (articles.Redirect).

    The table is read only for pages that were not found, so it costs the
    live pages nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        new_path = Redirect.objects.for_path(request.path)
        if new_path is None or not is_site_path(new_path):
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(
            f"{new_path}?{query}" if query else new_path
        )
