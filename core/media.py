"""Headers for media files (uploads) when Django serves them (SERVE_MEDIA).

Uploaded files come from people and imports, so a browser must never treat
one as a page or a script: it keeps the type the file's name gives
(X-Content-Type-Options: nosniff), and the file runs nothing even when opened
on its own (a sandboxed document allowed no content of any kind). A file
that is not one of the image types the site stores is offered as a download.
Web servers and object storage serving media in production should send the
same headers (see the README's Security section).
"""

from django.views.static import serve

MEDIA_POLICY = "default-src 'none'; sandbox"
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def media_headers(response):
    """Set the headers every media response carries; return the response."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = MEDIA_POLICY
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if response.status_code == 200 and content_type not in IMAGE_TYPES:
        response.headers["Content-Type"] = "application/octet-stream"
        response.headers["Content-Disposition"] = "attachment"
    return response


def serve_media(request, path, document_root=None, show_indexes=False):
    """django.views.static.serve, with media_headers."""
    return media_headers(serve(request, path, document_root, show_indexes))
