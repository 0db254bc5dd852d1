"""Generate a benchmark site's data straight into the database, fast.

    FULCRUM_VAR_DIR=var/bench/x .venv/bin/python bench/serve_data.py --count 100000

Run on a migrated, empty database. It writes `count` commentaries (1 to 4
authorships each, 0 to 5 tags, about 50 outlets, dates spread over 20 years,
95% published), `members` members and `tags` tags with bulk_create inside
one transaction, and fills the search columns as articles.search.document
would (the database's search indexes follow them by themselves).
Signals are not sent: nothing else listens for rows made here.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bump when the generated data changes, so cached databases are rebuilt.
VERSION = 3
WORDS = (
    "deterrence dialogue nuclear disarmament restraint alliance treaty peninsula "
    "security cooperation region summit verification transparency risk reduction "
    "diplomacy missile arms control confidence building humanitarian pacific "
    "strategy escalation crisis stability doctrine posture council ministers"
).split()
GIVEN = "Chung-in Hoàng Marty Ramesh Tanya Akira Mei Sophie Kwame Lin Ana".split()
FAMILY = "Moon Natalegawa Thakur Ogilvie Kawaguchi Evans Nguyen Park Tan Lee".split()
COUNTRIES = "KR JP CN AU NZ ID IN PH VN MY SG TH US GB".split()
BATCH = 5000


def say(text):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def build(count, members, tags, outlets, seed=7):
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Authorship, Commentary, Outlet, TaggedCommentary
    from articles.search import UNSPACED, fold, words
    from members.models import Member, MembershipCategory
    from members.names import name_key

    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    span = 20 * 365 * 24 * 3600

    def folded(text):
        return text.lower() if text.isascii() else fold(text)

    def sentence(low, high):
        return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A throwaway build: no need to survive a crash half-way.
            cursor.execute("PRAGMA synchronous=OFF")
    with transaction.atomic():
        categories = list(MembershipCategory.objects.all()) or [None]
        outlet_rows = Outlet.objects.bulk_create(
            Outlet(name=f"Outlet {n} Review", slug=f"outlet-{n}")
            for n in range(outlets)
        )
        member_rows = []
        for n in range(members):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            name = f"{given} {family} {n}"
            member_rows.append(
                Member(
                    name=name,
                    given_name=given,
                    family_name=family,
                    name_key=name_key(name),
                    slug=f"member-{n}",
                    position=f"Former minister {sentence(2, 5)}",
                    country=rng.choice(COUNTRIES),
                    category=rng.choice(categories),
                    bio=sentence(40, 80),
                    is_active=rng.random() < 0.9,
                )
            )
        member_rows = Member.objects.bulk_create(member_rows, batch_size=BATCH)
        folded_names = {m.pk: folded(m.name) for m in member_rows}
        tag_rows = Tag.objects.bulk_create(
            (Tag(name=f"topic {n}", slug=f"topic-{n}") for n in range(tags)),
            batch_size=BATCH,
        )
        kinds = [k for k, _ in Commentary.Kind.choices]
        statuses = ["published"] * 95 + ["draft"] * 3 + ["review"] * 2
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            pieces, authors, tagged = [], [], []
            for n in range(made, made + size):
                status = rng.choice(statuses)
                outlet = rng.choice(outlet_rows)
                written = rng.sample(member_rows, rng.randint(1, 4))
                outside = []
                if rng.random() < 0.2:
                    outside = [f"Outside Author {rng.randrange(10000)}"]
                    written = written[:-1] or written
                chosen = rng.sample(tag_rows, rng.randint(0, 5))
                title = f"{sentence(4, 9).capitalize()} {n}"
                summary = "".join(f"<p>{sentence(40, 70)}.</p>" for _ in range(2))
                published = now - datetime.timedelta(seconds=rng.randrange(span))
                # As articles.search.document would fold it; only member
                # names can be other than ASCII, and are folded once.
                text = " ".join(
                    [title, summary.replace("<p>", " ").replace("</p>", " ")]
                    + [outlet.name]
                    + [folded_names[m.pk] for m in written]
                    + outside
                    + [t.name for t in chosen]
                )
                text = words(text)
                pieces.append(
                    Commentary(
                        title=title,
                        slug=f"piece-{n}",
                        kind=rng.choice(kinds),
                        outlet=outlet,
                        full_article_url=f"https://example.org/{n // 1000}/{n}/",
                        summary=summary,
                        status=status,
                        published_at=published if status == "published" else None,
                        is_featured=rng.random() < 0.01,
                        search_title=" ".join(words(title)),
                        search_text=" ".join(text),
                        search_unspaced=" ".join(w for w in text if UNSPACED.search(w)),
                    )
                )
                authors.append(written + outside)
                tagged.append(chosen)
            pieces = Commentary.objects.bulk_create(pieces)
            rows, tag_links = [], []
            for piece, credited, chosen in zip(pieces, authors, tagged, strict=True):
                for position, who in enumerate(credited):
                    if isinstance(who, str):
                        rows.append(
                            Authorship(commentary=piece, name=who, position=position)
                        )
                    else:
                        rows.append(
                            Authorship(commentary=piece, member=who, position=position)
                        )
                tag_links += [
                    TaggedCommentary(content_object=piece, tag=t) for t in chosen
                ]
            Authorship.objects.bulk_create(rows)
            TaggedCommentary.objects.bulk_create(tag_links)
            made += size
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pick_urls(word):
    """Return the benchmarked pages of the site: {name: path}."""
    from django.db.models import Count, Q

    from articles.models import Commentary
    from articles.views import PAGE_SIZE
    from members.models import Member

    published = Commentary.objects.published()
    total = published.count()
    ids = list(published.order_by("pk").values_list("slug", flat=True)[:1])
    middle = published.order_by("pk")[total // 2 : total // 2 + 1]
    slug = (list(middle.values_list("slug", flat=True)) or ids)[0]
    busiest = (
        Member.objects.annotate(
            pieces=Count(
                "authorships",
                filter=Q(authorships__commentary__in=Commentary.objects.published()),
            )
        )
        .order_by("-pieces", "pk")
        .values_list("slug", flat=True)[:1]
    )
    pages = -(-total // PAGE_SIZE)
    return {
        "summary": f"/commentaries/{slug}/",
        "home": "/",
        "list": "/commentaries/",
        "list-deep": f"/commentaries/?page={max(1, pages - 1)}",
        "member": f"/members/{busiest[0]}/",
        "search": f"/search/?q={word}",
        "feed": "/feed/",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--tags", type=int, default=5000)
    parser.add_argument("--outlets", type=int, default=50)
    parser.add_argument(
        "--urls", metavar="WORD", help="print the pages to measure (JSON) and stop"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django

    django.setup()
    if args.urls:
        say(json.dumps(pick_urls(args.urls)))
        return
    started = time.monotonic()
    build(args.count, args.members, args.tags, args.outlets)
    say(f"generated {args.count} commentaries in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
