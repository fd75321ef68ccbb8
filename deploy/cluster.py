"""Start and stop the production stack on this machine, on loopback only (`make cluster`, `make cluster-stop`).

    nginx (edge) -> Varnish (front cache) -> gunicorn instances -> PostgreSQL, Redis [, moto's S3]

The configuration is the committed files beside this script; the addresses, paths and secrets they need
are filled in and written to the run directory (.cluster/, git-ignored), with every process's PID file
and log. `stop` stops exactly the processes named by those PID files.

Environment: CLUSTER_RUN_DIR, CLUSTER_DB (database name, default residency), CLUSTER_DATABASE_SERVER
(default postgres://postgres@127.0.0.1:5432), CLUSTER_PORT (edge port, default 8500; the front cache,
instances and S3 use the ports just above it), CLUSTER_REDIS_PORT (default 6390), CLUSTER_INSTANCES
(default 2), WEB_CONCURRENCY (workers per instance, default 2), API_THROTTLE_RATE.
"""

import argparse
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parent
BASE_DIR = DEPLOY_DIR.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
MOTO_SERVER = BASE_DIR / ".venv" / "bin" / "moto_server"
HOST = "127.0.0.1"
BUCKET = "residency-media"
TOOLS = ("nginx", "varnishd", "redis-server")


class Cluster:
    def __init__(self, environ=os.environ):
        self.run_dir = Path(environ.get("CLUSTER_RUN_DIR") or BASE_DIR / ".cluster").resolve()
        self.db_name = environ.get("CLUSTER_DB", "residency")
        self.db_server = environ.get("CLUSTER_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")
        self.edge_port = int(environ.get("CLUSTER_PORT", "8500"))
        self.cache_port = self.edge_port + 1
        self.s3_port = self.edge_port + 20
        self.redis_port = int(environ.get("CLUSTER_REDIS_PORT", "6390"))
        count = int(environ.get("CLUSTER_INSTANCES", "2"))
        self.instance_ports = [self.edge_port + 10 + number for number in range(count)]
        self.workers = environ.get("WEB_CONCURRENCY", "2")
        self.throttle_rate = environ.get("API_THROTTLE_RATE", "")
        self.logs = self.run_dir / "logs"
        self.pids = self.run_dir / "pids"

    @property
    def url(self):
        return f"http://{HOST}:{self.edge_port}/"

    # The processes, in the order they start; `stop` goes the other way.
    def names(self):
        return ["s3", "redis", *[f"app-{port}" for port in self.instance_ports], "scheduler", "varnish", "nginx"]

    def pid_file(self, name):
        return self.pids / f"{name}.pid"

    def app_env(self, s3=None):
        if s3 is None:
            s3 = (self.run_dir / "s3-enabled").exists()
        env = {
            **os.environ,
            # Marks every process of this stack (tests look for it in /proc).
            "RESIDENCY_CLUSTER": str(self.run_dir),
            "DJANGO_SETTINGS_MODULE": "residency.settings.production",
            "SECRET_KEY": (self.run_dir / "secret-key").read_text().strip(),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "CSRF_TRUSTED_ORIGINS": self.url.rstrip("/"),
            "WAGTAILADMIN_BASE_URL": self.url.rstrip("/"),
            "DATABASE_URL": f"{self.db_server}/{self.db_name}",
            "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
            # nginx, then Varnish, each append to X-Forwarded-For.
            "NUM_PROXIES": "2",
            "FRONTEND_CACHE_URL": f"http://{HOST}:{self.cache_port}",
            "STATIC_ROOT": str(self.run_dir / "static"),
            "MEDIA_ROOT": str(self.run_dir / "media"),
            # Plain HTTP on loopback: no HTTPS redirect, no HSTS, cookies without the Secure flag.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_COOKIES": "false",
            # The stack's generated superuser signs in with its password alone (its tests and make loadtest do).
            "OTP_REQUIRED_FOR_SUPERUSERS": "false",
            "WEB_CONCURRENCY": self.workers,
        }
        # No mail server on loopback: password-reset and notification mail goes to the instances' logs.
        if not (os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST")):
            env["EMAIL_URL"] = "console://"
        if self.throttle_rate:
            env["API_THROTTLE_RATE"] = self.throttle_rate
        if s3:
            env.update(
                AWS_STORAGE_BUCKET_NAME=BUCKET,
                AWS_S3_ENDPOINT_URL=f"http://{HOST}:{self.s3_port}",
                AWS_S3_REGION_NAME="us-east-1",
                AWS_ACCESS_KEY_ID="cluster",
                AWS_SECRET_ACCESS_KEY="cluster",  # noqa: S106 - moto accepts any key
            )
        else:
            for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL"):
                env.pop(name, None)
        return env

    # --- starting ---------------------------------------------------------------------------------

    def start(self, s3=False):
        missing = [tool for tool in TOOLS if not shutil.which(tool)]
        if missing:
            sys.exit(f"Missing: {', '.join(missing)} (apt-get install nginx-light varnish redis-server).")
        running = [name for name in self.names() if self.alive(name)]
        if running:
            sys.exit(f"The cluster is running already ({', '.join(running)}): make cluster-stop first.")
        for directory in (self.logs, self.pids, self.run_dir / "media", self.run_dir / "nginx"):
            directory.mkdir(parents=True, exist_ok=True)
        secret = self.run_dir / "secret-key"
        if not secret.exists():
            secret.write_text(secrets.token_urlsafe(50))
            secret.chmod(0o600)
        (self.run_dir / "s3-enabled").unlink(missing_ok=True)
        if s3:
            (self.run_dir / "s3-enabled").touch()
        try:
            self.create_database()
            if s3:
                self.start_s3()
            self.start_redis()
            self.prepare_site()
            for port in self.instance_ports:
                self.start_instance(port, wait=False)
            for port in self.instance_ports:
                wait_for_port(port, what=f"gunicorn on {port}", log=self.logs / f"app-{port}-error.log")
            # The one scheduler in the cluster: the instances never run publish_scheduled themselves.
            self.spawn("scheduler", [str(PYTHON), "manage.py", "run_scheduler"], env=self.app_env())
            self.start_varnish()
            self.start_nginx()
            wait_for_url(self.url)
        except BaseException:
            self.stop(quiet=True)
            raise
        print(f"The cluster is up: {self.url}  (admin: {self.url}admin/)")
        print((self.run_dir / "admin-credentials").read_text().rstrip())
        print(f"Logs and PID files: {self.run_dir}; stop it with: make cluster-stop")

    def create_database(self):
        import psycopg2

        connection = psycopg2.connect(f"{self.db_server}/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.db_name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{self.db_name}"')
        connection.close()

    def start_s3(self):
        self.spawn("s3", [str(MOTO_SERVER), "-H", HOST, "-p", str(self.s3_port)])
        wait_for_port(self.s3_port, what="moto's S3 server", log=self.logs / "s3.log")
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=f"http://{HOST}:{self.s3_port}",
            region_name="us-east-1",
            aws_access_key_id="cluster",
            aws_secret_access_key="cluster",  # noqa: S106 - moto accepts any key
        )
        client.create_bucket(Bucket=BUCKET)
        # Media is public: anyone may read the objects, as from a bucket behind a CDN.
        client.put_bucket_policy(
            Bucket=BUCKET,
            Policy=(
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
                f'"Action":"s3:GetObject","Resource":"arn:aws:s3:::{BUCKET}/*"}}]}}'
            ),
        )

    def start_redis(self):
        (self.run_dir / "redis").mkdir(exist_ok=True)
        command = ["redis-server", "--bind", HOST, "--port", str(self.redis_port), "--dir", str(self.run_dir / "redis")]
        # A cache: nothing to keep on disk.
        command += ["--save", "", "--appendonly", "no", "--maxmemory", "128mb", "--maxmemory-policy", "allkeys-lru"]
        self.spawn("redis", command)
        wait_for_port(self.redis_port, what="redis-server", log=self.logs / "redis.log")

    def prepare_site(self):
        env = self.app_env()
        self.manage(["migrate", "--noinput", "-v0"], env)
        # Collecting and compressing takes most of a minute: done again only when a source file changed.
        stamp, fingerprint = self.run_dir / "static.fingerprint", static_fingerprint()
        if not stamp.exists() or stamp.read_text() != fingerprint:
            self.manage(["collectstatic", "--noinput", "-v0"], env)
            stamp.write_text(fingerprint)
        self.manage(["load_program_content"], env)
        # Wagtail's page URLs (and so the URLs it purges) use the default site's host and port.
        snippet = SITE_SNIPPET.format(hostname=HOST, port=self.edge_port)
        # The admin keeps the password saved here; a new one when none is saved or the database has another.
        credentials = self.run_dir / "admin-credentials"
        saved = credentials.read_text().split("Password: ", 1)[1].split()[0] if credentials.exists() else ""
        output = self.manage(["shell", "-c", snippet + ADMIN_SNIPPET.format(saved=saved)], env)
        password = output.split("Password: ", 1)[1].split()[0]
        credentials.write_text(f"Admin: {self.url}admin/\nUsername: admin\nPassword: {password}\n")
        credentials.chmod(0o600)

    def manage(self, arguments, env):
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [str(PYTHON), "manage.py", *arguments], cwd=BASE_DIR, env=env, capture_output=True, text=True
        )
        with open(self.logs / "setup.log", "a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%H:%M:%S')} manage.py {arguments[0]}\n{result.stdout}{result.stderr}")
        if result.returncode:
            sys.exit(f"manage.py {arguments[0]} failed:\n{result.stderr[-2000:]}")
        return result.stdout

    def start_instance(self, port, wait=True):
        """One app instance; adding an instance to the cluster is this, plus a backend in the VCL."""
        self.spawn(f"app-{port}", self.gunicorn_command(port), env=self.app_env())
        if wait:
            wait_for_port(port, what=f"gunicorn on {port}", log=self.logs / f"app-{port}-error.log")

    def gunicorn_command(self, port):
        return [str(GUNICORN), "--config", str(DEPLOY_DIR / "gunicorn.conf.py"), "--bind", f"{HOST}:{port}"] + [
            "--pid",
            str(self.pid_file(f"app-{port}")),
            "--access-logfile",
            str(self.logs / f"app-{port}-access.log"),
            "--error-logfile",
            str(self.logs / f"app-{port}-error.log"),
            "--name",
            f"residency-{port}",
        ]

    def start_varnish(self):
        ports = self.instance_ports
        backends = "\n".join(BACKEND_VCL.format(name=f"app{port}", host=HOST, port=port) for port in ports)
        adds = "\n".join(f"    app.add_backend(app{port});" for port in self.instance_ports)
        vcl = fill(DEPLOY_DIR / "varnish" / "default.vcl", BACKENDS=backends, DIRECTOR_ADD=adds)
        (self.run_dir / "default.vcl").write_text(vcl)
        command = ["varnishd", "-n", str(self.run_dir / "varnish"), "-f", str(self.run_dir / "default.vcl")]
        command += ["-a", f"{HOST}:{self.cache_port}", "-T", "none", "-s", "malloc,64m"]
        command += ["-p", "default_ttl=120", "-P", str(self.pid_file("varnish"))]
        run_tool(command, self.logs / "varnish.log", self.run_dir)
        wait_for_port(self.cache_port, what="Varnish", log=self.logs / "varnish.log")

    def start_nginx(self):
        values = {
            "RUN_DIR": str(self.run_dir),
            "DEPLOY_DIR": str(DEPLOY_DIR),
            "LISTEN": f"{HOST}:{self.edge_port}",
            "CACHE_ADDRESS": f"{HOST}:{self.cache_port}",
            "STATIC_ROOT": str(self.run_dir / "static"),
            "MEDIA_ROOT": str(self.run_dir / "media"),
        }
        (self.run_dir / "residency.conf").write_text(fill(DEPLOY_DIR / "nginx" / "residency.conf", **values))
        (self.run_dir / "nginx.conf").write_text(fill(DEPLOY_DIR / "nginx" / "cluster.conf", **values))
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / "nginx" / temp).mkdir(exist_ok=True)
        command = ["nginx", "-p", str(self.run_dir / "nginx"), "-c", str(self.run_dir / "nginx.conf")]
        if os.geteuid() == 0:
            # The workers read the collected files and the media as the owner of the checkout.
            owner = BASE_DIR.stat()
            command += ["-g", f"user {owner_name(owner.st_uid)} {group_name(owner.st_gid)};"]
        run_tool(command, self.logs / "nginx-start.log", self.run_dir)
        # nginx writes its PID file under the run directory (pid in cluster.conf): move it to pids/.
        deadline = time.monotonic() + 10
        while not (self.run_dir / "nginx.pid").exists():
            if time.monotonic() > deadline:
                sys.exit("nginx did not start; see " + str(self.logs))
            time.sleep(0.1)
        wait_for_port(self.edge_port, what="nginx", log=self.logs / "nginx-error.log")

    def spawn(self, name, command, env=None):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child
        marked = {**(env or os.environ), "RESIDENCY_CLUSTER": str(self.run_dir)}
        process = subprocess.Popen(  # noqa: S603 - fixed commands
            command, cwd=BASE_DIR, env=marked, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.pid_file(name).write_text(f"{process.pid}\n")
        return process

    # --- stopping ---------------------------------------------------------------------------------

    def read_pid(self, name):
        path = self.run_dir / "nginx.pid" if name == "nginx" else self.pid_file(name)
        try:
            return int(path.read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return None

    def alive(self, name):
        pid = self.read_pid(name)
        return pid is not None and process_alive(pid)

    def stop(self, quiet=False):
        stopped = []
        apps = [name for name in self.names() if name.startswith("app-")]
        # From the edge inwards; the instances and the scheduler together.
        for group in (["nginx"], ["varnish"], [*apps, "scheduler"], ["redis"], ["s3"]):
            pids = {name: self.read_pid(name) for name in group}
            pids = {name: pid for name, pid in pids.items() if pid is not None and process_alive(pid)}
            for pid in pids.values():
                # SIGTERM: gunicorn finishes its requests (graceful_timeout), the others stop at once.
                os.kill(pid, signal.SIGTERM)
            for pid in pids.values():
                if not wait_gone(pid, timeout=40):
                    os.kill(pid, signal.SIGKILL)
                    wait_gone(pid, timeout=5)
            stopped += pids
            for name in group:
                self.pid_file(name).unlink(missing_ok=True)
        (self.run_dir / "nginx.pid").unlink(missing_ok=True)
        if not quiet:
            print(f"Stopped: {', '.join(stopped)}" if stopped else "Nothing was running.")


SITE_SNIPPET = """
from wagtail.models import Site
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = {hostname!r}, {port}
site.save()
"""

ADMIN_SNIPPET = """
import secrets
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(username="admin")
password = {saved!r}
if not (password and user.check_password(password)):
    password = secrets.token_urlsafe(16)
    user.set_password(password)
user.is_superuser = user.is_staff = user.is_active = True
user.save()
print("Password:", password)
"""

BACKEND_VCL = """backend {name} {{
    .host = "{host}";
    .port = "{port}";
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
    .probe = {{
        # Liveness only: with the database down an instance stays in, and answers its own 503.
        .url = "/healthz";
        .interval = 1s;
        .timeout = 3s;
        .window = 3;
        .threshold = 2;
    }}
}}"""


def static_fingerprint():
    """What collectstatic's output depends on: the project's static files and the installed packages."""
    digest = hashlib.sha256()
    site_packages = Path(sys.prefix, "lib", f"python{sys.version_info.major}.{sys.version_info.minor}", "site-packages")
    for path in [site_packages, *sorted(BASE_DIR.glob("*/static/**/*"))]:
        if path.is_relative_to(BASE_DIR / "static"):
            continue
        status = path.stat()
        digest.update(f"{path}:{status.st_size}:{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def fill(template, **values):
    text = template.read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def run_tool(command, log, run_dir):
    """Run a daemon that forks into the background and writes its own PID file."""
    marker = {"RESIDENCY_CLUSTER": str(run_dir)}
    with open(log, "ab") as output:
        result = subprocess.run(  # noqa: S603
            command, stdout=output, stderr=subprocess.STDOUT, cwd=BASE_DIR, env={**os.environ, **marker}
        )
    if result.returncode:
        sys.exit(f"{command[0]} failed to start; see {log}:\n{log.read_text()[-2000:]}")


def owner_name(uid):
    import pwd

    return pwd.getpwuid(uid).pw_name


def group_name(gid):
    import grp

    return grp.getgrgid(gid).gr_name


def process_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pid, timeout):
    deadline = time.monotonic() + timeout
    while process_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def port_open(port):
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def wait_for_port(port, what, log, timeout=30):
    deadline = time.monotonic() + timeout
    while not port_open(port):
        if time.monotonic() > deadline:
            tail = log.read_text()[-2000:] if log.exists() else ""
            sys.exit(f"{what} did not start within {timeout} s:\n{tail}")
        time.sleep(0.1)


def wait_for_url(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own loopback URL
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"{url} did not answer 200 within {timeout} s")
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--s3", action="store_true", help="Store media in a local S3 (moto's server).")
    arguments = parser.parse_args()
    cluster = Cluster()
    if arguments.action == "start":
        cluster.start(s3=arguments.s3)
    elif arguments.action == "stop":
        cluster.stop()
    else:
        for name in cluster.names():
            print(f"{name}: {'running, pid ' + str(cluster.read_pid(name)) if cluster.alive(name) else 'stopped'}")


if __name__ == "__main__":
    main()
