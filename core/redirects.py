"""A page whose address changes leaves a redirect from its old address.

Models whose get_absolute_url() depends on their slug alone inherit
KeepsOldAddress. Whatever saves them (the admin, an import, a restore of a
version, a tag merge), the one receiver below records the redirect, and
Redirect.objects.record() keeps the table free of chains.

Two rules keep one page's old addresses from being taken by another:

- Only an address readers may have seen is redirected. A page says whether
  the address it was loaded with had been public (`leaves_redirect()`):
  members and outlets are public as soon as they exist; a commentary only
  once its publish time has passed (see Commentary.leaves_redirect). A draft
  renamed before it ever went out leaves nothing behind.
- A redirect belongs to the page it leads to, and follows that page when it
  moves; it is never re-pointed to another page (see RedirectQuerySet.record).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver


class KeepsOldAddress:
    """Remember the slug a row was loaded with, to redirect it if it changes.

    The other values it was loaded with are kept too (`loaded_value`), so a
    model can tell from them whether its old address was ever public.
    """

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._loaded_slug = instance.__dict__.get("slug")
        instance._loaded_values = dict(zip(field_names, values, strict=False))
        return instance

    def loaded_value(self, attname, default=None):
        """Return a field's value as last loaded or saved (default if unknown)."""
        return getattr(self, "_loaded_values", {}).get(attname, default)

    def leaves_redirect(self):
        """Return True if the address this row was loaded with was public.

        Members and outlets (and the default) are public as soon as they are
        saved. Models with drafts override this: a page that never went out
        has no readers to keep.
        """
        return True

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
    was_public = bool(old_slug) and instance.leaves_redirect()
    # What was just saved is what the next save compares with.
    instance._loaded_slug = instance.slug
    instance._loaded_values = {
        field.attname: instance.__dict__[field.attname]
        for field in instance._meta.concrete_fields
        if field.attname in instance.__dict__
    }
    if raw or not old_slug or old_slug == instance.slug or not was_public:
        return
    record(instance.address_with_slug(old_slug), instance.get_absolute_url())
