"""Small helpers that build valid objects with defaults a test may override."""

import io
import itertools

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS
from django.test import TestCase
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Authorship, Commentary, Outlet
from images.models import Image
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


def committed(using=DEFAULT_DB_ALIAS):
    """Within the block, writes take effect for readers as if committed.

    A TestCase's own transaction never commits, so what waits for a commit
    (transaction.on_commit: making cached pages stale, say) would never run.
    Use `with committed():` around writes a test then expects readers to
    see: the callbacks they queued run when the block ends, as at a commit.
    """
    return TestCase.captureOnCommitCallbacks(using=using, execute=True)


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
    grants_migration = importlib.import_module(
        "articles.migrations.0012_contributors_add_tags_admins_unlock"
    )

    # Models that left articles since those migrations (0011_models_move_out).
    moved = {"image": "images", "redirect": "core", "wordpresspost": "transfer"}

    def permissions(spec):
        return [
            Permission.objects.get(
                content_type__app_label=moved.get(codename.split("_", 1)[1], app),
                codename=codename,
            )
            for app, codename in editors_migration.codenames(spec)
        ]

    editors = permissions(editors_migration.EDITORS) + permissions(
        admins_migration.EDITORS_EXTRA
    )
    contributors = permissions(editors_migration.CONTRIBUTORS) + permissions(
        grants_migration.CONTRIBUTORS_EXTRA
    )
    admins = (
        editors
        + permissions(admins_migration.ADMINS_EXTRA)
        + permissions(grants_migration.ADMINS_EXTRA)
    )
    for name, perms in (
        ("Contributors", contributors),
        ("Editors", editors),
        ("Admins", admins),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)


class _HTMLAudit:
    """Collects what a Content Security Policy or an injection would care about."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster"}
    FOREIGN_TAGS = {"svg", "iframe", "object", "embed", "frame", "base", "math"}

    # The admin's own icons (admin/base.html, admin/color_theme_toggle.html).
    ADMIN_SVG_CLASSES = {
        "base-svgs",
        "theme-icon-when-auto",
        "theme-icon-when-dark",
        "theme-icon-when-light",
    }

    def __init__(self, nonce=None, media_origins=()):
        from html.parser import HTMLParser

        self.nonce = nonce
        # Pages with a nonce are the admin's, which draws its icons in SVG.
        self.svg_classes = self.ADMIN_SVG_CLASSES if nonce else set()
        self.media_origins = tuple(media_origins)
        self.problems = []
        self.json_blocks = []
        self._inline = None
        audit = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                audit.start(tag, attrs, self.getpos())

            def handle_startendtag(self, tag, attrs):
                audit.start(tag, attrs, self.getpos())
                audit.end(tag)

            def handle_endtag(self, tag):
                audit.end(tag)

            def handle_data(self, data):
                if audit._inline is not None:
                    audit._inline[1].append(data)

        self.parser = Parser(convert_charrefs=True)

    def feed(self, html):
        self.parser.feed(html)
        self.parser.close()
        return self

    def problem(self, position, text):
        self.problems.append(f"line {position[0]}: {text}")

    def start(self, tag, attrs, position):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problem(position, f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problem(position, f"<{tag} style=…> inline style")
            if name in self.URL_ATTRIBUTES and value:
                squeezed = "".join(ch for ch in value if ch > " ").lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text")):
                    self.problem(position, f"<{tag} {name}={value!r}>")
        if tag == "svg" and attributes.get("class") in self.svg_classes:
            pass
        elif tag in self.FOREIGN_TAGS:
            self.problem(position, f"<{tag}> element")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.problem(position, "<meta http-equiv=refresh>")
        if tag in {"img", "source", "video", "audio"} and "src" in attributes:
            src = attributes["src"] or ""
            if not (
                (src.startswith("/") and not src.startswith("//"))
                or src.startswith(self.media_origins or ("/",))
            ):
                self.problem(position, f"<{tag} src={src!r}> from elsewhere")
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            src = attributes.get("src")
            if src is not None:
                if not src.startswith("/") or src.startswith("//"):
                    self.problem(position, f"<script src={src!r}> from elsewhere")
            elif kind in {"application/ld+json", "application/json"}:
                self._inline = ("json", [], position)
            elif self.nonce and attributes.get("nonce") == self.nonce:
                self._inline = ("nonce", [], position)
            else:
                self.problem(position, "inline <script> without the nonce")
                self._inline = ("bad", [], position)
        if tag == "style":
            if not (self.nonce and attributes.get("nonce") == self.nonce):
                self.problem(position, "inline <style> without the nonce")
            self._inline = ("style", [], position)

    def end(self, tag):
        import json

        if tag in {"script", "style"} and self._inline is not None:
            kind, parts, position = self._inline
            self._inline = None
            if kind == "json":
                text = "".join(parts)
                try:
                    self.json_blocks.append(json.loads(text))
                except ValueError as error:
                    self.problem(position, f"JSON block does not parse: {error}")


def audit_html(html, nonce=None, media_origins=()):
    """Problems in a page's HTML: inline script/style, handlers, foreign tags.

    Inline scripts pass only as JSON data (which must parse) or, when nonce is
    given, with that nonce; style attributes and on*= handlers never pass.
    """
    if isinstance(html, bytes):
        html = html.decode()
    return _HTMLAudit(nonce, media_origins).feed(html).problems
