"""`make bench CLUSTER=1`: the pages through the whole production stack, beside nginx serving their HTML as files.

The stack is the one `make cluster` runs (deploy/cluster.py: nginx -> Varnish -> gunicorn instances,
Redis, PostgreSQL), started for the run in its own run directory and stopped at the end. Every page
is measured at the edge once Varnish holds it (a hit), with the same wrk settings as nginx serving the
same HTML from files; then wrk's connections are stepped up on the overview to find the highest rate
at which the 99th percentile stays under the latency limit (the stack's capacity).
"""

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings

from .driver import (
    HOST,
    NGINX_CONF,
    PAGES,
    WORKERS,
    Bench,
    BenchError,
    Server,
    child_pids,
    fetch,
    find_tool,
    format_ratio,
    format_table,
    ratio,
)

# As a browser asks: Varnish keeps pages compressed, nginx static serves the same bytes from a .gz file.
ACCEPT_GZIP = "Accept-Encoding: gzip"
# nginx static as the plain benchmark's, with each page's gzip beside it (gzip_static).
STATIC_CONF = NGINX_CONF.replace("    sendfile on;\n", "    sendfile on;\n    gzip_static on;\n")
CAPACITY_CONNECTIONS = (8, 16, 32, 64, 128, 256)
P99_LIMIT_MS = 50.0

STACK_HEADERS = ["run", "req/s", "/nginx", "p50 ms", "/nginx", "p99 ms", "/nginx", "errors"]
CAPACITY_HEADERS = ["connections", "req/s", "p50 ms", "p99 ms", "errors", f"p99 < {P99_LIMIT_MS:.0f} ms"]


def within_limit(result, p99_limit_ms=P99_LIMIT_MS):
    """A step counts towards capacity only when every response was good and p99 stayed under the limit."""
    return result.errors == 0 and result.p99_ms < p99_limit_ms


def capacity(steps, p99_limit_ms=P99_LIMIT_MS):
    """The (connections, WrkResult) with the most requests/s among `steps` within the limit, or None."""
    passing = [(connections, result) for connections, result in steps if within_limit(result, p99_limit_ms)]
    return max(passing, key=lambda step: step[1].requests_per_second, default=None)


def stack_rows(measured, nginx):
    """Rows for `measured` [(label, path, WrkResult)] with the ratio of each figure to nginx's {path: WrkResult}.

    Requests/s ratios are fractions of nginx's (1.0 = as fast); latency ratios are multiples (1.0 = as quick).
    """
    rows = []
    for label, path, result in measured:
        static = nginx[path]
        rows.append(
            [
                label,
                f"{result.requests_per_second:.0f}",
                format_ratio(ratio(result.requests_per_second, static.requests_per_second)),
                f"{result.p50_ms:.2f}",
                format_ratio(ratio(result.p50_ms, static.p50_ms)),
                f"{result.p99_ms:.2f}",
                format_ratio(ratio(result.p99_ms, static.p99_ms)),
                str(result.errors),
            ]
        )
    return rows


def cpu_seconds(pids, proc=Path("/proc"), ticks_per_second=None):
    """User and system CPU seconds the processes `pids` have used so far (one that has ended counts none)."""
    ticks = 0
    for pid in pids:
        try:
            stat = (proc / str(pid) / "stat").read_text()
        except OSError:
            continue
        # After the command name's closing bracket: state, ppid, ... then utime and stime (fields 14, 15).
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / (ticks_per_second or os.sysconf("SC_CLK_TCK"))


def microseconds_per_request(cpu_before, cpu_after, result, seconds):
    """CPU time per request served, from CPU seconds before and after a wrk run of `seconds`."""
    requests = result.requests_per_second * seconds
    return (cpu_after - cpu_before) / requests * 1e6 if requests else None


def cpu_rows(cpu):
    """Rows of {run: {"edge nginx": µs, "Varnish": µs}} (Varnish absent for nginx static), with their sum."""

    def cell(value):
        return "-" if value is None else f"{value:.1f}"

    rows = []
    for run, used in cpu.items():
        known = [value for value in used.values() if value is not None]
        total = sum(known) if len(known) == len(used) else None
        rows.append([run, cell(used.get("edge nginx")), cell(used.get("Varnish")), cell(total)])
    return rows


def capacity_rows(steps, p99_limit_ms=P99_LIMIT_MS):
    return [
        [
            str(connections),
            f"{result.requests_per_second:.0f}",
            f"{result.p50_ms:.2f}",
            f"{result.p99_ms:.2f}",
            str(result.errors),
            "yes" if within_limit(result, p99_limit_ms) else "no",
        ]
        for connections, result in steps
    ]


class ClusterBench(Bench):
    """One run through the stack; `run()` returns the report and leaves no process behind."""

    def __init__(self, *args, environ=os.environ, capacity_seconds=3, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity_seconds = capacity_seconds
        # The stack's own run directory and database, so a `make cluster` of one's own is left alone.
        self.env = {
            **environ,
            "CLUSTER_RUN_DIR": environ.get("CLUSTER_RUN_DIR") or str(Path(settings.BASE_DIR) / ".cluster-bench"),
            "CLUSTER_DB": environ.get("CLUSTER_DB") or "residency_bench",
        }
        self.edge_port = int(self.env.get("CLUSTER_PORT") or 8500)

    def cluster(self, action):
        driver = Path(settings.BASE_DIR) / "deploy" / "cluster.py"
        result = subprocess.run(  # noqa: S603 (our own driver)
            [sys.executable, str(driver), action], env=self.env, capture_output=True, text=True, timeout=300
        )
        if result.returncode:
            raise BenchError(f"deploy/cluster.py {action} failed:\n{result.stdout}{result.stderr}")

    def run(self, count_queries=None):
        wrk = find_tool("wrk", "wrk")
        nginx = find_tool("nginx", "nginx-light")
        for tool, package in (("varnishd", "varnish"), ("redis-server", "redis-server")):
            find_tool(tool, package)
        tmp = Path(tempfile.mkdtemp(prefix="residency-bench-cluster-"))
        try:
            with ExitStack() as servers:
                self.say(f"Starting the stack (deploy/cluster.py, edge on {HOST}:{self.edge_port}) …")
                servers.callback(self.cluster, "stop")
                self.cluster("start")
                return self.measure_stack(wrk, nginx, tmp, servers)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def measure_stack(self, wrk, nginx_path, tmp, servers):
        edge = f"http://{HOST}:{self.edge_port}"
        html_root = tmp / "html"
        sizes, x_cache = {}, {}
        for _label, path in PAGES:
            status, _headers, body = fetch(edge + path)
            if status != 200:
                raise BenchError(f"{path} answered HTTP {status} at the edge")
            target = html_root / path.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            compressed = gzip.compress(body, compresslevel=6)
            target.with_name("index.html.gz").write_bytes(compressed)
            sizes[path] = (len(body), len(compressed))
            x_cache[path] = fetch(edge + path)[1].get("X-Cache", "-")
        # nginx's workers drop root rights: they must be able to read the files and their folders.
        for folder in [tmp, html_root, *(p for p in html_root.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        for page in [*html_root.rglob("*.html"), *html_root.rglob("*.html.gz")]:
            page.chmod(0o644)
        prefix = tmp / "nginx"
        prefix.mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(STATIC_CONF.format(workers=WORKERS, prefix=prefix, host=HOST, port=self.port, root=html_root))
        static = Server("nginx", [nginx_path, "-p", str(prefix), "-c", str(conf)], self.port, log=tmp / "nginx.log")
        servers.callback(static.stop)
        static.start().wait_until_ready()

        self.say(
            f"Warming ({self.warm} s each), then measuring ({self.duration} s each, "
            f"wrk -t{self.threads} -c{self.connections}), the stack and nginx in turn …"
        )
        for _label, path in PAGES:
            self.wrk(wrk, edge + path, self.warm, headers=[ACCEPT_GZIP])
            self.wrk(wrk, static.url(path), self.warm, headers=[ACCEPT_GZIP])
        run_dir = Path(self.env["CLUSTER_RUN_DIR"])
        edge_nginx = read_pid(run_dir / "nginx.pid")
        varnish = read_pid(run_dir / "pids" / "varnish.pid")
        stack, nginx, cpu = {}, {}, {}
        for label, path in PAGES:
            stack[path], used = self.wrk_cpu(wrk, edge + path, {"edge nginx": edge_nginx, "Varnish": varnish})
            cpu[f"{label} via the stack"] = used
            nginx[path], used = self.wrk_cpu(wrk, static.url(path), {"edge nginx": static.process.pid})
            cpu[f"nginx {label}"] = used
        after = {path: fetch(edge + path)[1].get("X-Cache", "-") for _label, path in PAGES}

        self.say(
            f"Capacity: the overview through the stack, {self.capacity_seconds} s at each of "
            f"{', '.join(map(str, CAPACITY_CONNECTIONS))} connections …"
        )
        steps = [
            (
                connections,
                self.wrk(wrk, edge + "/", self.capacity_seconds, connections=connections, headers=[ACCEPT_GZIP]),
            )
            for connections in CAPACITY_CONNECTIONS
        ]
        return self.report_stack(stack, nginx, sizes, x_cache, after, steps, cpu)

    def wrk_cpu(self, wrk, url, masters):
        """wrk's result, and the CPU microseconds per request of each named server (a master and its children)."""
        trees = {name: [pid, *child_pids(pid)] for name, pid in masters.items()}
        before = {name: cpu_seconds(pids) for name, pids in trees.items()}
        result = self.wrk(wrk, url, self.duration, headers=[ACCEPT_GZIP])
        used = {
            name: microseconds_per_request(before[name], cpu_seconds(pids), result, self.duration)
            for name, pids in trees.items()
        }
        return result, used

    def report_stack(self, stack, nginx, sizes, x_cache, after, steps, cpu):
        measured = [(f"{label} via the stack", path, stack[path]) for label, path in PAGES]
        measured += [(f"nginx {label}", path, nginx[path]) for label, path in PAGES]
        best = capacity(steps)
        if best:
            connections, result = best
            summary = (
                f"Capacity of the stack: {result.requests_per_second:.0f} requests/s with p99 "
                f"{result.p99_ms:.2f} ms (< {P99_LIMIT_MS:.0f} ms) at {connections} connections."
            )
        else:
            summary = f"Capacity of the stack: no step kept p99 under {P99_LIMIT_MS:.0f} ms without errors."
        lowest = min(ratio(stack[path].requests_per_second, nginx[path].requests_per_second) for _l, path in PAGES)
        return "\n".join(
            [
                "",
                f"The stack: nginx -> Varnish (cache hits) -> {WORKERS}-worker gunicorn instances; nginx static with "
                f"{WORKERS} workers. wrk -t{self.threads} -c{self.connections} -d{self.duration}s "
                f"-H '{ACCEPT_GZIP}' on {HOST}.",
                "req/s ratios: fraction of nginx static (1.0 = as fast). Latency ratios: multiple of it.",
                "",
                format_table(STACK_HEADERS, stack_rows(measured, nginx)),
                "",
                f"Lowest ratio of the stack to nginx static: {lowest:.3f}.",
                "",
                format_table(
                    ["page", "path", "KiB", "KiB gzip", "X-Cache (warm)", "X-Cache (after)"],
                    [
                        [
                            label,
                            path,
                            f"{sizes[path][0] / 1024:.1f}",
                            f"{sizes[path][1] / 1024:.1f}",
                            x_cache[path],
                            after[path],
                        ]
                        for label, path in PAGES
                    ],
                ),
                "",
                "CPU per request served (µs, user + system, from /proc; wrk itself shares the same cores):",
                format_table(["run", "nginx", "Varnish", "total"], cpu_rows(cpu)),
                "",
                format_table(CAPACITY_HEADERS, capacity_rows(steps)),
                "",
                summary,
            ]
        )


def read_pid(path):
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError) as error:
        raise BenchError(f"No PID in {path}: is the stack running?") from error
