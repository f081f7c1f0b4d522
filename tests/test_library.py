"""The library a Python user gets: ``ws = recon.open(path)``, keyword arguments, a small set
of exported names, and imports that point one way only (a lower layer never imports a
higher one)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import recon
from tests.conftest import ROOT
from tests.test_cli import SAMPLES
from tests.test_report import AS_OF, set_review


def test_the_workspace_round_trip_in_python(workspace: Path, tmp_path: Path) -> None:
    ws = recon.open(workspace)
    reports = ws.import_files(SAMPLES)
    assert sum(r.imported for r in reports) == 62
    assert [r.path.name for r in reports if r.skipped] == ["make_samples.py"]
    flags = ws.flags(as_of=dt_date(AS_OF))
    assert {f["type"] for f in flags} >= {"price_change", "duplicate", "missed"}
    assert all(isinstance(f["amount"], (str, type(None))) for f in flags)  # exact decimals
    october = ws.flags(month="2026-10", types=["price_change"], as_of=dt_date(AS_OF))
    assert [f["subscription"] for f in october] == ["Netflix"]
    assert october[0]["amount"] == "-12.99"
    assert len(ws.transactions(month="2026-10")) == 20
    assert any(s["name"] == "Netflix" for s in ws.subscriptions(as_of=dt_date(AS_OF)))
    out = tmp_path / "report.xlsx"
    content = ws.report(out, as_of=dt_date(AS_OF))
    assert out.exists() and content.period.label == "October 2026"
    set_review(out, "Flags", {"price_change": "ok"})
    assert ws.apply_review(out, dry_run=True).changes
    with pytest.raises(recon.InputError, match="not applied yet"):
        ws.report(out, as_of=dt_date(AS_OF))


def test_open_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(recon.InputError, match="recon init"):
        recon.open(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_the_exported_names_are_the_public_api() -> None:
    assert sorted(recon.__all__) == sorted([*recon._EXPORTS, "__version__"])
    for name in recon.__all__:
        assert getattr(recon, name) is not None
    with pytest.raises(AttributeError):
        recon.no_such_thing  # noqa: B018


def test_import_recon_loads_no_heavy_library() -> None:
    code = ("import sys, recon, recon.cli; "
            "print(sorted(m for m in ('pandas', 'pyarrow', 'openpyxl', 'xlsxwriter', 'numpy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def dt_date(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date.fromisoformat(text)


# --- imports point one way ----------------------------------------------------------------

#: the layers, lowest first: a module may import its own layer and the ones below it
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "lazy", "money", "cadence", "dates", "textio", "schema", "regex", "__version__",
     "crashpoint", "files", "journal", "cleaner", "collector",
     "detectors"),
    ("rulebook",),
    ("parsers", "normalise", "store", "writer", "match", "detect", "suggest", "drift"),
    ("report", "review"),
    ("pipeline", "output"),
    ("cli", "__main__", "__init__"),
)
#: imports that go up a layer today, each with what would fix it (none may be added)
KNOWN_UPWARD: dict[tuple[str, str], str] = {}


def _rank(module: str) -> int:
    for rank, names in enumerate(LAYERS):
        if module in names:
            return rank
    raise AssertionError(f"recon.{module} is in no layer: add it to LAYERS")


def _imports(path: Path, package: str) -> set[str]:
    """The recon modules ``path`` imports when it runs (not under TYPE_CHECKING), including
    ``lazy("recon.x")`` stand-ins, as top-level names below ``recon``."""
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
                targets = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            else:
                targets = [node.module or ""]
            found.update(t for t in targets if t.startswith("recon."))

        def visit_Import(self, node: ast.Import) -> None:
            found.update(a.name for a in node.names if a.name.startswith("recon."))

        def visit_Call(self, node: ast.Call) -> None:
            if (isinstance(node.func, ast.Name) and node.func.id == "lazy" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and str(node.args[0].value).startswith("recon.")):
                found.add(str(node.args[0].value))
            self.generic_visit(node)

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name.split(".")[1] for name in found}


def test_imports_point_one_way() -> None:
    upward = {}
    for path in sorted((ROOT / "recon").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("").parts
        package = ".".join(rel if path.name == "__init__.py" else rel[:-1])
        if path.name == "__init__.py" and len(rel) == 2:
            continue  # recon/__init__.py: every public name, on first use
        me = rel[1] if len(rel) > 1 else rel[0]
        for target in _imports(path, package):
            if target != me and _rank(target) > _rank(me):
                upward[(me, target)] = str(path.relative_to(ROOT))
    unexpected = {k: v for k, v in upward.items() if k not in KNOWN_UPWARD}
    assert not unexpected, f"a lower layer imports a higher one: {unexpected}"
    assert set(KNOWN_UPWARD) <= set(upward), "a known upward import is gone: drop it"


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("from ..pipeline import analyse\nfrom .. import money\n")
    assert _imports(bad, "recon.detect") == {"pipeline", "money"}
    assert _rank("pipeline") > _rank("detect")


def test_a_workspace_loads_its_rules_once_until_a_file_changes(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import recon
    from recon import rulebook

    calls = []
    real = rulebook.load_rulebook
    monkeypatch.setattr(rulebook, "load_rulebook", lambda d: calls.append(d) or real(d))
    ws = recon.open(workspace)
    first = ws.book()
    assert ws.book() is first and len(calls) == 1
    catalogue = workspace / "rules" / "subscriptions.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    os.utime(catalogue, ns=(1, 1))  # a different stamp even within one clock tick
    assert ws.book() is not first and len(calls) == 2
