"""
gunicorn settings for the monolith.

    cd test/monolith && /usr/bin/python3 -m gunicorn -c gunicorn.conf.py monolith.wsgi

PORT (default 8000) and WEB_CONCURRENCY (default 2 * cores + 1) come from the environment.
"""
import multiprocessing
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

timeout = 30
graceful_timeout = 30

# One line per request on stdout, for replaying traffic later:
# remote, time, "METHOD /path?query HTTP/x.y", status, response bytes,
# response time in microseconds, referer, user agent.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)s %(D)s "%(f)s" "%(a)s"'
errorlog = "-"
