from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def reinstall_search_index(using, **kwargs):
    """SQLite drops a table's triggers when a migration remakes the table."""
    from django.db import connections

    from . import search_index

    search_index.install(connections[using])


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Commentaries"

    def ready(self):
        from core import invalidation, pagecache

        from . import signals  # noqa: F401
        from .models import Commentary

        invalidation.watch(self)
        # Tags are shown on every card and have pages of their own.
        invalidation.watch(apps.get_app_config("taggit"))
        pagecache.schedule(Commentary.objects.next_change_after)
        post_migrate.connect(reinstall_search_index, sender=self)
