"""The site through real servers while its database or Redis fails, and after they come back.

One gunicorn instance under production settings reaches PostgreSQL through a TCP proxy the tests
control (forward, closed port, accepting but never answering) and a Redis they stop and start; the
cluster's own stack (nginx, Varnish, two instances) is tested with its database refusing connections.
The cluster's database and collected static files serve both.
"""

import json
import os
import secrets
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path

from wagtail.test.utils.form_data import querydict_from_html

import psycopg2
import pytest
from bs4 import BeautifulSoup

from .conftest import running, start
from .stack import BASE_DIR, EDGE, INSTANCE_A, INSTANCE_B, admin_credentials, cluster_driver, csrf_token, request
from .tcp_proxy import FaultProxy

# The ports these tests' own servers listen on (the proxy, gunicorn) and their Redis's.
FAULT_PORT = int(os.environ.get("FAULT_TEST_PORT", "8720"))
PROXY_PORT, APP_PORT, CACHE_PORT = FAULT_PORT + 1, FAULT_PORT + 2, FAULT_PORT + 3
REDIS_PORT = int(os.environ.get("FAULT_TEST_REDIS_PORT", "6404"))
# Generous next to the database's 3 s connect timeout: an answer comes well within it, or the test fails.
CLIENT_TIMEOUT = 15
DEADLINE = 30


def poll(check, deadline=DEADLINE):
    """Call check until it returns a true value; that value, or the last one after the deadline."""
    end = time.monotonic() + deadline
    while True:
        result = check()
        if result or time.monotonic() > end:
            return result
        time.sleep(0.2)


def get(path, port=APP_PORT, **options):
    return request(port, path, timeout=CLIENT_TIMEOUT, **options)


def status(path, port=APP_PORT):
    try:
        return get(path, port).status
    except OSError:
        return None


def readiness(port=APP_PORT):
    answer = get("/readyz", port)
    return answer.status, json.loads(answer.body)


def friendly_503(answer):
    return answer.status == 503 and answer.header("Retry-After") == "30" and "Temporarily unavailable" in answer.text


def children(pid):
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(stat[1]) == pid and stat[0] != "Z":
                found.add(int(entry.name))
    return found


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class Redis:
    """A redis-server of the tests' own, on REDIS_PORT, that a test may stop and start again."""

    def __init__(self, run_dir):
        self.run_dir, self.process = run_dir, None

    def start(self):
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--dir", str(self.run_dir)]
        command += ["--save", "", "--appendonly", "no"]
        log = open(self.run_dir / "redis.log", "ab")  # noqa: SIM115 - handed to the child
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        log.close()
        cluster_driver.wait_for_port(REDIS_PORT, what="redis-server", log=self.run_dir / "redis.log")

    def stop(self):
        if self.process is not None:
            stop(self.process)
            self.process = None


def start_varnish(run_dir):
    """Varnish with the site's VCL on CACHE_PORT, in front of the one instance."""
    backend = cluster_driver.BACKEND_VCL.format(name="instance", host="127.0.0.1", port=APP_PORT)
    vcl = cluster_driver.fill(
        BASE_DIR / "deploy" / "varnish" / "default.vcl", BACKENDS=backend, DIRECTOR_ADD="    app.add_backend(instance);"
    )
    (run_dir / "default.vcl").write_text(vcl)
    command = ["varnishd", "-F", "-n", str(run_dir / "varnish"), "-f", str(run_dir / "default.vcl")]
    command += ["-a", f"127.0.0.1:{CACHE_PORT}", "-T", "none", "-s", "malloc,16m"]
    log = open(run_dir / "varnish.log", "ab")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    log.close()
    cluster_driver.wait_for_port(CACHE_PORT, what="Varnish", log=run_dir / "varnish.log")
    return process


@pytest.fixture(scope="module")
def faulty_site(_cluster_session, cluster_env):
    """One gunicorn instance (one worker) on APP_PORT: PostgreSQL through the proxy, the tests' own Redis;
    and Varnish before it on CACHE_PORT, with API answers kept for one second only."""
    if not running(_cluster_session, s3=False):
        _cluster_session.stop(quiet=True)
        start(cluster_env)
    stack = _cluster_session
    run_dir = stack.run_dir / "faults"
    run_dir.mkdir(exist_ok=True)
    proxy = FaultProxy(PROXY_PORT, ("127.0.0.1", 5432))
    redis = Redis(run_dir)
    env = {
        **stack.app_env(s3=False),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PROXY_PORT}/{stack.db_name}",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
        "API_CACHE_MAX_AGE": "1",
    }
    env.pop("FRONTEND_CACHE_URL")
    env.pop("API_THROTTLE_RATE", None)
    command = [str(cluster_driver.GUNICORN), "--config", str(BASE_DIR / "deploy" / "gunicorn.conf.py")]
    command += ["--bind", f"127.0.0.1:{APP_PORT}", "--name", "residency-faults"]
    log_path = run_dir / "app.log"
    gunicorn = varnish = None
    try:
        proxy.forward()
        redis.start()
        log = open(log_path, "wb")  # noqa: SIM115 - handed to the child
        gunicorn = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        log.close()
        cluster_driver.wait_for_port(APP_PORT, what="gunicorn", log=log_path)
        assert poll(lambda: status("/") == 200), log_path.read_text()[-3000:]
        varnish = start_varnish(run_dir)
        yield {"proxy": proxy, "redis": redis, "gunicorn": gunicorn, "log": log_path}
    finally:
        if varnish is not None:
            stop(varnish)
        if gunicorn is not None:
            stop(gunicorn)
        redis.stop()
        proxy.stop()


@pytest.fixture
def site_under_test(faulty_site):
    """The instance with its database and Redis working, before and after each test."""
    faulty_site["proxy"].forward()
    if faulty_site["redis"].process is None:
        faulty_site["redis"].start()
    assert poll(lambda: status("/readyz") == 200)
    workers = children(faulty_site["gunicorn"].pid)
    yield faulty_site
    faulty_site["proxy"].forward()
    if faulty_site["redis"].process is None:
        faulty_site["redis"].start()
    # Recovered without a restart: the same gunicorn, the same worker.
    assert faulty_site["gunicorn"].poll() is None
    assert children(faulty_site["gunicorn"].pid) == workers


def uncached_path():
    # Search always asks the database: neither the page cache nor Varnish can answer it.
    return f"/search/?q=clinic{secrets.token_hex(4)}"


def test_a_closed_database_port_gives_503_then_the_site_recovers_by_itself(site_under_test):
    proxy, log = site_under_test["proxy"], site_under_test["log"]
    home_before = get("/")
    assert home_before.status == 200
    logged_before = log.read_text()

    proxy.close_port()
    search = get(uncached_path())
    ready_status, ready = readiness()
    alive = get("/healthz")
    home = get("/")
    logged = log.read_text()[len(logged_before) :]

    assert friendly_503(search), search.text[:500]
    # The operator's log says what failed, one line per request, without a traceback.
    assert "Database unavailable (OperationalError: connection to server at" in logged
    assert "Traceback" not in logged
    assert ready_status == 503
    assert ready == {"status": "unavailable", "checks": {"database": "unavailable", "cache": "ok", "storage": "ok"}}
    assert alive.status == 200
    # The home page is in the page cache (Redis): still served.
    assert home.status == 200
    assert home.header("X-Cache") == "hit"

    proxy.forward()
    path = uncached_path()
    assert poll(lambda: status(path) == 200)
    assert readiness() == (200, {"status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}})


def test_a_database_that_accepts_but_never_answers_gives_503_within_the_timeout(site_under_test):
    proxy = site_under_test["proxy"]
    assert get(uncached_path()).status == 200  # positive control, and a connection for the proxy to drop

    proxy.hang()
    # Each answer comes within CLIENT_TIMEOUT (the connect timeout is 3 s), or request() raises.
    search = get(uncached_path())
    ready_status, ready = readiness()

    assert friendly_503(search), search.text[:500]
    assert ready_status == 503
    assert ready["checks"]["database"] == "unavailable"

    proxy.forward()
    path = uncached_path()
    assert poll(lambda: status(path) == 200)
    assert readiness()[0] == 200


def test_with_redis_stopped_pages_are_served_uncached_and_the_outage_is_logged_once(site_under_test):
    redis, log = site_under_test["redis"], site_under_test["log"]
    seeded = ["/", "/curriculum/", "/health-equity/", "/career-development/", "/apply/", "/faculty-and-staff/"]
    assert [get(path).status for path in seeded] == [200] * len(seeded)
    logged_before = log.read_text()

    redis.stop()
    answers = [get(path) for path in seeded * 2]
    ready_status, ready = readiness()
    redis.start()
    assert poll(lambda: status("/readyz") == 200)
    logged = log.read_text()[len(logged_before) :]

    assert [answer.status for answer in answers] == [200] * len(answers)
    assert {answer.header("X-Cache") for answer in answers} == {"pass"}
    assert ready_status == 503
    assert ready["checks"] == {"database": "ok", "cache": "unavailable", "storage": "ok"}
    assert logged.count("Cache unavailable") == 1, logged
    assert logged.count("Cache available again") == 1, logged
    assert "Internal Server Error" not in logged


def test_varnish_keeps_serving_an_expired_page_while_the_database_is_down(site_under_test):
    proxy, log = site_under_test["proxy"], site_under_test["log"]
    path = f"/api/v2/pages/?fields=title&limit={secrets.randbelow(10) + 10}"
    fresh = get(path, CACHE_PORT)
    assert fresh.status == 200
    assert poll(lambda: get(path, CACHE_PORT).header("X-Cache") == "HIT")
    refused = f'"GET {path} HTTP/1.1" 503'

    proxy.close_port()
    # Past its one second, each visit is answered from the cache while Varnish fetches the page again;
    # by the third failed fetch the first ones have long come back with the app's 503.
    answers = []
    assert poll(lambda: answers.append(get(path, CACHE_PORT)) or log.read_text().count(refused) >= 3)
    proxy.forward()

    assert {answer.status for answer in answers} == {200}
    assert {answer.body for answer in answers} == {fresh.body}


def sign_in(port, username, password):
    """The admin's session and CSRF cookies after signing in on one instance."""
    login = get("/admin/login/", port)
    csrf = login.cookies()["csrftoken"]
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf_token(login.text), "username": username, "password": password, "next": "/admin/"}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    answer = request(port, "/admin/login/", method="POST", body=form, headers=headers, timeout=CLIENT_TIMEOUT)
    assert answer.status == 302, answer.text[:500]
    return {"csrftoken": csrf, **answer.cookies()}


def edit_form(port, url, cookies):
    """The staff record's edit form as a browser would send it back."""
    page = get(url, port, headers={"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())})
    assert page.status == 200, page.text[:500]
    cookies = {**cookies, **page.cookies()}
    data = querydict_from_html(page.text, form_id="w-editor-form")
    html = BeautifulSoup(page.text, "html.parser")
    for checkbox in html.select("#w-editor-form input[type=checkbox][checked]"):
        if "value" not in checkbox.attrs:
            data[checkbox["name"]] = "on"
    data["csrfmiddlewaretoken"] = html.select_one("#w-editor-form input[name=csrfmiddlewaretoken]")["value"]
    return data, cookies


def post(port, url, data, cookies):
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
    }
    return request(port, url, method="POST", body=data.urlencode(), headers=headers, timeout=CLIENT_TIMEOUT)


def test_an_editor_whose_save_fails_is_told_it_was_not_saved_and_gets_the_text_back(site_under_test, cluster):
    proxy = site_under_test["proxy"]
    with psycopg2.connect(f"{cluster.db_server}/{cluster.db_name}") as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id, bio FROM staff_staffmember ORDER BY id LIMIT 1")
        member_id, bio_before = cursor.fetchone()
    connection.close()
    url = f"/admin/snippets/staff/staffmember/edit/{member_id}/"
    cookies = sign_in(APP_PORT, *admin_credentials(cluster))
    data, cookies = edit_form(APP_PORT, url, cookies)
    typed = "Sees patients <b>Tuesdays</b> & Thursdays,\nprecepts on Fridays."
    original = data.copy()
    data["bio"] = typed
    data["action-publish"] = "1"

    proxy.close_port()
    answer = post(APP_PORT, url, data, cookies)
    proxy.forward()

    assert answer.status == 503, answer.text[:3000]
    assert answer.header("Retry-After") == "30"
    assert "Your change was not saved" in answer.text
    assert "Sees patients &lt;b&gt;Tuesdays&lt;/b&gt; &amp; Thursdays,\nprecepts on Fridays." in answer.text
    assert cookies["csrftoken"] not in answer.text
    assert data["csrfmiddlewaretoken"] not in answer.text
    with psycopg2.connect(f"{cluster.db_server}/{cluster.db_name}") as connection, connection.cursor() as cursor:
        cursor.execute("SELECT bio FROM staff_staffmember WHERE id = %s", [member_id])
        assert cursor.fetchone() == (bio_before,)
    connection.close()
    # Positive control: once the database answers, the same form (unchanged) saves.
    original["action-publish"] = "1"
    assert poll(lambda: post(APP_PORT, url, original, cookies).status == 302)


def set_connections(cluster, allowed):
    """Let the cluster's database take connections, or refuse them and end the open ones (as a stop would)."""
    connection = psycopg2.connect(f"{cluster.db_server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{cluster.db_name}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [cluster.db_name]
            )
    connection.close()


def test_with_the_database_refusing_varnish_serves_its_pages_and_the_rest_get_the_friendly_503(cluster):
    instances = {port: cluster.read_pid(f"app-{port}") for port in (INSTANCE_A, INSTANCE_B)}
    page = "/curriculum/"
    assert poll(lambda: get(page, EDGE).header("X-Cache") == "HIT")
    path = uncached_path()

    set_connections(cluster, allowed=False)
    try:
        cached = get(page, EDGE)
        uncached = get(path, EDGE)
        alive = get("/healthz", EDGE)
        ready = get("/readyz", EDGE)
    finally:
        set_connections(cluster, allowed=True)

    assert cached.status == 200
    assert cached.header("X-Cache") == "HIT"
    assert "<h1" in cached.text
    assert friendly_503(uncached), uncached.text[:500]
    assert alive.status == 200
    assert ready.status == 503
    assert json.loads(ready.body)["checks"]["database"] == "unavailable"
    # Back without a restart: the same instances answer the same address.
    assert poll(lambda: status(path, EDGE) == 200)
    assert {port: cluster.read_pid(f"app-{port}") for port in instances} == instances
