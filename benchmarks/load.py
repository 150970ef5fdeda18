"""A small HTTP load generator: several processes, each sending requests back to back for a while."""

import http.client
import multiprocessing
import time
import uuid


def _worker(args) -> tuple[int, int]:
    host, port, method, path, body_template, headers, seconds = args
    done = failed = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = body_template.replace("{unique}", uuid.uuid4().hex) if body_template else None
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status < 400:
                done += 1
            else:
                failed += 1
        except OSError:
            failed += 1
        finally:
            connection.close()
    return done, failed


def measure(host, port, method, path, body=None, headers=None, seconds=5.0, clients=4) -> tuple[float, int]:
    """Requests per second that succeeded, and the number that failed."""
    jobs = [(host, port, method, path, body, headers or {}, seconds)] * clients
    with multiprocessing.get_context("spawn").Pool(clients) as pool:
        results = pool.map(_worker, jobs)
    return sum(done for done, _ in results) / seconds, sum(failed for _, failed in results)
