"""The production stack through its real servers: nginx at the edge, Varnish, two gunicorn instances, Redis."""

import contextlib
import json
import time
import urllib.parse

from .conftest import THROTTLE_REQUESTS
from .stack import (
    CACHE,
    EDGE,
    INSTANCE_A,
    INSTANCE_B,
    admin_credentials,
    cluster_processes,
    command_line,
    csrf_token,
    manage_shell,
    request,
)


def sign_in(port, username, password):
    """Sign in to the admin on one instance; return the session cookie it set."""
    login = request(port, "/admin/login/")
    assert login.status == 200
    csrf = login.cookies()["csrftoken"]
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf_token(login.text), "username": username, "password": password, "next": "/admin/"}
    )
    answer = request(
        port,
        "/admin/login/",
        method="POST",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )
    assert answer.status == 302, answer.text[:500]
    return answer.cookies()["sessionid"]


def test_an_editor_signed_in_on_one_instance_is_signed_in_on_the_other(cluster):
    session = sign_in(INSTANCE_A, *admin_credentials(cluster))

    dashboard = request(INSTANCE_B, "/admin/", headers={"Cookie": f"sessionid={session}"})
    anonymous = request(INSTANCE_B, "/admin/")

    assert dashboard.status == 200
    assert "Sign out" in dashboard.text or "Log out" in dashboard.text
    # Positive control: without the cookie, instance B sends the visitor to the login form.
    assert anonymous.status == 302
    assert anonymous.header("Location").startswith("/admin/login/")


def failed_sign_in(port, username, source):
    """One wrong password through an instance's login form, from the loopback address given; its status."""
    login = request(port, "/admin/login/", source=source)
    csrf = login.cookies()["csrftoken"]
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf_token(login.text), "username": username, "password": "not-the-password"}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    return request(port, "/admin/login/", method="POST", body=form, headers=headers, source=source).status


def test_an_account_locked_on_one_instance_is_locked_on_the_other(cluster):
    probe = f"lockout-probe-{time.time_ns()}"
    try:
        answers = [failed_sign_in(INSTANCE_A, probe, source="127.0.0.9") for _ in range(10)]
        on_b = failed_sign_in(INSTANCE_B, probe, source="127.0.0.10")
        # Positive control: another account, from another address, is only told its password is wrong.
        other_account = failed_sign_in(INSTANCE_B, f"{probe}-other", source="127.0.0.11")

        assert answers == [200] * 9 + [429]
        assert on_b == 429
        assert other_account == 200
    finally:
        forget = f"AccessAttempt.objects.filter(username__startswith={probe!r}).delete()"
        manage_shell(cluster, f"from axes.models import AccessAttempt; {forget}")


def reset_throttle(cluster):
    import redis

    client = redis.Redis(host="127.0.0.1", port=cluster.redis_port)
    for key in client.scan_iter("*throttle_api_*"):
        client.delete(key)


def api_call(port, number, **options):
    # A new offset each time: the front cache keeps API answers, so a repeated URL would not reach the app.
    return request(port, f"/api/v2/pages/?limit=1&offset={int(time.time() * 1000) % 10**9 + number}", **options)


def test_the_api_throttle_counts_each_client_across_both_instances(cluster):
    reset_throttle(cluster)

    answers = [api_call(INSTANCE_A if number % 2 else INSTANCE_B, number).status for number in range(THROTTLE_REQUESTS)]

    assert answers == [200] * THROTTLE_REQUESTS
    assert api_call(INSTANCE_A, THROTTLE_REQUESTS).status == 429
    assert api_call(INSTANCE_B, THROTTLE_REQUESTS + 1).status == 429


def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(cluster):
    reset_throttle(cluster)

    answers = [
        api_call(EDGE, number, headers={"X-Forwarded-For": f"203.0.113.{number}"}).status
        for number in range(THROTTLE_REQUESTS)
    ]
    forged = api_call(EDGE, THROTTLE_REQUESTS, headers={"X-Forwarded-For": "198.51.100.7"})
    # Positive control: another real client (another loopback address) is not throttled.
    other_client = api_call(EDGE, THROTTLE_REQUESTS + 1, source="127.0.0.2")

    assert answers == [200] * THROTTLE_REQUESTS
    assert forged.status == 429
    assert other_client.status == 200


def test_an_oversized_body_is_refused_by_nginx_with_a_friendly_page(cluster):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", EDGE, timeout=30)
    connection.putrequest("POST", "/search/")
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(200 * 1024 * 1024))
    connection.endheaders()
    # nginx may answer and close before the first bytes of the body arrive.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        connection.send(b"\0" * 65536)
    refused = connection.getresponse()
    page = refused.read().decode()
    connection.close()
    # Positive control: a small body goes through to the app, which answers itself.
    small = request(EDGE, "/search/", method="POST", body=b"q=x", headers={"Content-Type": "text/plain"})

    assert refused.status == 413
    assert refused.getheader("Server") == "nginx"
    assert "too large" in page
    assert small.status != 413


def test_media_files_are_served_by_nginx(cluster):
    folder = cluster.run_dir / "media" / "cluster-test"
    folder.mkdir(parents=True, exist_ok=True)
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cf0000000301010018dd8db00000000049454e44ae426082"
    )
    (folder / "dot.png").write_bytes(png)

    image = request(EDGE, "/media/cluster-test/dot.png")
    missing = request(EDGE, "/media/cluster-test/absent.png")
    page = request(EDGE, "/")

    assert image.status == 200
    assert image.body == png
    assert image.header("Content-Type") == "image/png"
    assert "max-age=86400" in image.header("Cache-Control")
    # Served from disk by nginx: it never went through the front cache (which marks what it serves).
    assert image.header("X-Cache") is None
    assert page.header("X-Cache") in {"HIT", "MISS"}
    assert missing.status == 404


def test_static_files_have_hashed_names_and_a_far_future_cache_lifetime(cluster):
    manifest = json.loads((cluster.run_dir / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    page = request(EDGE, "/")

    stylesheet = request(EDGE, f"/static/{hashed}")

    assert f"/static/{hashed}" in page.text
    assert stylesheet.status == 200
    assert stylesheet.header("Content-Type") == "text/css"
    assert stylesheet.all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert stylesheet.header("X-Cache") is None


def test_each_security_header_is_sent_once(cluster):
    for response in (request(EDGE, "/"), request(EDGE, "/static/css/site.css"), request(EDGE, "/no-such-page/")):
        for header in (
            "X-Content-Type-Options",
            "Referrer-Policy",
            "X-Frame-Options",
            "Content-Security-Policy",
            "Cross-Origin-Resource-Policy",
        ):
            assert len(response.all(header)) == 1, (header, response.all(header))


def test_purge_is_taken_from_loopback_only_through_the_cache_port(cluster):
    request(EDGE, "/robots.txt")
    assert request(EDGE, "/robots.txt").header("X-Cache") == "HIT"

    from_outside = request(EDGE, "/robots.txt", method="PURGE")
    assert from_outside.status == 403
    assert request(EDGE, "/robots.txt").header("X-Cache") == "HIT"

    purged = request(CACHE, "/robots.txt", method="PURGE", headers={"Host": f"127.0.0.1:{EDGE}"})
    assert purged.status == 200
    assert request(EDGE, "/robots.txt").header("X-Cache") == "MISS"


def test_exactly_one_scheduler_runs_in_the_cluster(cluster):
    commands = [command_line(pid) for pid in cluster_processes(cluster)]

    schedulers = [command for command in commands if "run_scheduler" in command]
    instances = [command for command in commands if "gunicorn" in command and "--bind" in command]

    assert len(schedulers) == 1
    # Positive control: the same scan finds both instances (their masters and workers).
    assert {command.split("--bind ")[1].split()[0] for command in instances} == {
        f"127.0.0.1:{INSTANCE_A}",
        f"127.0.0.1:{INSTANCE_B}",
    }
    assert "publish_scheduled runs every 60 s" in (cluster.logs / "scheduler.log").read_text()


PUBLISH = """
from pages.models import CurriculumPage, HomePage, StandardPage
# A page below a section (a section is in every page's menu, so its change shows everywhere).
section = StandardPage.objects.filter(slug="cluster-check").first()
if section is None:
    section = HomePage.objects.get().add_child(instance=StandardPage(title="Cluster check", slug="cluster-check"))
    section.save_revision().publish()
page = StandardPage.objects.filter(slug="cluster-detail").first()
if page is None:
    page = section.add_child(instance=StandardPage(title="Cluster detail", slug="cluster-detail"))
page.intro = "<p>{marker}</p>"
page.save_revision().publish()
print("URL", page.full_url)
print("URL", CurriculumPage.objects.get().full_url)
"""


def test_a_published_change_is_served_at_once_while_unrelated_pages_stay_cached(cluster):
    """Needs residency.invalidation: publishing purges exactly the pages the change shows on from Varnish."""
    before = manage_shell(cluster, PUBLISH.format(marker="First version"))
    page_url, unrelated_url = (
        urllib.parse.urlsplit(line.split()[1]).path for line in before.splitlines() if line.startswith("URL ")
    )
    for url in (page_url, unrelated_url):
        request(EDGE, url)
        assert request(EDGE, url).header("X-Cache") == "HIT"
    marker = f"Published at {time.time_ns()}"

    manage_shell(cluster, PUBLISH.format(marker=marker))

    page = request(EDGE, page_url)
    on_instance_b = request(INSTANCE_B, page_url)
    unrelated = request(EDGE, unrelated_url)
    assert marker in page.text
    assert page.header("X-Cache") == "MISS"
    assert marker in on_instance_b.text
    # Positive control for the purge being exact: the unrelated page is still served from the cache.
    assert unrelated.header("X-Cache") == "HIT"
    assert request(EDGE, page_url).header("X-Cache") == "HIT"


def test_cluster_stop_leaves_no_process_running(cluster, cluster_env):
    import subprocess

    from .stack import BASE_DIR

    processes = cluster_processes(cluster)
    # Positive control: redis, 2 instances with 2 workers each, the scheduler, Varnish and nginx.
    assert len(processes) >= 10

    result = subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", "cluster-stop"],  # noqa: S607
        cwd=BASE_DIR,
        env=cluster_env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Stopped:" in result.stdout
    alive = [pid for pid in processes if cluster_processes_alive(pid)]
    assert alive == [], [command_line(pid) for pid in alive]
    assert cluster_processes(cluster) == set()


def cluster_processes_alive(pid):
    from .stack import cluster_driver

    return cluster_driver.process_alive(pid)
