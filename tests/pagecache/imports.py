"""The project's own import graph, read from the source (nothing is imported): module -> modules it imports."""

import ast
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SKIPPED = {"tests", "migrations"}


def project_packages() -> set[str]:
    """The top-level packages of the checkout (the apps and the project package), tests aside."""
    return {path.parent.name for path in BASE_DIR.glob("*/__init__.py") if path.parent.name not in SKIPPED}


def _modules() -> dict[str, Path]:
    modules = {}
    for package in project_packages():
        for path in (BASE_DIR / package).rglob("*.py"):
            parts = path.relative_to(BASE_DIR).with_suffix("").parts
            if SKIPPED.isdisjoint(parts):
                modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _targets(node, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module if is_package else module.rpartition(".")[0]
    for _level in range(node.level - 1):
        base = base.rpartition(".")[0]
    source = ".".join(part for part in (base if node.level else "", node.module or "") if part)
    # `from package import module` imports the module; `from module import name` the module itself.
    return [f"{source}.{alias.name}" for alias in node.names] + [source]


def import_graph() -> dict[str, set[str]]:
    """Every import statement counts, also those inside functions: a late import is still a circle."""
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text())
        nodes = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
        ours = {t for node in nodes for t in _targets(node, module, path.name == "__init__.py")} & modules.keys()
        # `from package import module` names both; the module is what is imported.
        graph[module] = {t for t in ours if not any(other.startswith(f"{t}.") for other in ours)} - {module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles (strongly connected groups of more than one module), each sorted."""
    index, low, stack, found = {}, {}, [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
