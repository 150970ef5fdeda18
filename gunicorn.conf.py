"""gunicorn settings for `make run` and production (override with GUNICORN_CMD_ARGS)."""

import os

bind = os.environ.get("PARTICIPATION_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("PARTICIPATION_WORKERS", "2"))
# Access log without the client address (%(h)s), time stamp (%(t)s) or user agent: PRIVACY.md §1.
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s'
errorlog = "-"
# No time stamps in any line, no client address in a worker's lines, 500s logged by route: core/logs.py.
logger_class = "participation.core.logs.PrivateLogger"
# Unsent answers of a long survey travel in a session cookie that may span a few cookies.
limit_request_field_size = 16380
timeout = 30
# One fixed control socket per user would clash when several servers run (tests, benchmarks).
control_socket_disable = True
