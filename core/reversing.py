"""reverse(), remembered for the life of the process.

A public page links to a dozen fixed addresses (navigation, footer, feeds)
and to every piece, member, outlet and tag it shows; each reverse() walks the
URL patterns again (about 30 microseconds: 13 calls on a summary page, 70
to 90 on the home page, a list or a member's page; bench/ab_bench.py measured
+11% to +43% requests/s with it). The
answer depends only on the name, the arguments, the URLconf and the script
prefix, so those are the key; a bounded cache keeps a crawl from growing it.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=8192)
def _reverse(viewname, args, kwargs, urlconf, prefix):
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs))


def cached_reverse(viewname, *args, **kwargs):
    """Return reverse(viewname, args, kwargs), computed once per process."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    key = tuple(sorted(kwargs.items()))
    return _reverse(viewname, args, key, urlconf, get_script_prefix())
