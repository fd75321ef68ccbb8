"""Run the benchmark: servers as subprocesses on loopback, wrk against each, one printed report.

The site runs under gunicorn (2 sync workers, production settings) twice: as visitors get it, and with
the page cache off (PAGE_CACHE_SECONDS=0), so every request renders. Two yardsticks run beside it:
a plain Django view returning 16 KB under the same gunicorn set-up (the ceiling for any Django
response here) and nginx serving each page's HTML as a static file.
"""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PAGES = [("overview", "/"), ("directory", "/faculty-and-staff/"), ("apply", "/apply/")]
HOST = "127.0.0.1"
WORKERS = 2
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


class BenchError(Exception):
    """Something the benchmark needs is missing or did not start; the message says what."""


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int = 0  # non-2xx/3xx responses and socket errors


def parse_duration_ms(text):
    """wrk's latency ("612.00us", "1.23ms", "2.01s", "1.00m") in milliseconds."""
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"Not a wrk duration: {text!r}")
    return float(match[1]) * UNITS_MS[match[2]]


def parse_wrk(output):
    """Requests per second, median and 99th-percentile latency and error count from `wrk --latency` output."""
    rate = re.search(r"^Requests/sec:\s+([0-9.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    if not (rate and p50 and p99):
        raise ValueError(f"Unexpected wrk output (was --latency given?):\n{output}")
    errors = 0
    if non_2xx := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(non_2xx[1])
    if socket := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(count) for count in socket.groups())
    return WrkResult(float(rate[1]), parse_duration_ms(p50[1]), parse_duration_ms(p99[1]), errors)


def ratio(value, yardstick):
    """value / yardstick, or None when there is no yardstick figure to compare with."""
    return value / yardstick if yardstick else None


def format_ratio(value):
    return "-" if value is None else f"{value:.3f}"


def format_table(headers, rows):
    """Rows of cells as aligned text: the first column left-aligned, the others right-aligned."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]

    def line(row):
        first, *rest = row
        return "  ".join(
            [first.ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))]
        )

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def throughput_rows(measured, plain, nginx):
    """Table rows: each measured figure beside its ratio to the plain-Django and the nginx yardstick.

    `measured` is [(label, path, WrkResult)], `plain` a WrkResult, `nginx` {path: WrkResult}. Requests/s
    ratios are fractions of the yardstick (1.0 = as fast); latency ratios are multiples (1.0 = as quick).
    """
    rows = []
    for label, path, result in measured:
        static = nginx.get(path)
        rows.append(
            [
                label,
                f"{result.requests_per_second:.0f}",
                format_ratio(ratio(result.requests_per_second, plain.requests_per_second)),
                format_ratio(ratio(result.requests_per_second, static and static.requests_per_second)),
                f"{result.p50_ms:.2f}",
                format_ratio(ratio(result.p50_ms, plain.p50_ms)),
                format_ratio(ratio(result.p50_ms, static and static.p50_ms)),
                f"{result.p99_ms:.2f}",
                format_ratio(ratio(result.p99_ms, plain.p99_ms)),
                format_ratio(ratio(result.p99_ms, static and static.p99_ms)),
                str(result.errors),
            ]
        )
    return rows


THROUGHPUT_HEADERS = [
    "run",
    "req/s",
    "/django",
    "/nginx",
    "p50 ms",
    "/django",
    "/nginx",
    "p99 ms",
    "/django",
    "/nginx",
    "errors",
]


def peak_rss_kib(pid, proc=Path("/proc")):
    """The most memory a process has held (VmHWM), in KiB."""
    match = re.search(r"^VmHWM:\s+(\d+) kB", (proc / str(pid) / "status").read_text(), re.MULTILINE)
    return int(match[1]) if match else 0


def child_pids(parent, proc=Path("/proc")):
    """The processes whose parent is `parent` (gunicorn's workers under its master)."""
    children = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        # The command name may hold spaces or brackets: the fields after its closing bracket are fixed.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == parent:
            children.append(int(entry.name))
    return sorted(children)


def say(out, text):
    """One line of progress, at once (a management command's stdout adds no second newline)."""
    out.write(f"{text}\n")
    out.flush()


class Server:
    """A process serving HTTP on 127.0.0.1:port, stopped by its PID."""

    def __init__(self, name, argv, port, env=None, log=None):
        self.name, self.argv, self.port, self.env, self.log = name, argv, port, env, log
        self.process = None

    def url(self, path="/"):
        return f"http://{HOST}:{self.port}{path}"

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own fixed argv)
                self.argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR
            )
        return self

    def wait_until_ready(self, path="/", timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"{self.name} exited with status {self.process.returncode}; see {self.log}")
            try:
                status, _headers, _body = fetch(self.url(path))
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return
            raise BenchError(f"{self.name} answered {path} with HTTP {status}; see {self.log}")
        raise BenchError(f"{self.name} did not answer on port {self.port} within {timeout} s; see {self.log}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(url):
    """(status, headers, body) of one GET, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def find_tool(name, package):
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not path:
        raise BenchError(f"`{name}` is not installed: `apt-get install {package}` (make bench does this when it can).")
    return path


def production_env(tmp, **extra):
    """The environment for production settings on loopback, static files collected under `tmp`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "residency.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on loopback: no TLS-terminating proxy in front to redirect to.
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "ERROR",
        # No mail server on loopback: any mail is printed, never sent.
        "EMAIL_URL": "console://",
        **extra,
    }


def manage(env, *args):
    """Run a management command in a subprocess with `env`; its output only when it fails."""
    result = subprocess.run(  # noqa: S603 (our own fixed argv)
        [sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    if result.returncode:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def prepare(env):
    """What a deployment does before serving: migrate, load the program content, collect static files."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_program_content")
    manage(env, "collectstatic", "--noinput", "-v0")


def gunicorn(name, port, env, tmp):
    """The site (or the yardstick, by its settings) under gunicorn's sync workers on loopback."""
    argv = [sys.executable, "-m", "gunicorn", "residency.wsgi:application"]
    argv += ["--workers", str(WORKERS), "--worker-class", "sync", "--bind", f"{HOST}:{port}"]
    return Server(name, argv, port, env=env, log=tmp / f"{name}.log")


NGINX_CONF = """\
worker_processes {workers};
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    default_type text/html;
    sendfile on;
    keepalive_requests 100000;
    server {{
        listen {host}:{port};
        root {root};
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


class Bench:
    """One benchmark run; `run()` returns the report as text and leaves no process behind."""

    def __init__(self, port=8400, duration=5, warm=1, connections=16, threads=2, out=sys.stdout):
        self.port, self.duration, self.warm = port, duration, warm
        self.connections, self.threads, self.out = connections, threads, out

    def say(self, text):
        say(self.out, text)

    def wrk(self, wrk, url, seconds, connections=None, headers=()):
        connections = connections or self.connections
        threads = min(self.threads, connections)
        argv = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
        argv += [argument for header in headers for argument in ("-H", header)]
        result = subprocess.run([*argv, url], capture_output=True, text=True, timeout=seconds + 30)  # noqa: S603
        if result.returncode:
            raise BenchError(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
        return parse_wrk(result.stdout)

    def run(self, count_queries=dict):
        """Measure; `count_queries()` gives {path: SQL queries of a render}, called once the content is loaded."""
        wrk = find_tool("wrk", "wrk")
        nginx = find_tool("nginx", "nginx-light")
        tmp = Path(tempfile.mkdtemp(prefix="residency-bench-"))
        try:
            with ExitStack() as servers:
                return self.measure(wrk, nginx, tmp, servers, count_queries)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def measure(self, wrk, nginx_path, tmp, servers, count_queries):
        env = production_env(tmp)
        self.say("Preparing: migrate, load_program_content, collectstatic (production settings) …")
        prepare(env)
        queries = count_queries()

        cached = gunicorn("site", self.port, env, tmp)
        miss = gunicorn("site-no-page-cache", self.port + 1, {**env, "PAGE_CACHE_SECONDS": "0"}, tmp)
        plain = gunicorn(
            "plain-django", self.port + 2, {**env, "DJANGO_SETTINGS_MODULE": "residency.bench.settings"}, tmp
        )
        for server in (cached, miss, plain):
            servers.callback(server.stop)
            server.start()
        for server in (cached, miss, plain):
            server.wait_until_ready()

        # nginx serves each page's HTML, as rendered, from files.
        html_root = tmp / "html"
        sizes, x_cache = {}, {}
        for _label, path in PAGES:
            status, _headers, body = fetch(miss.url(path))
            if status != 200:
                raise BenchError(f"{path} answered HTTP {status}; is the content loaded?")
            target = html_root / path.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            sizes[path] = len(body)
            fetch(cached.url(path))
            x_cache[path] = fetch(cached.url(path))[1].get("X-Cache", "-")
        # nginx's workers drop root rights: they must be able to read the files and their folders.
        for folder in [tmp, *(p for p in html_root.rglob("*") if p.is_dir()), html_root]:
            folder.chmod(0o755)
        for page in html_root.rglob("*.html"):
            page.chmod(0o644)
        prefix = tmp / "nginx"
        prefix.mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(workers=WORKERS, prefix=prefix, host=HOST, port=self.port + 3, root=html_root)
        )
        static = Server("nginx", [nginx_path, "-p", str(prefix), "-c", str(conf)], self.port + 3, log=tmp / "nginx.log")
        servers.callback(static.stop)
        static.start().wait_until_ready()

        targets = [(f"{label} cached", path, cached) for label, path in PAGES]
        targets += [(f"{label} miss", path, miss) for label, path in PAGES]
        yardsticks = [("plain Django 16 KB", "/", plain)] + [(f"nginx {label}", path, static) for label, path in PAGES]

        self.say(
            f"Warming ({self.warm} s each), then measuring ({self.duration} s each, "
            f"wrk -t{self.threads} -c{self.connections}) …"
        )
        for _label, path, server in targets + yardsticks:
            self.wrk(wrk, server.url(path), self.warm)
        measured = [(label, path, self.wrk(wrk, server.url(path), self.duration)) for label, path, server in targets]
        plain_result = self.wrk(wrk, plain.url("/"), self.duration)
        nginx_results = {path: self.wrk(wrk, static.url(path), self.duration) for _label, path in PAGES}

        memory = [
            (server.name, pid, peak_rss_kib(pid))
            for server in (cached, miss, plain)
            for pid in child_pids(server.process.pid)
        ]
        return self.report(measured, plain_result, nginx_results, sizes, x_cache, queries, memory)

    def report(self, measured, plain, nginx, sizes, x_cache, queries, memory):
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        yardstick_rows = [("plain Django 16 KB", "/", plain)]
        yardstick_rows += [(f"nginx {label}", path, nginx[path]) for label, path in PAGES]
        lines = [
            "",
            f"gunicorn {WORKERS} sync workers, production settings, {database}; wrk -t{self.threads} "
            f"-c{self.connections} -d{self.duration}s on {HOST}.",
            "req/s ratios: fraction of the yardstick (1.0 = as fast). Latency ratios: multiple of it (1.0 = as quick).",
            "",
            format_table(THROUGHPUT_HEADERS, throughput_rows(measured + yardstick_rows, plain, nginx)),
            "",
            format_table(
                ["page", "path", "KiB", "SQL queries (render)", "X-Cache (cached run)"],
                [
                    [label, path, f"{sizes[path] / 1024:.1f}", queries.get(path, "-"), x_cache[path]]
                    for label, path in PAGES
                ],
            ),
            "",
            format_table(
                ["gunicorn", "worker pid", "peak RSS MiB"],
                [[name, pid, f"{kib / 1024:.1f}"] for name, pid, kib in memory],
            ),
        ]
        return "\n".join(lines)
