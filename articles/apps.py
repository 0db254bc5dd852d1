from django.apps import AppConfig, apps


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
