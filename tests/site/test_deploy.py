"""Proofs that the production description is true without a Docker engine.

docker-compose.yml, the Dockerfile, .env.example and docs/deploy.md describe how the
portal runs in production; portal/settings/production.py is what actually runs. These
tests tie them together: the variables the settings read are the ones compose passes,
the image's commands work against a real gunicorn, and `check --deploy` is clean.
"""

import ast
import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "site" / "portal" / "settings"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
VENV_BIN = Path(sys.executable).parent
PORTAL = VENV_BIN / "portal"

#: PostgreSQL major version CI tests against: Debian 12's `postgresql` package, which
#: scripts/run-tests.sh installs.
CI_POSTGRES_MAJOR = 15
#: OpenSearch major version; the Python client's major must equal it.
OPENSEARCH_MAJOR = 3

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
INTERPOLATION = re.compile(
    r"\$\$|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?])?(?P<arg>[^}]*)\}"
    r"|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)


# --- Reading the files -----------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def service(name: str) -> dict:
    return compose()["services"][name]


def environment(svc: dict) -> dict[str, str]:
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def command(svc: dict) -> list[str]:
    cmd = svc["command"]
    return shlex.split(cmd) if isinstance(cmd, str) else [str(part) for part in cmd]


def healthcheck_test(svc: dict) -> str:
    test = svc["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    pairs = []
    for line in logical:
        instruction, _, args = line.partition(" ")
        pairs.append((instruction.upper(), args.strip()))
    return pairs


def dockerfile_env() -> dict[str, str]:
    env = {}
    for instruction, args in dockerfile_instructions():
        if instruction == "ENV":
            env.update(part.split("=", 1) for part in shlex.split(args))
    return env


def dotenv(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def compose_required_names() -> set[str]:
    """Variables compose refuses to start without: the ${NAME:?message} forms."""
    return set(
        re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?\?", COMPOSE_FILE.read_text())
    )


def filled_env_example() -> dict[str, str]:
    """.env.example as an operator fills it in: a value for every required variable."""
    required = compose_required_names()
    return {
        name: value or (secrets.token_hex(32) if name in required else "")
        for name, value in dotenv(ENV_EXAMPLE).items()
    }


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's variable substitution: $$, ${V}, ${V:-d}, ${V-d}, ${V:?e}, ${V?e}."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("braced") or match.group("bare")
        op, arg = match.group("op") or "", match.group("arg") or ""
        present = name in variables
        value = variables.get(name, "")
        missing = not value if op.startswith(":") else not present
        if op.endswith("?") and missing:
            raise KeyError(f"{name}: {arg}")
        if op.endswith("-") and missing:
            return arg
        return value

    return INTERPOLATION.sub(replace, value)


def interpolated_names(value: str) -> set[str]:
    return {
        m.group("braced") or m.group("bare")
        for m in INTERPOLATION.finditer(value)
        if m.group(0) != "$$"
    }


def settings_env_reads(module: Path = SETTINGS_DIR / "production.py") -> dict:
    """Environment variables read by a settings module and the modules it imports
    relatively (production → base), mapped to whether the settings require them.

    Recognised reads: os.environ.get / os.getenv / os.environ[...] /
    os.environ.setdefault, keyword env="X" (dj_database_url.config), and calls of the
    production helpers env*("X") — required when given no default.
    """
    reads: dict[str, bool] = {}
    tree = ast.parse(module.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for name, required in settings_env_reads(
                module.parent / f"{node.module}.py"
            ).items():
                reads[name] = reads.get(name, False) or required
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                reads[key.value] = True
        if not isinstance(node, ast.Call):
            continue
        func = ast.unparse(node.func)
        first = node.args[0] if node.args else None
        name = first.value if isinstance(first, ast.Constant) else None
        for keyword in node.keywords:
            if keyword.arg == "env" and isinstance(keyword.value, ast.Constant):
                reads.setdefault(keyword.value.value, False)
        if not isinstance(name, str) or not ENV_NAME.match(name):
            continue
        if func in {"os.environ.get", "os.getenv", "os.environ.setdefault"}:
            reads.setdefault(name, False)
        elif func.startswith("env"):
            required = len(node.args) == 1 and not node.keywords
            reads[name] = reads.get(name, False) or required
    return reads


def required_vars() -> set[str]:
    return {name for name, required in settings_env_reads().items() if required}


# --- Running the settings ----------------------------------------------------------


def clean_env(**overrides: str) -> dict[str, str]:
    """A process environment without the test run's Django or database variables."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(overrides)
    return env


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    values = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "portal.example.org,localhost",
        "WAGTAILADMIN_BASE_URL": "https://portal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "PORTAL_STATIC_ROOT": str(tmp_path / "static"),
        "PORTAL_MEDIA_ROOT": str(tmp_path / "media"),
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
    }
    return clean_env(**{**values, **overrides})


def portal(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PORTAL), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return portal("check", "--deploy", "--fail-level", "WARNING", env=env)


# --- Production settings -----------------------------------------------------------


def test_check_deploy_reports_no_issues(tmp_path):
    result = check_deploy(production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_settings_scan_finds_the_required_variables():
    # Guards every test below that relies on the scan from passing vacuously.
    assert required_vars() >= {
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "WAGTAILADMIN_BASE_URL",
    }
    assert "PORTAL_STATIC_ROOT" in settings_env_reads()  # read by base.py


@pytest.mark.parametrize("missing", sorted(required_vars()))
def test_missing_required_variable_stops_with_its_name(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]
    result = check_deploy(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Environment variable {missing} is required" in result.stderr


def test_weak_secret_key_is_refused(tmp_path):
    result = check_deploy(production_env(tmp_path, DJANGO_SECRET_KEY="short-secret"))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be at least 50" in result.stderr


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


def test_env_example_covers_compose_and_leaves_secrets_empty():
    example = dotenv(ENV_EXAMPLE)
    used = set()
    for svc in compose()["services"].values():
        for value in environment(svc).values():
            used |= interpolated_names(value)
        used |= interpolated_names(" ".join(str(p) for p in svc.get("ports", [])))
    assert used - example.keys() == set()
    assert compose_required_names() >= {
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "POSTGRES_PASSWORD",
    }
    for name in example:
        if re.search(r"SECRET|PASSWORD", name):
            assert example[name] == "", f"{name} must be empty in .env.example"


def test_compose_environment_from_env_example_passes_check_deploy(tmp_path):
    """The web environment exactly as compose builds it from a filled-in .env."""
    filled = filled_env_example()
    web_env = {
        key: interpolate(value, filled)
        for key, value in environment(service("web")).items()
    }
    with pytest.raises(KeyError, match="DJANGO_SECRET_KEY"):
        interpolate(
            environment(service("web"))["DJANGO_SECRET_KEY"], dotenv(ENV_EXAMPLE)
        )
    env = clean_env(**{**dockerfile_env(), **web_env})
    env["PORTAL_STATIC_ROOT"] = str(tmp_path / "static")
    result = check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_variable_is_documented():
    doc = DEPLOY_DOC.read_text()
    names = set(settings_env_reads()) | set(dotenv(ENV_EXAMPLE))
    names |= {"PORTAL_SEARCH_URL", "PORTAL_MIGRATE", "DJANGO_SETTINGS_MODULE"}
    undocumented = {name for name in names if f"`{name}`" not in doc}
    assert not undocumented, f"not explained in docs/deploy.md: {undocumented}"


# --- Dockerfile ------------------------------------------------------------------------


def test_dockerfile_base_image_matches_requires_python():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    requires = SpecifierSet(pyproject["project"]["requires-python"])
    base = next(args for instr, args in dockerfile_instructions() if instr == "FROM")
    match = re.fullmatch(r"python:(\d+\.\d+)-slim", base)
    assert match, base
    assert match.group(1) in requires


def test_dockerfile_installs_with_constraints_and_collects_static():
    runs = [args for instr, args in dockerfile_instructions() if instr == "RUN"]
    assert any("pip install -c constraints.txt ." in run for run in runs)
    collect = next(run for run in runs if "portal collectstatic" in run)
    # The throw-away build values must satisfy every variable the settings require.
    assigned = set(re.findall(r"(?:^|\s)([A-Z][A-Z0-9_]*)=", collect))
    assert required_vars() <= assigned
    assert "DJANGO_SECRET_KEY=\"$(python -c 'import secrets" in collect


def test_dockerfile_runs_gunicorn_as_non_root_behind_the_entrypoint():
    instructions = dockerfile_instructions()
    args = dict(instructions)
    user = args["USER"]
    assert user not in {"root", "0"}
    assert any(
        instr == "RUN" and "useradd" in a and user in a for instr, a in instructions
    )
    assert json.loads(args["ENTRYPOINT"]) == ["/app/docker/entrypoint.sh"]
    cmd = json.loads(args["CMD"])
    assert cmd[:2] == ["gunicorn", "portal.wsgi:application"]
    assert cmd[cmd.index("--bind") + 1] == "0.0.0.0:8000"
    assert args["EXPOSE"] == "8000"
    assert "docker/healthcheck.py" in args["HEALTHCHECK"]
    assert dockerfile_env()["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"


def test_dockerignore_keeps_what_the_image_copies_and_drops_secrets():
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("!")
    ]

    def ignored(path: str) -> bool:
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return any(fnmatch(p, pat) for p in prefixes for pat in patterns)

    copied = []
    for instr, args in dockerfile_instructions():
        if instr == "COPY":
            copied += shlex.split(args)[:-1]
    assert copied
    for source in [*copied, "docker/entrypoint.sh", "docker/healthcheck.py"]:
        assert (ROOT / source).exists(), source
        assert not ignored(source), f"{source} is copied but .dockerignore drops it"
    assert ignored(".env") and ignored(".env.production")


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
