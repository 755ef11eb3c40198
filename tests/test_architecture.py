"""The packages depend one way: core at the bottom, search and ingest on it, api on them, ui
(which signs in with api's keys) and cli on top.

Every import counts, including those inside functions and TYPE_CHECKING blocks: a lazy import
is still a dependency."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "search", "ingest", "api", "ui", "cli")
# Which packages each package may import.
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "search": frozenset({"core"}),
    "ingest": frozenset({"core", "search"}),
    "api": frozenset({"core", "search", "ingest"}),
    "ui": frozenset({"core", "search", "ingest", "api"}),
    "cli": frozenset({"core", "search", "ingest", "api"}),
}
# Ingest writes through the backend interface only, never an engine's internals or search's ranking.
INGEST_USES_OF_SEARCH = ("search.backends.base", "search.backends.factory", "search.errors")


def imports_of(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def package_imports(package: str) -> dict[str, set[str]]:
    """Each module of `package` -> the modules of other product packages it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        others = {name for name in imports_of(path) if name.split(".")[0] in PACKAGES and name.split(".")[0] != package}
        if others:
            found[module] = others
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_only_the_layers_below_it(package: str) -> None:
    wrong = {
        module: sorted(name for name in names if name.split(".")[0] not in ALLOWED[package])
        for module, names in package_imports(package).items()
    }
    assert not {module: names for module, names in wrong.items() if names}


def test_no_two_packages_import_each_other() -> None:
    edges = {
        (package, name.split(".")[0])
        for package in PACKAGES
        for names in package_imports(package).values()
        for name in names
    }
    assert not {(a, b) for a, b in edges if (b, a) in edges}


def test_ingest_uses_only_the_backend_interface_of_search() -> None:
    wrong = {
        module: sorted(name for name in names if name.startswith("search") and name not in INGEST_USES_OF_SEARCH)
        for module, names in package_imports("ingest").items()
    }
    assert not {module: names for module, names in wrong.items() if names}


@pytest.mark.parametrize("package", ["ui", "api"])
def test_the_front_ends_never_open_a_backend_themselves(package: str) -> None:
    wrong = {
        module: sorted(name for name in names if name.startswith("search.backends"))
        for module, names in package_imports(package).items()
    }
    assert not {module: names for module, names in wrong.items() if names}


def test_the_checks_see_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from ingest.embed import Encoder\n\nif False:\n    import search.model\n")
    assert set(imports_of(module)) == {"ingest.embed", "search.model"}


def test_the_docker_image_copies_every_package() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    missing = [package for package in PACKAGES if f"COPY {package} {package}" not in dockerfile]
    assert not missing, f"the Dockerfile does not copy {missing}"
