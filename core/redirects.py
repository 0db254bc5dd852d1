"""A page whose address changes leaves a redirect from its old address.

Models whose get_absolute_url() depends on their slug alone inherit
KeepsOldAddress. Whatever saves them (the admin, an import, a restore of a
version, a tag merge), the one receiver below records the redirect, and
Redirect.objects.record() keeps the table free of chains.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver


class KeepsOldAddress:
    """Remember the slug a row was loaded with, to redirect it if it changes."""

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    def address_with_slug(self, slug):
        """Return the page's address as it was (or would be) with another slug."""
        return type(self)(pk=self.pk, slug=slug).get_absolute_url()


def record(old_path, new_path):
    """Send old_path to new_path from now on (see RedirectQuerySet.record)."""
    from .models import Redirect

    return Redirect.objects.record(old_path, new_path)


@receiver(post_save, dispatch_uid="core.redirects.address_changed")
def address_changed(sender, instance, raw=False, **kwargs):
    if not isinstance(instance, KeepsOldAddress):
        return
    old_slug = getattr(instance, "_loaded_slug", None)
    instance._loaded_slug = instance.slug
    if raw or not old_slug or old_slug == instance.slug:
        return
    record(instance.address_with_slug(old_slug), instance.get_absolute_url())
