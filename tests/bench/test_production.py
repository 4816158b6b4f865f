"""The benchmark is not part of the product: production settings neither install nor import it."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def production_env() -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "cluster_registry.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "registry.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }


def run_python(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own fixed command)
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )


def test_production_settings_list_no_bench_command():
    commands = run_python("manage.py", "help", "--commands", env=production_env()).stdout.split()
    assert "migrate" in commands and "load_registry_data" in commands  # the listing itself works
    assert "bench" not in commands


def test_bench_settings_list_the_bench_command():
    env = {**production_env(), "DJANGO_SETTINGS_MODULE": "bench.settings"}
    assert "bench" in run_python("manage.py", "help", "--commands", env=env).stdout.split()


def test_importing_the_product_settings_imports_no_bench_module():
    script = (
        "import sys, django; django.setup(); "
        "from django.conf import settings; "
        "print(sorted(name for name in sys.modules if name == 'bench' or name.startswith('bench.'))); "
        "print('bench' in settings.INSTALLED_APPS)"
    )
    modules, installed = run_python("-c", script, env=production_env()).stdout.split("\n")[:2]
    assert modules == "[]" and installed == "False"


def test_the_product_settings_leave_the_environment_as_they_found_it():
    script = "import os; before = dict(os.environ); import cluster_registry.settings; print(dict(os.environ) == before)"
    assert run_python("-c", script, env=production_env()).stdout.strip() == "True"
