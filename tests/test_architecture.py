"""The architecture in DESIGN.md, checked: dependencies point one way, analysis is pure."""

import ast
import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((PROJECT / folder).rglob("*.py"))


@pytest.mark.parametrize(
    "app, forbidden",
    [
        ("core", {"microsystems", "stakeholders", "valuation", "accounts"}),
        ("microsystems", {"stakeholders", "valuation"}),
        ("stakeholders", {"valuation"}),
    ],
)
def test_dependencies_point_one_way(app, forbidden):
    offending = {
        str(path.relative_to(PROJECT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in forbidden
        )
        for path in python_files(app)
    }
    assert {path: names for path, names in offending.items() if names} == {}


@pytest.mark.parametrize(
    "folder, forbidden",
    [("microsystems", "stakeholders|valuation"), ("stakeholders", "valuation")],
)
def test_templates_name_no_later_apps_pages(folder, forbidden):
    """A later app's pages reach an earlier app's templates through microsystems.extensions."""
    later = re.compile(rf"""['"]({forbidden}):""")
    offending = sorted(
        str(path.relative_to(PROJECT))
        for path in (PROJECT / "templates" / folder).rglob("*.html")
        if later.search(path.read_text())
    )
    assert offending == []


PURE_LAYERS = [
    "microsystems/analysis",
    "microsystems/charts",
    "stakeholders/charts.py",
    "valuation/analysis",
    "valuation/scoring",
    "valuation/charts",
]


@pytest.mark.parametrize("package", PURE_LAYERS)
def test_analysis_and_charts_are_pure(package):
    """No Django (so no ORM, no request) in the pure layers."""
    paths = [PROJECT / package] if package.endswith(".py") else python_files(package)
    offending = {
        str(path.relative_to(PROJECT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "django"
        )
        for path in paths
        if path.exists()
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_checker_sees_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import valuation.models\nfrom django.db import models\nfrom . import x\n")
    assert imported_modules(sample) == {"valuation.models", "django.db"}
