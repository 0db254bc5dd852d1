"""Static files storage for production: WhiteNoise's, with each URL remembered.

The manifest cannot change while the process lives (a deploy restarts it), so
the URL of a name is computed once: every page asks for the same three or four
(the stylesheet, the logo), and each lookup costs tens of microseconds.
"""

from functools import lru_cache

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._remembered_url = lru_cache(maxsize=1024)(super().url)

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        return self._remembered_url(name)
