"""gunicorn settings for every app instance; the host-specific values come from the environment."""

import multiprocessing
import os

# Where this instance listens: an address (127.0.0.1:8510) or a systemd socket (fd://3) in production.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Synchronous workers: each request is short and the front cache answers most of them.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A worker busy for longer than this is killed and replaced, so no request holds a worker forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM or SIGHUP, workers finish the requests they hold for up to this long before they stop.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# The cache in front keeps connections open between requests.
keepalive = 5

# Each worker is replaced after about this many requests (the jitter keeps them from restarting together).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# Request line and header limits: gunicorn's defaults, stated.
limit_request_line = 4094
limit_request_fields = 100

# One line per request, with the time taken in microseconds (%(D)s); "-" is standard output.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(D)sus'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

pidfile = os.environ.get("GUNICORN_PID_FILE") or None
# No control socket: its default path in $HOME would be shared by every instance; signals do the job
# (TERM stops gracefully, HUP reloads, TTIN/TTOU add or remove a worker).
control_socket_disable = True
proc_name = os.environ.get("GUNICORN_NAME", "residency")

wsgi_app = "residency.wsgi:application"
