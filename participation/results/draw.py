"""Draw charts in a helper process, so that matplotlib never lives in a web worker.

matplotlib adds about 30 MB to a process, and a worker would keep it for its whole life although
each chart is drawn only once per snapshot (QUALITY.md: a worker stays within 100 MB). A worker
that misses a chart starts `python -m participation.results.draw`, which reads the charts to draw
as JSON on stdin and writes their SVG as JSON on stdout, then exits.
"""

import json
import subprocess
import sys
from dataclasses import asdict

from participation.results.charts import Bar, ChartData, render_svg

TIMEOUT_SECONDS = 120


def draw_elsewhere(jobs: list[tuple[ChartData, str, str]]) -> list[str]:
    """SVG for each (data, title, description), drawn by a helper process."""
    payload = [{"data": asdict(data), "title": title, "description": description} for data, title, description in jobs]
    result = subprocess.run(
        [sys.executable, "-m", "participation.results.draw"],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT_SECONDS,
    )
    return json.loads(result.stdout)


def _chart_data(fields: dict) -> ChartData:
    return ChartData(
        bars=tuple(Bar(**bar) for bar in fields["bars"]), base=fields["base"], top=fields["top"], note=fields["note"]
    )


def main() -> None:
    jobs = json.load(sys.stdin)
    json.dump([render_svg(_chart_data(job["data"]), job["title"], job["description"]) for job in jobs], sys.stdout)


if __name__ == "__main__":
    main()
