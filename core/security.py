"""Security pieces of the site: the client's address, NUL refusal, password reset.

The client's address, for login throttling (django-axes) and the password
reset's limits. REMOTE_ADDR is the peer that opened the connection. Behind
reverse proxies it is the nearest proxy, and the client is named in
X-Forwarded-For, where each proxy appends the address it saw. The header is
believed only when the peer is one of our proxies (FORWARDED_ALLOW_IPS, the
list gunicorn trusts for X-Forwarded-Proto too); then it is read from the
right, past our own proxies, and the first address that is not one of them is
the client: everything to its left was written by the client or by proxies we
do not know, and may be forged. A client that sends the header straight to
the server, past the proxy, is known by its own address.
"""

import hashlib
import ipaddress
import logging
from functools import lru_cache

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.urls import reverse_lazy

logger = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _proxy_networks(entries):
    return tuple(
        ipaddress.ip_network(entry, strict=False) for entry in entries if entry != "*"
    )


def parse_address(text):
    """An ip_address from an X-Forwarded-For entry or REMOTE_ADDR, else None.

    Some proxies append a port ("203.0.113.7:4711", "[2001:db8::1]:4711").
    IPv4 written as IPv6 (::ffff:203.0.113.7, from a dual-stack socket) is
    taken as the IPv4 address.
    """
    text = (text or "").strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_trusted_proxy(address, peer=False):
    """True when address (an ip_address) is one of FORWARDED_ALLOW_IPS.

    "*" (gunicorn's "trust any peer") trusts the peer only, never an address
    read from the header: otherwise the left-most, forgeable entry would win.
    """
    entries = tuple(getattr(settings, "FORWARDED_ALLOW_IPS", ()))
    if peer and "*" in entries:
        return True
    return any(address in network for network in _proxy_networks(entries))


def client_ip(request):
    """The address login throttling counts attempts by (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    peer = parse_address(remote)
    # Like gunicorn, a peer without an IP address (a Unix socket) is the
    # local proxy.
    if peer is not None and not is_trusted_proxy(peer, peer=True):
        return str(peer)
    nearest = str(peer) if peer is not None else remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed([entry for entry in forwarded if entry.strip()]):
        address = parse_address(entry)
        if address is None:
            # Our proxy wrote something that is not an address: believe
            # nothing to its left.
            return nearest
        if not is_trusted_proxy(address):
            return str(address)
        nearest = str(address)
    # Nothing but our proxies: the request started at the last of them.
    return nearest


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


# --- Password reset for staff ----------------------------------------------------
# Django's own views with the admin's look. The answer is the same whether or
# not an account has the address, and mail is sent only to active staff with
# a usable password. Reset mail is limited per address and per client, so the
# form cannot be used to flood someone's inbox or probe for accounts; past a
# limit the answer is still the same page. A password set through a reset
# link lifts that user's login lockout: whoever reads the mail may sign in.
RESET_MAILS_PER_ADDRESS = 3
RESET_REQUESTS_PER_CLIENT = 10
RESET_LIMIT_SECONDS = 60 * 60


def _count(key):
    """Add one to a counter that lives RESET_LIMIT_SECONDS; return it."""
    if cache.add(key, 1, RESET_LIMIT_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # Expired in between.
        cache.add(key, 1, RESET_LIMIT_SECONDS)
        return 1


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        client = client_ip(request) if request is not None else ""
        if _count(f"password-reset:client:{_digest(client)}") > (
            RESET_REQUESTS_PER_CLIENT
        ):
            logger.warning("Password reset refused: too many requests from %s", client)
            return
        if _count(f"password-reset:email:{_digest(email)}") > RESET_MAILS_PER_ADDRESS:
            logger.warning("Password reset refused: too many for one address")
            return
        super().save(*args, request=request, **kwargs)


class AdminLook:
    """The admin's header, title and colours on Django's auth pages."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**admin.site.each_context(self.request), **context}


class PasswordResetView(AdminLook, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self):
        return {"site_name": settings.SITE_NAME}


class PasswordResetDoneView(AdminLook, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminLook, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_lockouts(username=self.user.get_username())
        return response


class PasswordResetCompleteView(AdminLook, auth_views.PasswordResetCompleteView):
    pass
