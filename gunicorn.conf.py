"""gunicorn configuration for ``make serve`` (see README.md, "Running it for real").

Threads, not more processes: a request here mostly waits on the database, and measured on two
cores (docs/field-notes.md) ``gthread`` with 2 workers x 8 threads served more than 4 ``sync``
workers and keeps polling walls from queueing behind one another. ``gevent`` is avoided because
SQLite calls block its event loop. Every value can be overridden from the environment, which is
how hosts tune it without editing this file.
"""

from __future__ import annotations

import multiprocessing
import os
import resource


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


_cores = multiprocessing.cpu_count()

bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
worker_class = "gthread"
# One process per core (at least 2, so that losing one never stops the service), 8 threads each.
workers = _int("WEB_CONCURRENCY", max(2, _cores))
threads = _int("GUNICORN_THREADS", 8)
# Every phone of a room keeps a connection open between its polls. At gunicorn's default of 1,000
# a worker that holds 1,000 stops reading all of them (its loop only waits for running requests)
# until idle ones time out: with 2,000 phones on two workers a poll answer's median was 1.4-1.9 s
# and its p95 3.1-3.7 s; with 4,000, 43 ms and 1.0 s (bench/load.py -n 2000 --scenario poll).
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 4000)
_open_files_wanted = worker_connections + 256  # the database, logs, the listening socket…
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if _soft != resource.RLIM_INFINITY and _soft < _open_files_wanted:
    _raised = _open_files_wanted if _hard == resource.RLIM_INFINITY else min(_hard, _open_files_wanted)
    resource.setrlimit(resource.RLIMIT_NOFILE, (_raised, _hard))  # the workers inherit it
    worker_connections = min(worker_connections, _raised - 256)
# A request that takes 30 s is stuck (a Word export of 1,000 statements takes ~4 s); kill it.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
# Phones and walls poll every 1-2 s: keep their connections open across polls (behind a proxy,
# set this above the proxy's upstream keep-alive).
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak can never take the service down mid-workshop. A
# 2,000-phone room sends a few hundred requests a second, most of them polls answered from memory:
# 100,000 recycles a worker every few minutes there, not every minute (each recycle drops the
# worker's database connections and its copy of the workshops' versions).
max_requests = _int("GUNICORN_MAX_REQUESTS", 100000)
max_requests_jitter = max_requests // 10
backlog = _int("GUNICORN_BACKLOG", 2048)
# Every request on standard output (a reverse proxy's log usually has the client's real address).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# The request line names the route, not the path: private-link tokens stay out of the log, and
# control characters are escaped (workshop/logs.py).
logger_class = "workshop.logs.AccessLogger"
# Behind a reverse proxy on the same machine, trust its X-Forwarded-* headers only from there;
# the app's own ProxyFix (TRUSTED_PROXIES) decides how many hops to believe.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The app factory does no I/O, so loading it once before forking is safe and makes a worker that
# was killed come back in milliseconds.
preload_app = True
