"""Gunicorn settings, read from the environment (see README, Deploying).

    gunicorn fulcrum.wsgi -c fulcrum/gunicorn.conf.py

Every value has a default fit for one small server behind a local proxy
(nginx, Caddy) that terminates HTTPS and buffers slow clients.
"""

import json
import os
import time

from gunicorn.glogging import Logger


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def cores():
    """CPUs this process may run on (a container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Not Linux.
        return os.cpu_count() or 1


# BIND wins (host:port, unix:/path or fd://N); else PORT on the loopback only,
# for the proxy in front. A platform that routes to $PORT sets BIND=0.0.0.0:$PORT.
bind = os.environ.get("BIND") or f"127.0.0.1:{env_int('PORT', 8000)}"

# One process per core, plus one to cover a worker waiting on the database,
# the cache or object storage. Pages are rendered by Python (CPU-bound), so
# gunicorn's usual 2 x cores + 1 buys no throughput here, only memory: each
# worker is a whole Django process of 60-100 MB and, on SQLite, one more
# writer contending for the lock. Three on a 2-core box.
workers = env_int("WEB_CONCURRENCY", cores() + 1)
# Sync workers unless THREADS asks for threads (requests that wait on remote
# services: PostgreSQL across a network, S3 uploads in the admin).
threads = env_int("THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is killed (and logged); a restart or
# deploy lets requests in flight finish for up to graceful_timeout.
timeout = env_int("TIMEOUT", 30)
graceful_timeout = env_int("GRACEFUL_TIMEOUT", 30)
keepalive = env_int("KEEPALIVE", 5)
# Replace each worker after about this many requests, at staggered times, so a
# slow leak (in the app or a library) can never grow without bound; high
# enough that a busy worker lasts minutes (a new one costs a fork and import).
max_requests = env_int("MAX_REQUESTS", 10000)
max_requests_jitter = env_int("MAX_REQUESTS_JITTER", max(max_requests // 10, 0))
# Each worker loads the app itself (no preload_app): `kill -HUP <master>`
# then starts workers on the new code and retires the old ones gracefully,
# the zero-downtime deploy; and no connection opened while loading is shared
# by fork. A worker that cannot load the app stops the whole server.
preload_app = False
# Heartbeats in memory, not on a disk that may stall (containers, slow VMs).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn 25+ opens a control socket for `gunicornc` at one path per user,
# which a second gunicorn on the machine would take over: off unless
# CONTROL_SOCKET names a path for this instance.
if os.environ.get("CONTROL_SOCKET"):
    control_socket = os.environ["CONTROL_SOCKET"]
else:
    control_socket_disable = True

# Trust X-Forwarded-For/-Proto only from the local proxy. Django reads the same
# variable, with the same default (FORWARDED_ALLOW_IPS in fulcrum/settings.py),
# to find the client's address for login throttling: keep the two alike.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs: the access log on stdout, errors on stderr, one line per event, in the
# same form as the app's own logs (core.logging): JSON when LOG_FORMAT=json
# (the production default), plain text otherwise.
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
production = os.environ.get("FULCRUM_ENV") == "production"
log_format = os.environ.get("LOG_FORMAT", "json" if production else "plain")


def printable(text):
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class FulcrumLogger(Logger):
    """Gunicorn's logger, writing each request as one structured line."""

    def setup(self, cfg):
        super().setup(cfg)
        if log_format == "json":
            from core.logging import JSONFormatter

            for handler in self.error_log.handlers:
                handler.setFormatter(JSONFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        path, _, query = environ.get("RAW_URI", "").partition("?")
        now = time.localtime()
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z", now),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": environ.get("REQUEST_METHOD", ""),
            # As requested, still percent-encoded (like nginx's $request_uri).
            "path": path,
            "query": query,
            "status": int(status),
            "bytes": getattr(resp, "sent", None) or 0,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR", ""),
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
        }
        if log_format == "json":
            line = json.dumps(entry, ensure_ascii=False)
        else:
            # The app's plain format: time level logger message, where a
            # control character in the path cannot start a forged line.
            query = f"?{entry['query']}" if entry["query"] else ""
            line = (
                f"{time.strftime('%Y-%m-%d %H:%M:%S', now)} INFO gunicorn.access "
                f"{printable(entry['method'] + ' ' + entry['path'] + query)} "
                f"{entry['status']} {entry['bytes']}B {entry['duration_ms']}ms "
                f"{entry['remote_addr']}"
            )
        try:
            self.access_log.info(line)
        except Exception:
            self.exception("Could not write the access log")


logger_class = FulcrumLogger


def post_worker_init(worker):
    """Spare each request the garbage collector's scans of the loaded app.

    A page allocates tens of thousands of short-lived objects; at Python's
    default threshold (700) that is a collection every few hundred, each
    walking the young objects again. The objects of the loaded app are frozen
    out of the collector's sight and young ones are collected less often:
    memory still comes back by reference counting, and cycles at the next
    collection. Worth +17% to +26% on the uncached summary page when it was
    added; a later idle-machine run of make bench-serve could not tell it
    apart (0.078 / 0.096 of static with it, 0.084 / 0.097 without).
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
