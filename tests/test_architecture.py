"""docs/architecture.md, checked: dependencies point one way, analysis is pure."""

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


APPS = ("accounts", "microsystems", "stakeholders", "valuation")


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
    "stakeholders/analysis.py",
    "stakeholders/charts.py",
    "valuation/analysis",
    "valuation/scoring",
    "valuation/charts",
    "valuation/records/codec.py",
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


# --- one layer assembles pages: selectors read, analysis computes, reports word and draw ---

SELECTORS = ["microsystems/selectors", "stakeholders/selectors.py", "valuation/selectors"]
ANALYSIS = [
    "microsystems/analysis",
    "stakeholders/analysis.py",
    "valuation/analysis",
    "valuation/scoring",
]
CHARTS = ["microsystems/charts", "stakeholders/charts.py", "valuation/charts"]
REPORTS = ["microsystems/reports", "stakeholders/reports.py", "valuation/reports"]
VIEWS = ["microsystems/views", "stakeholders/views.py", "valuation/views"]
FORMATTING = "core.formatting"
# core's modules that put things into words and pictures, for reports and charts only.
DISPLAY_CORE = (FORMATTING, "core.tables", "core.chart_style")


def layer_files(packages: list[str]) -> list[Path]:
    return [
        path
        for package in packages
        for path in ([PROJECT / package] if package.endswith(".py") else python_files(package))
    ]


def imported_names(path: Path) -> set[str]:
    """Like imported_modules, and `from stakeholders import charts` names stakeholders.charts
    too (an imported name may be a module)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def is_layer(name: str, layer: str) -> bool:
    """An app's module of that layer: microsystems.reports.demand and stakeholders.reports
    are in "reports"; a top-level module of that name (no app) is not."""
    return name.split(".")[1:2] == [layer]


def is_formatting_or_plotly(name: str) -> bool:
    return (
        any(name == module or name.startswith(f"{module}.") for module in DISPLAY_CORE)
        or name.split(".")[0] == "plotly"
    )


def imports_from(paths: list[Path], forbidden) -> dict[str, list[str]]:
    """path -> the imported names `forbidden(name)` rejects, for the paths with any."""
    found = {
        path.name if not path.is_relative_to(PROJECT) else str(path.relative_to(PROJECT)): sorted(
            name for name in imported_names(path) if forbidden(name)
        )
        for path in paths
    }
    return {path: names for path, names in found.items() if names}


def attributes_read(path: Path, wanted) -> list[str]:
    """Where a module reads an attribute `wanted(attr)` accepts, as "line N: .attr"."""
    return sorted(
        (f"line {node.lineno}: .{node.attr}"
         for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
         if isinstance(node, ast.Attribute) and wanted(node.attr)),
        key=lambda found: int(found.split(":")[0].removeprefix("line ")),
    )  # fmt: skip


def is_choice_words(attr: str) -> bool:
    """The words of a model's choices: `Kind.choices`, `Kind.labels`, `get_kind_display()`."""
    return attr in {"choices", "labels"} or re.fullmatch(r"get_\w+_display", attr) is not None


def test_selectors_return_rows_and_frames_not_display_text():
    """What a page shows is worded by its report: a selector formats no number, puts no
    choice into words and reaches for no chart or report."""

    def display(name: str) -> bool:
        return (
            is_formatting_or_plotly(name) or is_layer(name, "reports") or is_layer(name, "charts")
        )

    assert imports_from(layer_files(SELECTORS), display) == {}
    words = {
        str(path.relative_to(PROJECT)): attributes_read(path, is_choice_words)
        for path in layer_files(SELECTORS)
    }
    assert {path: found for path, found in words.items() if found} == {}


def test_analysis_returns_numbers():
    """Analysis and the scoring engine compute; they import no formatting, no chart, no
    report and no selector (and no Django: test_analysis_and_charts_are_pure)."""

    def beyond_analysis(name: str) -> bool:
        return is_formatting_or_plotly(name) or any(
            is_layer(name, layer) for layer in ("reports", "charts", "selectors")
        )

    assert imports_from(layer_files(ANALYSIS), beyond_analysis) == {}


def sentence_constants(path: Path) -> list[str]:
    """The module-level constants of `path` that hold a sentence (a string with a space
    that ends in a full stop, alone or inside a dict or tuple), as "line N: NAME"."""
    found = []
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = ", ".join(target.id for target in targets if isinstance(target, ast.Name))
        if any(
            isinstance(item, ast.Constant)
            and isinstance(item.value, str)
            and " " in item.value.strip()
            and item.value.strip().endswith((".", ".”", ".)"))
            for item in ast.walk(node.value)
        ):
            found.append(f"line {node.lineno}: {names}")
    return found


def test_analysis_and_the_engine_hold_no_sentences():
    """The engine and analysis return codes (and the numbers their words need), and
    refuse bad input with coded errors (valuation.analysis.weights.WeightsRefusal);
    reports word what a page shows (valuation/reports/account_text.py), services what
    a form is refused with (valuation/services/weights.py)."""
    found = {
        str(path.relative_to(PROJECT)): sentence_constants(path) for path in layer_files(ANALYSIS)
    }
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_the_sentence_check_sees_sentences(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""A docstring is not a constant."""\n'
        'NO_VALUES = "No values recorded in this period."\n'
        'NO_VALUES_CODE = "no_values"\n'
        'WRONG_SIDE = (\n    "The target is on the wrong side "\n'
        '    "for “{direction} is better”."\n)\n'
        'WORDS = {"a": "Left out (no score)."}\n'
        'LABEL = "All demand"\n'
        "def f():\n    text = 'Inside a function.'\n"
    )
    assert sentence_constants(sample) == [
        "line 2: NO_VALUES", "line 4: WRONG_SIDE", "line 8: WORDS",
    ]  # fmt: skip


def test_charts_draw_analysis_results_and_reach_no_further_up():
    def above_charts(name: str) -> bool:
        return any(is_layer(name, layer) for layer in ("reports", "selectors", "views"))

    assert imports_from(layer_files(CHARTS), above_charts) == {}


def test_reports_read_only_through_selectors():
    """A report assembles what selectors read; it runs no query of its own."""
    queries = {
        str(path.relative_to(PROJECT)): attributes_read(
            path, lambda attr: attr in {"objects", "_default_manager"}
        )
        for path in layer_files(REPORTS)
    }
    assert {path: found for path, found in queries.items() if found} == {}
    assert imports_from(layer_files(REPORTS), lambda name: name.startswith("django.db")) == {}


def test_views_stay_thin():
    """No pandas, no figure and no number formatting in a view: its report does that."""

    def page_assembly(name: str) -> bool:
        return (
            is_formatting_or_plotly(name)
            or name.split(".")[0] in {"pandas", "numpy"}
            or is_layer(name, "charts")
        )

    assert imports_from(layer_files(VIEWS), page_assembly) == {}


def test_the_layer_checks_see_what_they_look_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from microsystems.reports.demand import TABLES\nfrom stakeholders import charts\n"
        "from core.formatting import NO_VALUE\nimport plotly.graph_objects as go\n"
        "KINDS = dict(Stakeholder.Kind.choices)\nlabel = weight.get_method_display()\n"
        "names = Expectation.Kind.labels\nrows = Stakeholder.objects.all()\n"
    )
    assert imports_from([sample], lambda name: is_layer(name, "reports")) == {
        "sample.py": ["microsystems.reports.demand", "microsystems.reports.demand.TABLES"]
    }
    assert imports_from([sample], lambda name: is_layer(name, "charts")) == {
        "sample.py": ["stakeholders.charts"]
    }
    assert imports_from([sample], is_formatting_or_plotly) == {
        "sample.py": [FORMATTING, f"{FORMATTING}.NO_VALUE", "plotly.graph_objects"]
    }
    assert attributes_read(sample, is_choice_words) == [
        "line 5: .choices", "line 6: .get_method_display", "line 7: .labels",
    ]  # fmt: skip
    assert attributes_read(sample, lambda attr: attr == "objects") == ["line 8: .objects"]
    assert is_formatting_or_plotly("core.tables.TableView")
    assert is_formatting_or_plotly("core.chart_style") and not is_formatting_or_plotly("core.forms")
    assert not is_layer("reports", "reports") and not is_layer("valuation.report", "reports")


# Shared, domain-free code lives in core/; these were once in an app and are imported from
# core now (no re-export left behind: the old modules are gone).
MOVED_TO_CORE = {
    "microsystems.formatting": "core.formatting",
    "microsystems.reports.common": "core.tables",
    "microsystems.charts.style": "core.chart_style",
    "microsystems.forms.fields": "core.fields",
    "microsystems.forms.concurrency": "core.concurrency",
    "microsystems.forms.profile.ConfirmForm": "core.forms.ConfirmForm",
    "valuation.views.assessments.add_service_errors": "core.forms.add_service_errors",
}


def test_shared_code_is_imported_from_core():
    paths = [path for app in ("core", *APPS, "tests") for path in python_files(app)]
    assert imports_from(paths, lambda name: name in MOVED_TO_CORE) == {}
    old_files = [f"{name.replace('.', '/')}.py" for name in MOVED_TO_CORE]
    assert [name for name in old_files if (PROJECT / name).exists()] == []


def test_the_checker_sees_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import valuation.models\nfrom django.db import models\nfrom . import x\n")
    assert imported_modules(sample) == {"valuation.models", "django.db"}


def names_imported_by(source: str, package: str) -> set[str]:
    """Every module an import in `source` (a module of `package`) may name, relative imports
    resolved: `from tests.valuation import test_x` names tests.valuation and
    tests.valuation.test_x, since test_x may be a module."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            parent = parts[: len(parts) - node.level + 1] if node.level else []
            base = ".".join([*parent, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def is_test_module_or_conftest(name: str) -> bool:
    return any(part.startswith("test_") or part == "conftest" for part in name.split("."))


def test_tests_share_code_only_through_tests_support():
    """Builders and helpers that several test modules use live in tests/support. A test module
    never imports another test module (its tests would be collected twice, and moving one
    test file would break others) nor a conftest (pytest loads those itself)."""
    offending = {}
    for path in python_files("tests"):
        package = ".".join(path.relative_to(PROJECT).parent.parts)
        names = names_imported_by(path.read_text(), package)
        offending[str(path.relative_to(PROJECT))] = sorted(
            name for name in names if is_test_module_or_conftest(name)
        )
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_checker_sees_imports_of_test_modules():
    source = (
        "from tests.valuation import test_world\nfrom .test_scoring import frame\n"
        "import tests.conftest\nfrom tests.support.factories import make_user\n"
    )
    names = names_imported_by(source, "tests.valuation")
    assert {name for name in names if is_test_module_or_conftest(name)} == {
        "tests.valuation.test_world",
        "tests.valuation.test_scoring",
        "tests.valuation.test_scoring.frame",
        "tests.conftest",
    }


def test_no_request_builds_plotly_graph_objects():
    """Charts are plain figure dicts, checked against plotly's schema in the tests only:
    validating graph objects costs tens of milliseconds a chart on every request."""
    paths = [path for folder in ("core", "config", *APPS) for path in python_files(folder)]
    assert imports_from(paths, lambda name: name.split(".")[0] == "plotly") == {}
