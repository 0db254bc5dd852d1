"""Keep each commentary's search text in step with what it shows.

Authors, tags, outlets and member names live in other rows, saved after the
commentary itself (admin inlines, imports), so their changes refresh it here.
(A page whose slug changes leaves a redirect: core.redirects.)
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from core.slugs import unique_slug
from members.models import Member

from . import search
from .models import Authorship, Commentary, Outlet, TaggedCommentary


def refresh_later(ids):
    search.request_refresh({pk for pk in ids if pk is not None})


@receiver(post_save, sender=Commentary)
def commentary_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_later([instance.pk])


@receiver([post_save, post_delete], sender=Authorship)
@receiver([post_save, post_delete], sender=TaggedCommentary)
def part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_later(
            [getattr(instance, "commentary_id", None) or instance.content_object_id]
        )


@receiver(m2m_changed, sender=TaggedCommentary)
def tags_changed(sender, instance, action, pk_set=None, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(
        instance, Commentary
    ):
        refresh_later([instance.pk])


@receiver(post_save, sender=Outlet)
def outlet_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_later(instance.commentaries.values_list("pk", flat=True))


@receiver(post_save, sender=Member)
def member_saved(sender, instance, raw=False, **kwargs):
    if not raw and not kwargs.get("created"):
        refresh_later(instance.authorships.values_list("commentary_id", flat=True))


@receiver(pre_save, sender=Tag)
def tag_slug_never_empty(sender, instance, raw=False, **kwargs):
    """A tag named in symbols or emoji only would get the slug "": no page, and
    every page linking to it would fail. Give it a slug from the name."""
    if not raw and not instance.slug:
        instance.slug = unique_slug(Tag, instance.name, max_length=100, fallback="tag")
