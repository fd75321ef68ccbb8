"""`make run` from a fresh copy of the project, as a newcomer runs it: it serves on the port asked for,
every link it prints opens that port, and Ctrl-C stops the server and the scheduler with it.

One `make run` serves the module (a fresh database takes a while): the Ctrl-C test, which stops it, comes last."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from django.conf import settings

import pytest

# What a clone has: the sources, without the machine's database, uploads, credentials or caches.
NOT_IN_A_CLONE = {".git", ".venv", "db.sqlite3", ".admin-credentials", "media", "static", "node_modules"}
SCHEDULER_READY = "Scheduled publishing: publish_scheduled runs every 60 s until Ctrl-C."
SERVE_TIMEOUT = 240  # a fresh SQLite database is migrated and loaded first
STOP_TIMEOUT = 30


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the working tree that shares this test run's virtualenv (so nothing is installed)."""
    copy = tmp_path_factory.mktemp("clone") / "project"

    def skip_local_state(folder, names):
        top = Path(folder) == settings.BASE_DIR
        return [n for n in names if (top and n in NOT_IN_A_CLONE) or n in {"__pycache__", "artifacts"}]

    shutil.copytree(settings.BASE_DIR, copy, ignore=skip_local_state)
    (copy / ".venv").symlink_to(Path(sys.prefix))
    return copy


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(**extra):
    """A newcomer's shell: none of this machine's database, cache or site settings."""
    return {"PATH": os.environ["PATH"], "HOME": str(Path.home()), "LANG": "C.UTF-8", **extra}


def start(project, *make_args, log):
    # Its own session, as a terminal's foreground job, with Ctrl-C's default effect (a background test
    # runner may have inherited it ignored). -o keeps make from reinstalling the shared virtualenv.
    return subprocess.Popen(
        [shutil.which("make"), "-o", ".venv/.installed", *make_args],
        cwd=project,
        env=environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def running_in_session(session):
    """Processes still running (zombies have ended) in the session, as (pid, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:  # it ended while we looked
            continue
        state, session_id = fields[0], int(fields[3])
        if session_id == session and state != "Z":
            found.append((int(entry.name), command))
    return found


def press_ctrl_c(process):
    """What a terminal does on Ctrl-C: SIGINT to the whole foreground group. Then wait for it all to end."""
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=STOP_TIMEOUT)
    deadline = time.monotonic() + STOP_TIMEOUT
    while running_in_session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return running_in_session(process.pid)


def wait_until(ready, process, log_path, what):
    deadline = time.monotonic() + SERVE_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        if ready():
            return
        time.sleep(0.5)
    pytest.fail(f"no {what} within {SERVE_TIMEOUT} s:\n{log_path.read_text()}")


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def served(project):
    """`make run PORT=…` serving from the copy; stopped however the tests end."""
    port = free_port()
    log_path = project.parent / "make-run.log"
    with open(log_path, "w") as log:
        process = start(project, "run", f"PORT={port}", log=log)
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/"), process, log_path, "site served")
        wait_until(lambda: SCHEDULER_READY in log_path.read_text(), process, log_path, "scheduler running")
        yield process, port, log_path
    finally:
        if process.poll() is None or running_in_session(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)


def test_make_run_prints_links_to_the_port_it_serves(served, project):
    process, port, log_path = served
    admin = f"Admin: http://127.0.0.1:{port}/admin/"

    assert admin in log_path.read_text()
    assert (project / ".admin-credentials").read_text().startswith(admin + "\nUsername: admin\nPassword: ")
    assert ":8000" not in log_path.read_text()

    # From a second terminal, with the same PORT: the editor's link opens the running site.
    result = subprocess.run(
        [".venv/bin/python", "manage.py", "add_editor", "pm@example.org", "--role", "program-manager"],
        cwd=project,
        env=environment(PORT=str(port)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    link = re.search(r"Password-set link [^:]*: (\S+)", result.stdout).group(1)
    assert link.startswith(f"http://127.0.0.1:{port}/admin/welcome/"), result.stdout + result.stderr
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with browser.open(link, timeout=30) as response:  # the token moves into the session cookie
        assert "<h1>Set your password</h1>" in response.read().decode()


def test_ctrl_c_stops_the_server_and_the_scheduler(served):
    process, port, log_path = served
    commands = [command for _, command in running_in_session(process.pid)]
    assert any("manage.py runserver" in command for command in commands), commands
    assert any("manage.py run_scheduler" in command for command in commands), commands

    left = press_ctrl_c(process)

    assert left == [], log_path.read_text()
    assert not answers(f"http://127.0.0.1:{port}/")
    assert "Traceback" not in log_path.read_text()


def test_ctrl_c_stops_make_scheduler(project):
    log_path = project.parent / "make-scheduler.log"
    with open(log_path, "w") as log:
        process = start(project, "scheduler", log=log)
    wait_until(lambda: SCHEDULER_READY in log_path.read_text(), process, log_path, "scheduler running")
    assert any("manage.py run_scheduler" in command for _, command in running_in_session(process.pid))

    assert press_ctrl_c(process) == [], log_path.read_text()
    assert "Traceback" not in log_path.read_text()
