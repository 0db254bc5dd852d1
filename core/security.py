"""The client's address for login throttling (django-axes).

REMOTE_ADDR is the peer that opened the connection. Behind reverse proxies it
is the nearest proxy, and the client is named in X-Forwarded-For, where each
proxy appends the address it saw. Only the last TRUSTED_PROXY_COUNT entries
were written by our proxies; anything to their left came from the client and
may be forged, so the Nth from the right is taken, and the header is ignored
when no proxy is trusted.
"""

from django.conf import settings
from django.core.exceptions import BadRequest


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < count:
        # The request did not come through all the proxies we expect.
        return remote
    return forwarded[-count]


class RejectNulMiddleware:
    """Answer 400 to an address whose path or query holds a NUL character.

    PostgreSQL cannot store or compare NUL, so a lookup with one (a slug, a
    search, an admin filter) would otherwise end in a server error. Forms
    refuse NUL in what they save (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL characters are not allowed in addresses.")
        return self.get_response(request)
