"""Helpers for the cluster tests: the driver, plain HTTP requests, the cluster's processes."""

import http.client
import importlib.util
import os
import re
import subprocess
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# The ports, as the driver lays them out from the edge's (CLUSTER_PORT, default 8500).
EDGE = int(os.environ.get("CLUSTER_PORT", "8500"))
CACHE = EDGE + 1
INSTANCE_A, INSTANCE_B = EDGE + 10, EDGE + 11
REDIS_PORT = int(os.environ.get("CLUSTER_REDIS_PORT", "6390"))

_spec = importlib.util.spec_from_file_location("deploy_cluster", BASE_DIR / "deploy" / "cluster.py")
cluster_driver = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cluster_driver)


class Response:
    def __init__(self, raw, body):
        self.status = raw.status
        self.headers = raw.msg
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name)

    def all(self, name):
        return self.headers.get_all(name) or []

    def cookies(self):
        jar = {}
        for line in self.all("Set-Cookie"):
            name, _, rest = line.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
        return jar


def request(port, path, method="GET", headers=None, body=None, source=None, timeout=30):
    """One HTTP request to 127.0.0.1:port (from the source address given, e.g. 127.0.0.2)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=(source, 0) if source else None)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        raw = connection.getresponse()
        return Response(raw, raw.read())
    finally:
        connection.close()


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def admin_credentials(stack):
    lines = (stack.run_dir / "admin-credentials").read_text().splitlines()
    values = dict(line.split(": ", 1) for line in lines)
    return values["Username"], values["Password"]


def manage_shell(stack, code):
    """Run Python in the cluster's Django (production settings, its database, Redis and front cache)."""
    result = subprocess.run(  # noqa: S603
        [str(cluster_driver.PYTHON), "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=stack.app_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def cluster_processes(stack):
    """PIDs of live processes carrying this stack's marker, or descending from one of its PID files."""
    marker = f"RESIDENCY_CLUSTER={stack.run_dir}".encode()
    parents, found = {}, set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if stat[0] == "Z":
                continue
            parents[int(entry.name)] = int(stat[1])
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.add(int(entry.name))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    roots = {stack.read_pid(name) for name in stack.names()} - {None}
    found |= roots & parents.keys()
    changed = True
    while changed:
        children = {pid for pid, parent in parents.items() if parent in found} - found
        found |= children
        changed = bool(children)
    return found


def command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""
