"""Make cached pages stale whenever anything a public page shows changes.

Every model of the articles, members and taggit apps appears on some public
page, so any save or delete of one of them, including loaddata's raw saves
(a restore), invalidates the page cache (fulcrum.pagecache). Writes that send
no signals (QuerySet.update, bulk_create, bulk_update) call
pagecache.invalidate() where they are made.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from fulcrum import pagecache

APP_LABELS = ("articles", "members", "taggit")


def content_changed(sender, using=None, action=None, **kwargs):
    if action is None or action.startswith("post_"):
        pagecache.invalidate(using)


def connect():
    # One receiver per model rather than for every sender: a receiver
    # connected to all models would stop Django's fast deletes everywhere
    # (sessions, admin log), not only here.
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"pagecache:{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=uid)
