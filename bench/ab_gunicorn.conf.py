"""Gunicorn settings for bench/ab_bench.py: production's, with optimisations off.

fulcrum/gunicorn.conf.py is read as it is; then, in each worker, once the
app is loaded, the optimisations named in FULCRUM_BENCH_WITHOUT (a comma
list, see OPTIMISATIONS in ab_bench.py) are replaced by the plain code they
stand in for. Used by the benchmark only: production never reads this file
nor that variable.
"""

import os
from pathlib import Path

_production = Path(__file__).resolve().parent.parent / "fulcrum" / "gunicorn.conf.py"
exec(compile(_production.read_text(), str(_production), "exec"))  # noqa: S102


def _without_memoised_reverse():
    from django.urls import reverse

    import articles.models
    import core.reversing
    import members.models
    from articles.templatetags import articles_tags

    def plain_reverse(viewname, *args, **kwargs):
        return reverse(viewname, args=args, kwargs=kwargs)

    for module in (core.reversing, articles.models, members.models, articles_tags):
        module.cached_reverse = plain_reverse


def _without_remembered_counts():
    from django.core.paginator import Paginator

    from articles.pagination import PagePaginator

    PagePaginator.count = Paginator.count


PATCHES = {
    "reverse": _without_memoised_reverse,
    "counts": _without_remembered_counts,
}


def post_worker_init(worker):
    without = {
        name.strip()
        for name in os.environ.get("FULCRUM_BENCH_WITHOUT", "").split(",")
        if name.strip()
    }
    for name in sorted(without):
        PATCHES[name]()
