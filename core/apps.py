from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site"

    def ready(self):
        from . import invalidation, redirects  # noqa: F401  (receivers)

        # A redirect changes what an old address answers.
        invalidation.watch(self)
