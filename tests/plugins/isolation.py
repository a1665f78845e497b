"""Helpers for the tests proving a plugin works alone: which other plugins a package
imports (parsed, not executed) and a fixture-friendly way to unregister every other
plugin's hooks."""

import ast
from contextlib import contextmanager
from pathlib import Path

from portal.extensions.hooks import pm


def imported_modules(path: Path, package: str):
    """Absolute names of the modules a file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.module or ""
                continue
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            if node.module:
                yield ".".join([*base, node.module])
            else:
                yield from (".".join([*base, a.name]) for a in node.names)


def foreign_plugin_imports(root: Path, package: str) -> list[str]:
    """`file: module` for every import of another plugin under `root`."""
    offenders = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        # The module's own package (an __init__ is its own package).
        parts = [package, *relative.parts[:-1]]
        for name in imported_modules(path, ".".join(parts)):
            if (name == "plugins" or name.startswith("plugins.")) and not (
                name == package or name.startswith(package + ".")
            ):
                offenders.append(f"{path.relative_to(root)}: {name}")
    return offenders


@contextmanager
def only_hooks_of(package: str):
    """Only `package`'s hooks registered; everything restored in its order after."""
    registered = list(pm.list_name_plugin())
    for name, _plugin in registered:
        pm.unregister(name=name)
    own = next(p for name, p in registered if name == f"{package}.hooks")
    pm.register(own, name=f"{package}.hooks")
    try:
        yield
    finally:
        pm.unregister(name=f"{package}.hooks")
        for name, plugin in registered:
            pm.register(plugin, name=name)
