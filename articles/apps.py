from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Commentaries"

    def ready(self):
        from . import invalidation, signals  # noqa: F401

        invalidation.connect()
