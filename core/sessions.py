"""Sessions kept in the database and read through the shared cache.

Django's cached_db store logs a cache error when it saves, but still raises
one when it reads a session back from the database, creates a key or signs
out. This store carries on from the database in each case, so a lost cache
never signs editors out or stops them signing in.

The cached copy lives for SESSION_CACHE_SECONDS at most. A sign-out made
while the cache was unreachable deletes the database row but cannot delete
the cached copy; the cap bounds how long that copy could still open the
admin (and how long a change saved only to the database goes unseen).
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db, db

logger = logging.getLogger("core.sessions")


class CappedCache:
    """The session cache, with every entry's lifetime capped."""

    def __init__(self, cache, seconds):
        self.cache = cache
        self.seconds = seconds

    def get(self, key, default=None):
        return self.cache.get(key, default)

    def set(self, key, value, timeout=None):
        if timeout is None or timeout > self.seconds:
            timeout = self.seconds
        self.cache.set(key, value, timeout)

    def delete(self, key):
        return self.cache.delete(key)

    def __contains__(self, key):
        return key in self.cache


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = CappedCache(self._cache, settings.SESSION_CACHE_SECONDS)

    def load(self):
        try:
            return super().load()
        except Exception:
            logger.warning("Session cache unavailable; read from the database")
            return db.SessionStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            logger.warning("Session cache unavailable; checked the database")
            return db.SessionStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except Exception:
            # The database row is gone already: the session has ended here,
            # and its cached copy expires within SESSION_CACHE_SECONDS.
            logger.warning("Session cache unavailable; deleted from the database")
