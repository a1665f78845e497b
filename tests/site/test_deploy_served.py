"""The image's commands run for real: entrypoint, gunicorn, healthcheck, static files."""

import contextlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .deploy_support import ROOT, command, portal, production_env, service

# --- The image's commands, run for real ------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthcheck(url: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "docker" / "healthcheck.py"), url],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


@contextlib.contextmanager
def web_container(env: dict[str, str], log_path: Path):
    """Compose's `web` command through the image's entrypoint, on a free local port."""
    port = free_port()
    cmd = [
        f"127.0.0.1:{port}" if part == "0.0.0.0:8000" else part
        for part in command(service("web"))
    ]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(ROOT / "docker" / "entrypoint.sh"), *cmd],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield proc, port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_until(ready, proc: subprocess.Popen, log_path: Path, seconds: int = 180):
    deadline = time.monotonic() + seconds
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(log_path.read_text()[-3000:])
        time.sleep(0.5)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn started as the image starts it: entrypoint with PORTAL_MIGRATE=true,
    then compose's web command, on static files collected as the Dockerfile does."""
    tmp = tmp_path_factory.mktemp("deploy")
    env = production_env(tmp)
    collected = portal("collectstatic", "--no-input", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    log_path = tmp / "gunicorn.log"
    with web_container({**env, "PORTAL_MIGRATE": "true"}, log_path) as (proc, port):
        url = f"http://127.0.0.1:{port}/admin/login/"
        wait_until(lambda: healthcheck(url, env).returncode == 0, proc, log_path)
        yield {"env": env, "port": port, "url": url, "tmp": tmp}


def test_entrypoint_migrated_the_database(served):
    with contextlib.closing(sqlite3.connect(served["tmp"] / "portal.sqlite3")) as db:
        applied = db.execute("SELECT COUNT(*) FROM django_migrations").fetchone()[0]
    assert applied > 0
    result = portal("migrate", "--check", env=served["env"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_healthcheck_passes_against_gunicorn_and_fails_without_it(served):
    assert healthcheck(served["url"], served["env"]).returncode == 0
    dead = f"http://127.0.0.1:{free_port()}/admin/login/"
    assert healthcheck(dead, served["env"]).returncode == 1


def test_healthcheck_fails_when_the_database_is_down(served):
    env = {
        **served["env"],
        "DATABASE_URL": f"postgres://portal:x@127.0.0.1:{free_port()}/portal",
    }
    log_path = served["tmp"] / "gunicorn-no-db.log"
    with web_container(env, log_path) as (proc, port):

        def listening() -> bool:
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0

        wait_until(listening, proc, log_path)
        url = f"http://127.0.0.1:{port}/admin/login/"
        # A patient first request, so a loaded machine cannot turn this into a timeout.
        headers = {"Host": "portal.example.org", "X-Forwarded-Proto": "https"}
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(
                urllib.request.Request(url, headers=headers), timeout=60
            )
        assert error.value.code == 500
        result = healthcheck(url, env)
    assert result.returncode == 1
    assert "answered HTTP 500" in result.stderr


def test_served_site_redirects_to_https_and_sends_hsts(served):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    plain = urllib.request.Request(
        served["url"], headers={"Host": "portal.example.org"}
    )
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(plain, timeout=10)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://portal.example.org/")
    proxied = urllib.request.Request(
        served["url"],
        headers={"Host": "portal.example.org", "X-Forwarded-Proto": "https"},
    )
    with opener.open(proxied, timeout=10) as response:
        assert response.status == 200
        assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
        assert response.headers["X-Frame-Options"] == "DENY"


def test_static_files_are_served_from_the_collected_manifest(served):
    manifest = json.loads((served["tmp"] / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["wagtailadmin/css/core.css"]
    request = urllib.request.Request(
        f"http://127.0.0.1:{served['port']}/static/{hashed}",
        headers={"Host": "portal.example.org", "X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert "immutable" in response.headers["Cache-Control"]


def test_entrypoint_rejects_an_unknown_migrate_flag(tmp_path):
    result = subprocess.run(
        [str(ROOT / "docker" / "entrypoint.sh"), "true"],
        env=production_env(tmp_path, PORTAL_MIGRATE="maybe"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 64
    assert "PORTAL_MIGRATE must be true or false" in result.stderr
