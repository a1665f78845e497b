"""Shared helpers for the deployment tests: reading the deploy files, running portal."""

# docker-compose.yml, the Dockerfile, .env.example and docs/deploy.md describe how the
# portal runs in production; portal/settings/production.py is what actually runs. The
# test_deploy_* modules tie them together without a Docker engine.

import ast
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

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
