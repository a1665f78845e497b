"""Production settings: `check --deploy`, required variables, .env.example and docs."""

import re

import pytest

from .deploy_support import (
    DEPLOY_DOC,
    ENV_EXAMPLE,
    check_deploy,
    clean_env,
    compose,
    compose_required_names,
    dockerfile_env,
    dotenv,
    environment,
    filled_env_example,
    interpolate,
    interpolated_names,
    production_env,
    required_vars,
    service,
    settings_env_reads,
)

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


# --- .env.example and docs/deploy.md ----------------------------------------------


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
