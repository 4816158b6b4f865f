"""The development tooling agrees with itself: pre-commit runs the ruff that requirements-dev.txt pins."""

import re

from django.conf import settings


def test_pre_commit_runs_the_pinned_ruff():
    pinned = re.search(r"^ruff==(\S+)$", (settings.BASE_DIR / "requirements-dev.txt").read_text(), re.MULTILINE)
    config = (settings.BASE_DIR / ".pre-commit-config.yaml").read_text()
    hook = re.search(r"astral-sh/ruff-pre-commit\s+rev: v(\S+)", config)
    assert pinned and hook and hook.group(1) == pinned.group(1)
    assert "id: ruff-check" in config and "id: ruff-format" in config
