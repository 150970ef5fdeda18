"""A web worker does not load what only publishing and the command line need (QUALITY.md: at most
100 MB per worker; `python -m benchmarks.memory` measures it): numpy and HiGHS (the privacy gate),
Alembic (migrations), matplotlib (charts are drawn in a helper process)."""

import json
import subprocess
import sys

from tests.live import PROJECT_ROOT, server_environment

SCRIPT = """
import json, sys
import wsgi
client = wsgi.app.test_client()
statuses = [client.get(path).status_code for path in ("/", "/umfragen/digitales-wolmirstedt", "/ergebnisse",
                                                      "/api/v1/surveys", "/ideen/")]
# numpy.linalg: numpy's own code ran (a lazily imported module is in sys.modules before it runs).
loaded = [name for name in ("numpy.linalg", "highspy", "alembic", "flask_migrate", "matplotlib") if name in sys.modules]
print(json.dumps({"statuses": statuses, "loaded": loaded}))
"""


def test_a_worker_serving_residents_loads_no_gate_migrations_or_charts(app, demo, tmp_path):
    env = server_environment(tmp_path / "unused.sqlite", 0)
    env["PARTICIPATION_DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert all(status in (200, 308) for status in report["statuses"]), report
    assert report["loaded"] == []


def test_the_gate_still_loads_numpy_and_highs_when_it_runs():
    script = (
        "import sys\n"
        "from participation.disclosure import table_gate as privacy\n"
        "assert 'numpy.linalg' not in sys.modules and 'highspy' not in sys.modules\n"
        "table = privacy.QuestionTable.__name__\n"
        "privacy.np.zeros(3)\n"
        "assert 'numpy.linalg' in sys.modules\n"
        "privacy.linear.row_space_basis\n"
        "assert 'highspy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, check=True, capture_output=True, text=True)
