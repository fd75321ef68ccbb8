"""`make loadtest`: wrk across the public pages through the production stack while an editor publishes.

The stack is `make cluster`'s (deploy/cluster.py: nginx -> Varnish -> gunicorn instances, Redis,
PostgreSQL), started for the run when it is not running already and then stopped again. wrk keeps
every page busy at the stack's capacity; meanwhile an editor (a program manager, the site's everyday
editor) signed in to the real admin publishes a new text on one page every few seconds and, as soon
as the publish returns, asks the front door once for each page the text shows on. A page that still
shows the old text is stale.
"""

import http.client
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from .cluster import ACCEPT_GZIP
from .driver import HOST, PAGES, BenchError, find_tool, format_table, parse_wrk

# The page the editor changes: a free page under the overview, in the menu. A page at the top of the
# tree is shown on every page (residency.invalidation), so each publish purges the whole site.
EDITED_SLUG = "load-check"
EDITED_TITLE = "Load check"
# Its listing summary is shown on its own page (the lead) and on the overview (its section card).
EDITED_SHOWN_ON = ("/load-check/", "/")
LOADED_PATHS = [path for _label, path in PAGES] + [
    "/curriculum/",
    "/health-equity/",
    "/career-development/",
    "/search/?q=primary",
    EDITED_SHOWN_ON[0],
]

WRK_SCRIPT = """\
local paths = {%s}
local next_path = 0
request = function()
    next_path = next_path %% #paths + 1
    return wrk.format("GET", paths[next_path])
end
"""

# The page, and the editor: a program manager (the site's everyday editor) with a new password each run.
ENSURE_PAGE_AND_EDITOR = """
import secrets
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from editorial.roles import PROGRAM_MANAGERS, ensure_roles
from pages.models import HomePage, StandardPage
page = StandardPage.objects.filter(slug={slug!r}).first()
if page is None:
    page = HomePage.objects.get().add_child(instance=StandardPage(title={title!r}, slug={slug!r}))
if not (page.live and page.show_in_menus):
    page.show_in_menus = True
    page.save_revision().publish()
ensure_roles()
editor, _ = get_user_model().objects.get_or_create(username={username!r})
password = secrets.token_urlsafe(16)
editor.set_password(password)
editor.is_active, editor.is_superuser = True, False
editor.save()
editor.groups.set([Group.objects.get(name=PROGRAM_MANAGERS)])
print("PAGE", page.pk)
print("PASSWORD", password)
"""
EDITOR_USERNAME = "loadtest-editor"


def load_cluster_driver():
    spec = importlib.util.spec_from_file_location("deploy_cluster", Path(settings.BASE_DIR) / "deploy" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Publish:
    marker: str
    seconds: float
    stale: list = field(default_factory=list)  # the paths that did not show the marker


class FormFields(HTMLParser):
    """The name/value pairs a browser would send for the form with this id or class (no script run)."""

    def __init__(self, form):
        super().__init__(convert_charrefs=True)
        self.form, self.inside, self.fields = form, False, []
        self.textarea = self.select = None
        self.options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form in (attrs.get("id"), attrs.get("class"))
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select, self.options = attrs["name"], []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected] or [v for v, _s in self.options[:1]]
            self.fields += [(self.select, value) for value in chosen]
            self.select = None


def form_fields(html, form="page-edit-form"):
    parser = FormFields(form)
    parser.feed(html)
    return parser.fields


def contentstate(text):
    """Draftail's value for one paragraph of plain text (what the rich-text editor posts)."""
    block = {"key": "load1", "text": text, "type": "unstyled", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


class Editor:
    """A signed-in admin session over plain HTTP through the front door, as a browser without script."""

    def __init__(self, port, username, password):
        self.port, self.cookies = port, {}
        self.sign_in(username, password)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            headers = {**(headers or {})}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for line in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = line.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.msg, text
        finally:
            connection.close()

    def post(self, path, fields):
        body = urllib.parse.urlencode(fields)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{self.port}{path}",
        }
        return self.request("POST", path, body, headers)

    def sign_in(self, username, password):
        status, _headers, html = self.request("GET", "/admin/login/")
        if status != 200:
            raise BenchError(f"The admin's login page answered HTTP {status}")
        fields = dict(form_fields(html, form="login-form"))
        fields.update(username=username, password=password, next="/admin/")
        status, headers, _html = self.post("/admin/login/", fields)
        if status != 302 or "sessionid" not in self.cookies:
            raise BenchError(f"Signing in to the admin failed (HTTP {status}, to {headers.get('Location')})")

    def publish(self, page_id, marker):
        """Publish `marker` as the page's intro and listing summary through its editor; True when done."""
        path = f"/admin/pages/{page_id}/edit/"
        status, _headers, html = self.request("GET", path)
        if status != 200:
            raise BenchError(f"The page editor answered HTTP {status}")
        fields = [(name, value) for name, value in form_fields(html) if name not in ("intro", "listing_summary")]
        names = {name for name, _value in fields}
        # The body is empty: its stream editor's fields are made by script, so a browser without one sends none.
        if "body-count" not in names:
            fields.append(("body-count", "0"))
        fields += [("intro", contentstate(marker)), ("listing_summary", marker), ("action-publish", "action-publish")]
        status, headers, text = self.post(path, fields)
        if status != 302:
            errors = re.findall(r'class="error-message"[^>]*>\s*<span>([^<]+)', text)
            raise BenchError(f"Publishing answered HTTP {status}: {errors or text[:500]}")


class LoadTest:
    """One run; `run()` returns (report text, passed) and leaves running only what was running before."""

    def __init__(
        self, seconds=60, publish_every=5.0, connections=64, threads=2, out=sys.stdout, environ=os.environ, most=None
    ):
        """`most`: stop publishing after that many publishes (the load goes on for `seconds`)."""
        self.seconds, self.publish_every, self.most = seconds, publish_every, most
        self.connections, self.threads, self.out = connections, threads, out
        self.driver = load_cluster_driver()
        self.stack = self.driver.Cluster(environ=environ)
        self.environ = environ
        self.publishes, self.failures, self.stale = [], [], []
        self.result = None

    def say(self, text):
        self.out.write(f"{text}\n")
        self.out.flush()

    def cluster(self, action):
        result = subprocess.run(  # noqa: S603 (our own driver)
            [sys.executable, str(Path(settings.BASE_DIR) / "deploy" / "cluster.py"), action],
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise BenchError(f"deploy/cluster.py {action} failed:\n{result.stdout}{result.stderr}")

    def running(self):
        return all(self.stack.alive(name) for name in self.stack.names() if name != "s3")

    def run(self):
        wrk = find_tool("wrk", "wrk")
        started = not self.running()
        try:
            if started:
                self.say(f"Starting the stack (deploy/cluster.py, edge on {self.stack.url}) …")
                self.stack.stop(quiet=True)  # what an interrupted start left behind
                self.cluster("start")
            else:
                self.say(f"Using the running stack at {self.stack.url}")
            return self.measure(wrk)
        finally:
            if started:
                self.say("Stopping the stack started for the run …")
                self.cluster("stop")

    def measure(self, wrk):
        page_id, password = self.ensure_page_and_editor()
        editor = Editor(self.stack.edge_port, EDITOR_USERNAME, password)
        tmp = Path(tempfile.mkdtemp(prefix="residency-loadtest-"))
        try:
            script = tmp / "pages.lua"
            script.write_text(WRK_SCRIPT % ", ".join(json.dumps(path) for path in LOADED_PATHS))
            argv = [wrk, f"-t{self.threads}", f"-c{self.connections}", f"-d{self.seconds}s", "--latency"]
            argv += ["--timeout", "5s", "-H", ACCEPT_GZIP, "-s", str(script), self.stack.url.rstrip("/")]
            self.say(
                f"Loading {len(LOADED_PATHS)} pages for {self.seconds} s (wrk -t{self.threads} -c{self.connections}) "
                f"while an editor publishes every {self.publish_every:g} s …"
            )
            wrk_process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
            stop = threading.Event()
            editing = threading.Thread(target=self.edit, args=(editor, page_id, stop, wrk_process))
            editing.start()
            try:
                output, errors = wrk_process.communicate(timeout=self.seconds + 60)
            finally:
                stop.set()
                editing.join(timeout=120)
                if wrk_process.poll() is None:
                    wrk_process.kill()
                    wrk_process.wait()
            if wrk_process.returncode:
                raise BenchError(f"wrk failed:\n{output}{errors}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return self.report(output)

    def ensure_page_and_editor(self):
        """The page to edit and the editor's account in the stack's database: (page id, password)."""
        code = ENSURE_PAGE_AND_EDITOR.format(slug=EDITED_SLUG, title=EDITED_TITLE, username=EDITOR_USERNAME)
        result = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=settings.BASE_DIR,
            env=self.stack.app_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode:
            raise BenchError(f"Could not make the page to edit or its editor:\n{result.stderr[-2000:]}")
        lines = [line for line in result.stdout.splitlines() if line.startswith(("PAGE ", "PASSWORD "))]
        values = dict(line.split(" ", 1) for line in lines)
        return int(values["PAGE"]), values["PASSWORD"]

    def edit(self, editor, page_id, stop, wrk_process):
        # The first publish after a second of load, the last one well before wrk ends.
        if stop.wait(1):
            return
        deadline = time.monotonic() + self.seconds - 1 - self.publish_every / 2
        while not stop.is_set() and wrk_process.poll() is None and time.monotonic() < deadline:
            if self.most is not None and len(self.publishes) + len(self.failures) >= self.most:
                return
            started = time.monotonic()
            marker = f"Edited under load {time.time_ns()}"
            try:
                editor.publish(page_id, marker)
            except (BenchError, OSError) as error:
                self.failures.append(str(error))
            else:
                publish = Publish(marker, time.monotonic() - started)
                for path in EDITED_SHOWN_ON:
                    try:
                        status, _headers, text = editor_free_get(self.stack.edge_port, path)
                    except OSError as error:
                        status, text = repr(error), ""
                    if status != 200 or marker not in text:
                        publish.stale.append(f"{path} ({status})")
                self.publishes.append(publish)
            stop.wait(max(0.0, self.publish_every - (time.monotonic() - started)))

    def report(self, output):
        self.result = result = parse_wrk(output)
        total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
        requests = int(total[1]) if total else 0
        self.stale = stale = [path for publish in self.publishes for path in publish.stale]
        publish_times = sorted(publish.seconds for publish in self.publishes)
        slowest = f"{publish_times[-1]:.2f}" if publish_times else "-"
        median = f"{publish_times[len(publish_times) // 2]:.2f}" if publish_times else "-"
        passed = result.errors == 0 and not stale and not self.failures and bool(self.publishes)
        rows = [
            ["requests", str(requests)],
            ["requests/s", f"{result.requests_per_second:.0f}"],
            ["errors (non-2xx/3xx, socket)", str(result.errors)],
            ["p50 latency ms", f"{result.p50_ms:.2f}"],
            ["p99 latency ms", f"{result.p99_ms:.2f}"],
            ["publishes", str(len(self.publishes))],
            ["failed publishes", str(len(self.failures))],
            ["publish s (median / slowest)", f"{median} / {slowest}"],
            ["stale pages after a publish", str(len(stale))],
        ]
        lines = [
            "",
            f"The stack at {self.stack.url}: wrk -t{self.threads} -c{self.connections} -d{self.seconds}s "
            f"-H '{ACCEPT_GZIP}' across {', '.join(LOADED_PATHS)}; a publish every {self.publish_every:g} s "
            f"on {EDITED_SHOWN_ON[0]}, then each of {', '.join(EDITED_SHOWN_ON)} asked for once.",
            "",
            format_table(["", "value"], rows),
            "",
            *(f"Stale: {path}" for path in stale),
            *(f"Failed publish: {failure}" for failure in self.failures),
            "PASS: no errors, no stale page." if passed else "FAIL: errors, failed publishes or stale pages (above).",
        ]
        return "\n".join(lines), passed


def editor_free_get(port, path):
    """One GET through the front door as a visitor (no cookie), as wrk asks."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        return response.status, response.msg, response.read().decode("utf-8", "replace")
    finally:
        connection.close()
