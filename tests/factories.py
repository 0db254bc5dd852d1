"""Small helpers that build valid objects with defaults a test may override."""

import io
import itertools

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Authorship, Commentary, Image, Outlet
from members.models import Member, MembershipCategory

_counter = itertools.count(1)


def png_bytes(width=8, height=6, color=(200, 40, 40), fmt="PNG"):
    """Return the bytes of a small image drawn with Pillow."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="photo.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def make_category(**kwargs):
    n = next(_counter)
    kwargs.setdefault("name", f"Category {n}")
    kwargs.setdefault("slug", f"category-{n}")
    return MembershipCategory.objects.create(**kwargs)


def make_member(**kwargs):
    n = next(_counter)
    kwargs.setdefault("name", f"Member Person {n}")
    kwargs.setdefault("position", "Former Minister")
    kwargs.setdefault("country", "KR")
    return Member.objects.create(**kwargs)


def make_outlet(**kwargs):
    n = next(_counter)
    kwargs.setdefault("name", f"Outlet {n}")
    return Outlet.objects.create(**kwargs)


def make_image(**kwargs):
    kwargs.setdefault("file", image_upload())
    kwargs.setdefault("alt_text", "A meeting of leaders")
    kwargs.setdefault("credit", "Photographer")
    return Image.objects.create(**kwargs)


def make_commentary(authors=(), tags=(), **kwargs):
    """Create a commentary; authors are Members or outside names, in order.

    Published a minute ago unless status or published_at say otherwise.
    """
    n = next(_counter)
    kwargs.setdefault("title", f"Commentary {n}")
    kwargs.setdefault("status", Commentary.Status.PUBLISHED)
    if kwargs["status"] == Commentary.Status.PUBLISHED:
        kwargs.setdefault(
            "published_at", timezone.now() - timezone.timedelta(minutes=1)
        )
    kwargs.setdefault("full_article_url", f"https://example.org/articles/{n}")
    kwargs.setdefault("summary", "<p>They argue that dialogue matters.</p>")
    commentary = Commentary.objects.create(**kwargs)
    for position, author in enumerate(authors):
        if isinstance(author, Member):
            Authorship.objects.create(
                commentary=commentary, member=author, position=position
            )
        else:
            Authorship.objects.create(
                commentary=commentary, name=author, position=position
            )
    if tags:
        commentary.tags.add(*tags)
    return commentary


def make_user(groups=(), is_superuser=False, **kwargs):
    n = next(_counter)
    kwargs.setdefault("username", f"user{n}")
    kwargs.setdefault("password", "correct-horse-battery")
    user = User.objects.create_user(is_staff=True, is_superuser=is_superuser, **kwargs)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def count_queries(client, url):
    """Return how many database queries one GET of url runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def make_commentaries(n, authors=(), tags=(), **kwargs):
    """Create n published commentaries sharing authors, tags and other fields."""
    return [make_commentary(authors=authors, tags=tags, **kwargs) for _ in range(n)]


def ensure_groups():
    """Create the Editors, Contributors and Admins groups as the migrations do.

    Transactional tests (the browser's) empty the tables after each test, so
    the groups made by migrations are gone for the tests that follow.
    """
    import importlib

    from django.contrib.auth.models import Permission

    editors_migration = importlib.import_module(
        "articles.migrations.0003_editor_groups"
    )
    admins_migration = importlib.import_module("articles.migrations.0008_admins_group")

    def permissions(spec):
        return [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in editors_migration.codenames(spec)
        ]

    editors = permissions(editors_migration.EDITORS) + permissions(
        admins_migration.EDITORS_EXTRA
    )
    for name, perms in (
        ("Contributors", permissions(editors_migration.CONTRIBUTORS)),
        ("Editors", editors),
        ("Admins", editors + permissions(admins_migration.ADMINS_EXTRA)),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)
