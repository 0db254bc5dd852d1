"""Site-wide records: the redirects from old addresses."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .validators import is_site_path


class RedirectQuerySet(models.QuerySet):
    def record(self, old_path, new_path):
        """Send old_path to new_path from now on, collapsing chains.

        Called when the page at old_path moves to new_path. A redirect
        belongs to the page it leads to, and moves with it; it is never
        handed to another page:

        - redirects that led to old_path (this page's earlier addresses) now
          lead straight to new_path;
        - a redirect away from new_path that leads back to old_path is
          dropped: the page is returning to an address it had, which is live
          again. One that leads elsewhere belongs to another page: it is
          kept (a live page is never redirected, so it waits unseen);
        - a redirect already away from old_path that leads elsewhere belongs
          to the page that had the address before this one (a slug reused
          after a rename): it is kept, and old_path is not redirected here.
          Returns that redirect unchanged.
        """
        if old_path == new_path:
            return None
        self.filter(old_path=new_path, new_path=old_path).delete()
        self.filter(new_path=old_path).update(new_path=new_path)
        redirect, _ = self.get_or_create(
            old_path=old_path, defaults={"new_path": new_path}
        )
        return redirect

    def for_path(self, path):
        """Return the redirect for path, or for the longest folder holding it.

        "/members/old/feed/" follows the redirect of "/members/old/".
        """
        prefixes = [path]
        head = path.rstrip("/")
        while "/" in head:
            head = head.rsplit("/", 1)[0]
            if head:
                prefixes.append(f"{head}/")
        candidates = sorted(
            self.filter(old_path__in=prefixes),
            key=lambda redirect: len(redirect.old_path),
            reverse=True,
        )
        if not candidates:
            return None
        best = candidates[0]
        return best.new_path + path[len(best.old_path) :]


class Redirect(models.Model):
    """An old address answered with a permanent redirect to the new one.

    Recorded by itself when a commentary, member, outlet or tag changes its
    slug (core.redirects), so links shared before the change keep working.
    """

    old_path = models.CharField(
        "old address",
        max_length=300,
        unique=True,
        help_text="A path on this site, e.g. /commentaries/old-title/.",
    )
    new_path = models.CharField(
        "new address",
        max_length=300,
        help_text="Where to send readers, e.g. /commentaries/new-title/.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        # Made by the articles app before core existed; the table kept its name.
        db_table = "articles_redirect"
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(old_path__startswith="/") & Q(new_path__startswith="/"),
                name="articles_redirect_site_paths",
            ),
            models.CheckConstraint(
                condition=~Q(old_path=F("new_path")),
                name="articles_redirect_not_to_itself",
            ),
        ]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def clean(self):
        for field in ("old_path", "new_path"):
            if not is_site_path(getattr(self, field)):
                raise ValidationError({field: "Give a path on this site, from “/”."})
        if self.old_path == self.new_path:
            raise ValidationError({"new_path": "A redirect cannot lead to itself."})
