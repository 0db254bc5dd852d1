"""Make cached pages stale whenever anything a public page shows changes.

Each app whose models appear on public pages calls watch() from its
AppConfig.ready(), so any save or delete of one of its rows, including
loaddata's raw saves (a restore), invalidates the page cache
(core.pagecache). Writes that send no signals (QuerySet.update, bulk_create,
bulk_update) call pagecache.invalidate() through their app's write path.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import pagecache


def content_changed(sender, using=None, action=None, **kwargs):
    if action is None or action.startswith("post_"):
        pagecache.invalidate(using)


def watch(app_config):
    """Invalidate the page cache whenever a row of one of app_config's models changes."""
    # One receiver per model rather than for every sender: a receiver
    # connected to all models would stop Django's fast deletes everywhere
    # (sessions, admin log), not only here.
    for model in app_config.get_models(include_auto_created=True):
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        m2m_changed.connect(content_changed, sender=model, dispatch_uid=uid)
