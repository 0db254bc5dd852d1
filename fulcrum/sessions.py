"""Sessions kept in the database and read through the shared cache.

Django's cached_db store logs a cache error when it saves, but still raises
one when it reads a session back from the database, creates a key or signs
out. This store carries on from the database in each case, so a lost cache
never signs editors out or stops them signing in.
"""

import logging

from django.contrib.sessions.backends import cached_db, db

logger = logging.getLogger("fulcrum.sessions")


class SessionStore(cached_db.SessionStore):
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
            # The database row is gone already: the session has ended.
            logger.warning("Session cache unavailable; deleted from the database")
