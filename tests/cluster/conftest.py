"""The production stack (deploy/cluster.py, as `make cluster` runs it), started once for these tests.

It needs nginx, varnishd and redis-server on this machine and PostgreSQL on 127.0.0.1:5432. Without
them the tests are skipped with the reason, except under CI (CI set), where they must run.
"""

import os
import shutil
import socket
import subprocess
import sys

import pytest

from .stack import BASE_DIR, EDGE, HOST, REDIS_PORT, cluster_driver

RUN_DIR = BASE_DIR / "tests" / "artifacts" / "cluster"
# The throttle's rate in these tests: small, so a test reaches it quickly.
THROTTLE_REQUESTS = 30
CLUSTER_ENV = {
    "CLUSTER_RUN_DIR": str(RUN_DIR),
    "CLUSTER_DB": os.environ.get("CLUSTER_TEST_DB") or os.environ.get("CLUSTER_DB") or "residency_cluster",
    "CLUSTER_PORT": str(EDGE),
    "CLUSTER_REDIS_PORT": str(REDIS_PORT),
    "API_THROTTLE_RATE": f"{THROTTLE_REQUESTS}/minute",
}


def missing_requirements():
    missing = [tool for tool in cluster_driver.TOOLS if not shutil.which(tool)]
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex((HOST, 5432)):
            missing.append("PostgreSQL on 127.0.0.1:5432")
    return missing


@pytest.fixture(scope="session")
def cluster_env():
    missing = missing_requirements()
    if missing:
        message = f"The cluster tests need {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set: .ci/run installs them).")
        pytest.skip(message + ".")
    return {**os.environ, **CLUSTER_ENV}


def start(env, s3=False):
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(BASE_DIR / "deploy" / "cluster.py"), "start", *(["--s3"] if s3 else [])],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def running(stack, s3):
    """The stack is up, with media in the bucket (s3) or on disk."""
    if (stack.run_dir / "s3-enabled").exists() != s3:
        return False
    return all(stack.alive(name) for name in stack.names() if s3 or name != "s3")


@pytest.fixture(scope="session")
def _cluster_session(cluster_env):
    stack = cluster_driver.Cluster(environ=cluster_env)
    stack.stop(quiet=True)  # what an interrupted run left behind
    yield stack
    stack.stop(quiet=True)


@pytest.fixture
def cluster(_cluster_session, cluster_env):
    """The running stack; started again if a test (cluster-stop, an instance stopped) left it down."""
    if not running(_cluster_session, s3=False):
        _cluster_session.stop(quiet=True)
        start(cluster_env)
    return _cluster_session


@pytest.fixture
def cluster_with_s3(_cluster_session, cluster_env):
    """The stack as `make cluster S3=1` runs it: uploads in moto's S3 server."""
    if not running(_cluster_session, s3=True):
        _cluster_session.stop(quiet=True)
        start(cluster_env, s3=True)
    return _cluster_session
