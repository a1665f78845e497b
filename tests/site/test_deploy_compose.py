"""docker-compose.yml: services, environment, secrets and images, checked by loaders."""

import json
import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .deploy_support import (
    CI_POSTGRES_MAJOR,
    COMPOSE_FILE,
    ENV_EXAMPLE,
    OPENSEARCH_MAJOR,
    ROOT,
    command,
    compose,
    dockerfile_env,
    environment,
    filled_env_example,
    healthcheck_test,
    interpolate,
    interpolated_names,
    service,
    settings_env_reads,
)

# --- docker-compose.yml --------------------------------------------------------------


def test_compose_has_the_services_with_healthchecks_and_declared_volumes():
    spec = compose()
    services = spec["services"]
    assert {"web", "db", "search", "migrate"} <= services.keys()
    for name in ("web", "db", "search"):
        assert services[name]["healthcheck"]["test"], name
    declared = set(spec["volumes"])
    for name, svc in services.items():
        for mount in svc.get("volumes", []):
            source = mount.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, f"{name} mounts undeclared volume {source}"
    assert any(m.startswith("db:") for m in services["db"]["volumes"])
    assert any(m.startswith("search:") for m in services["search"]["volumes"])
    media_root = dockerfile_env()["PORTAL_MEDIA_ROOT"]
    assert f"media:{media_root}" in services["web"]["volumes"]


def test_private_uploads_have_a_volume_the_proxy_never_sees():
    """Import spreadsheets and members-only materials live in PORTAL_PRIVATE_ROOT
    ($PORTAL_VAR_DIR/private): a volume of the portal's containers, not of the proxy."""
    private_root = dockerfile_env()["PORTAL_PRIVATE_ROOT"]
    for name in ("web", "worker"):
        assert f"private:{private_root}" in service(name)["volumes"], name
    assert not any(m.startswith("private:") for m in service("proxy")["volumes"])


def test_web_waits_for_healthy_db_and_search_and_for_migrations():
    depends = service("web")["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["search"]["condition"] == "service_healthy"
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    migrate = service("migrate")
    assert command(migrate) == ["portal", "migrate", "--no-input"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert environment(migrate) == {
        k: v
        for k, v in environment(service("web")).items()
        if k not in {"WEB_CONCURRENCY", "PORTAL_MIGRATE"}
    }


def test_web_runs_gunicorn_with_production_settings():
    web = service("web")
    cmd = command(web)
    assert cmd[:2] == ["gunicorn", "portal.wsgi:application"]
    assert cmd[cmd.index("--bind") + 1] == "0.0.0.0:8000"
    assert environment(web)["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    assert "docker/healthcheck.py" in healthcheck_test(web)
    assert "/admin/login/" in healthcheck_test(web)
    assert any(port.endswith(":8000") for port in web["ports"])


def test_web_passes_every_variable_the_settings_read():
    web_env = environment(service("web"))
    image_env = dockerfile_env()
    reads = settings_env_reads()
    missing_required = {name for name, req in reads.items() if req} - web_env.keys()
    assert not missing_required, f"required but not in web: {missing_required}"
    undeclared = reads.keys() - web_env.keys() - image_env.keys()
    assert not undeclared, (
        f"read by settings, set by neither compose nor image: {undeclared}"
    )
    # Declared now for the search engine wiring, which will read it.
    assert "PORTAL_SEARCH_URL" in web_env


def test_compose_hard_codes_no_secret():
    for name, svc in compose()["services"].items():
        for key, value in environment(svc).items():
            if re.search(r"SECRET|PASSWORD", key):
                assert re.fullmatch(rf"\$\{{{key}:[?-][^}}]*\}}", value), (name, key)
    web_env = environment(service("web"))
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL"):
        assert web_env[name].startswith(f"${{{name}:?"), name
    assert "${POSTGRES_PASSWORD:?" in web_env["DATABASE_URL"]


def test_database_url_points_at_the_db_service():
    db_env = environment(service("db"))
    raw = environment(service("web"))["DATABASE_URL"]
    assert interpolated_names(raw) == {"POSTGRES_PASSWORD"}
    password = secrets.token_hex(16)
    url = urlsplit(interpolate(raw, {"POSTGRES_PASSWORD": password}))
    assert url.scheme in {"postgres", "postgresql"}
    assert url.hostname == "db"
    assert url.port == 5432
    assert url.username == db_env["POSTGRES_USER"]
    assert url.password == password
    assert interpolate(
        db_env["POSTGRES_PASSWORD"], {"POSTGRES_PASSWORD": password}
    ) == (password)
    assert url.path.lstrip("/") == db_env["POSTGRES_DB"]
    assert "pg_isready" in healthcheck_test(service("db"))
    assert f"-U {db_env['POSTGRES_USER']}" in healthcheck_test(service("db"))


def test_postgres_image_matches_ci():
    image = service("db")["image"]
    name, _, tag = image.partition(":")
    assert name == "postgres"
    assert int(tag.split(".")[0]) == CI_POSTGRES_MAJOR
    installed = Path("/usr/lib/postgresql")
    if installed.is_dir():  # the cluster scripts/lib.sh starts for CI
        newest = max(int(p.name) for p in installed.iterdir() if p.name.isdigit())
        assert newest == CI_POSTGRES_MAJOR


def test_search_service_is_a_single_opensearch_node_of_the_right_major():
    search = service("search")
    name, _, tag = search["image"].partition(":")
    assert name == "opensearchproject/opensearch"
    assert int(tag.split(".")[0]) == OPENSEARCH_MAJOR
    env = environment(search)
    assert env["discovery.type"] == "single-node"
    assert env["DISABLE_SECURITY_PLUGIN"] == "true"
    assert re.search(r"-Xms\S+ -Xmx\S+", interpolate(env["OPENSEARCH_JAVA_OPTS"], {}))
    assert "_cluster/health" in healthcheck_test(search)
    assert "ports" not in search  # internal only: the security plugin is off
    url = urlsplit(environment(service("web"))["PORTAL_SEARCH_URL"])
    assert (url.scheme, url.hostname, url.port) == ("http", "search", 9200)
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line
    )
    client = pins.get("opensearch-py")
    if client:  # client major must equal server major
        assert int(client.split(".")[0]) == OPENSEARCH_MAJOR


# --- Real loaders, where the machine has them ------------------------------------------


@pytest.mark.skipif(not shutil.which("go"), reason="needs the Go toolchain")
def test_compose_file_loads_with_the_compose_spec_loader(tmp_path):
    """compose-go (the loader of `docker compose config`) accepts the file with a
    filled-in .env and refuses it with the untouched .env.example."""
    binary = tmp_path / "composecheck"
    build = subprocess.run(
        ["go", "build", "-o", str(binary), "."],
        cwd=ROOT / "docker" / "composecheck",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    filled = tmp_path / "filled.env"
    filled.write_text(
        "".join(f"{name}={value}\n" for name, value in filled_env_example().items())
    )
    loaded = subprocess.run(
        [str(binary), str(COMPOSE_FILE), str(filled)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert loaded.returncode == 0, loaded.stderr
    resolved = yaml.safe_load(loaded.stdout)
    assert resolved["services"]["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    refused = subprocess.run(
        [str(binary), str(COMPOSE_FILE), str(ENV_EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1
    assert "required variable DJANGO_SECRET_KEY is missing" in refused.stderr
    assert "required variable POSTGRES_PASSWORD is missing" in refused.stderr


@pytest.mark.skipif(not shutil.which("caddy"), reason="needs caddy")
def test_caddy_routes_documents_media_and_pages():
    """The proxy blocks raw documents, serves media from the volume, proxies the rest."""
    adapted = subprocess.run(
        ["caddy", "adapt", "--adapter", "caddyfile", "--config", "docker/Caddyfile"],
        cwd=ROOT,
        env={**os.environ, "PORTAL_DOMAIN": "portal.example.org"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert adapted.returncode == 0, adapted.stderr
    config = json.loads(adapted.stdout)
    server = next(iter(config["apps"]["http"]["servers"].values()))
    site = server["routes"][0]
    assert site["match"][0]["host"] == ["portal.example.org"]
    routes = [r for r in site["handle"][0]["routes"] if "group" in r]
    flat = [json.dumps(r) for r in routes]
    assert '"/media/documents/*"' in flat[0] and '"status_code": 404' in flat[0]
    assert '"/media/*"' in flat[1] and '"file_server"' in flat[1]
    assert '"root": "/srv"' in flat[1]
    assert "match" not in routes[2] and '"dial": "web:8000"' in flat[2]
    proxy = service("proxy")
    assert "media:/srv/media:ro" in proxy["volumes"]
    assert "./docker/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
