"""The shipped nginx configuration (deploy/nginx/beteiligung.conf), run for a test.

Only what differs on a test machine is replaced: the listening ports (on 127.0.0.1, no IPv6),
the host name (localhost), a self-signed certificate made for this run, the app's address and
the log folder. Everything else, timeouts, buffering, header sizes, log format and HSTS, is the
file an operator installs.

Without Debian's nginx (or openssl) the tests that need it are skipped with a one-line reason,
unless PARTICIPATION_REQUIRE_PROXY=1 (CI): then they fail.
"""

import os
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CONFIG = PROJECT_ROOT / "deploy" / "nginx" / "beteiligung.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "localhost"
START_TIMEOUT = 15


def proxy_unavailable_reason() -> str | None:
    if not Path(NGINX).exists():
        return "nginx is not installed (apt-get install nginx)"
    if shutil.which("openssl") is None:
        return "openssl is not installed"
    return None


def proxy_required() -> bool:
    return os.environ.get("PARTICIPATION_REQUIRE_PROXY") == "1"


def skip_or_fail_without_proxy() -> None:
    reason = proxy_unavailable_reason()
    if reason is None:
        return
    if proxy_required():
        pytest.fail(f"PARTICIPATION_REQUIRE_PROXY=1 but {reason}", pytrace=False)
    pytest.skip(f"proxy tests skipped: {reason}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Proxy:
    https_port: int
    http_port: int
    folder: Path

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    @property
    def access_log(self) -> Path:
        return self.folder / "beteiligung-access.log"

    @property
    def error_logs(self) -> list[Path]:
        return sorted(self.folder.glob("*error.log"))

    def client_context(self) -> ssl.SSLContext:
        """A TLS context that trusts this run's certificate (and nothing else)."""
        context = ssl.create_default_context(cafile=str(self.folder / "cert.pem"))
        return context


def _make_certificate(folder: Path) -> None:
    subprocess.run(
        [
            "openssl", "req", "-x509", "-nodes", "-days", "2",
            "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
            "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
        ],
        check=True,
        capture_output=True,
    )


def render_site_config(folder: Path, app_port: int, https_port: int, http_port: int) -> str:
    """The shipped site file with this machine's values; fails if the file no longer has them."""
    text = SHIPPED_CONFIG.read_text()
    replacements = [
        ("listen 443 ssl default_server;", f"listen 127.0.0.1:{https_port} ssl default_server;"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("server_name beteiligung.example.org;", f"server_name {HOST};"),
        ("/etc/letsencrypt/live/beteiligung.example.org/fullchain.pem", str(folder / "cert.pem")),
        ("/etc/letsencrypt/live/beteiligung.example.org/privkey.pem", str(folder / "key.pem")),
        ("server 127.0.0.1:5000;", f"server 127.0.0.1:{app_port};"),
        ("/var/log/nginx/", f"{folder}/"),
    ]
    for old, new in replacements:
        assert old in text, f"{SHIPPED_CONFIG.name} no longer contains {old!r}: update tests/proxy.py"
        text = text.replace(old, new)
    # This machine may have no IPv6; the IPv4 lines above are the same servers.
    return "\n".join(line for line in text.splitlines() if "listen [::]" not in line) + "\n"


def _main_config(folder: Path) -> str:
    # What /etc/nginx/nginx.conf holds on a server, reduced to one worker, this folder and the
    # changes the shipped file asks for there (main error log at emerg, no http-level access log).
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'main-error.log'} emerg;\n"
        "daemon off;\nevents { worker_connections 1024; }\n"
        "http {\n    access_log off;\n"
        f"{temp}\n    include {folder / 'beteiligung.conf'};\n}}\n"
    )


def _wait_until_listening(port: int, process: subprocess.Popen, output: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx exited with {process.returncode}:\n{output.read_text(errors='replace')}", pytrace=False)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"nginx did not listen on {port} within {START_TIMEOUT} s", pytrace=False)


class RunningProxy:
    """nginx in front of the app at 127.0.0.1:`app_port`, until stop()."""

    def __init__(self, folder: Path, app_port: int):
        skip_or_fail_without_proxy()
        folder.mkdir(parents=True, exist_ok=True)
        _make_certificate(folder)
        self.proxy = Proxy(https_port=free_port(), http_port=free_port(), folder=folder)
        (folder / "beteiligung.conf").write_text(
            render_site_config(folder, app_port, self.proxy.https_port, self.proxy.http_port)
        )
        (folder / "nginx.conf").write_text(_main_config(folder))
        check = subprocess.run([NGINX, "-t", "-q", "-c", str(folder / "nginx.conf")], capture_output=True, text=True)
        if check.returncode != 0:
            pytest.fail(f"nginx -t refused the shipped configuration:\n{check.stderr}", pytrace=False)
        self.output = folder / "nginx-output.txt"
        with open(self.output, "wb") as output:
            self.process = subprocess.Popen([NGINX, "-c", str(folder / "nginx.conf")], stdout=output, stderr=subprocess.STDOUT)
        _wait_until_listening(self.proxy.https_port, self.process, self.output)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
