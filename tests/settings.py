"""Settings of the test suite: the site's own settings, with what tests change.

pytest uses this module (DJANGO_SETTINGS_MODULE in pyproject.toml). Processes
that tests start (manage.py, gunicorn) run fulcrum.settings, as a server does.
"""

import tempfile
from pathlib import Path

from fulcrum.settings import *  # noqa: F403
from fulcrum.settings import CACHE_URL, env_bool

# Off unless asked for, like in production (pytest-django turns DEBUG off for
# each test anyway).
DEBUG = env_bool("DEBUG", default=False)
# Each test client builds the middleware anew; without autorefresh WhiteNoise
# then lists every static file of every app (about 90 ms, a fifth of the fast
# lane's time). With it, a file is looked up when it is asked for.
WHITENOISE_AUTOREFRESH = True

if not CACHE_URL:
    # Tests run in one process; a CACHE_URL in the environment is still used.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Creating users in tests is otherwise the slowest thing they do.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests upload images: keep them out of the real media folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="fulcrum-test-media-"))
