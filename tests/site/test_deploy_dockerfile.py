"""The Dockerfile and .dockerignore: base image, install, user, entrypoint, copies."""

import json
import re
import shlex
import tomllib
from fnmatch import fnmatch

from packaging.specifiers import SpecifierSet

from .deploy_support import (
    ROOT,
    dockerfile_env,
    dockerfile_instructions,
    required_vars,
)

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
