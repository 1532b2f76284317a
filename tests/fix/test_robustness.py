"""The fixer on real modules: every planned rewrite parses, and the statements that stay keep their bytes.

Each module-level statement with effects in this repository's own sources
and in the shared cases is taken in turn as the place where workers start,
as LD001 would report it. Each class or function defined directly in a
function or a guard is taken as one that workers need, as LD003 would report
it. Each file is copied alone into a folder, so that no other module imports
it.
"""

import ast
import shutil

import pytest

from loaderdoctor.check import sources
from loaderdoctor.check.findings import Finding
from loaderdoctor.check.fixing.plan import ALL_APPLICABILITIES, plan_file
from loaderdoctor.check.fixing.scopes import WORK, ModuleInfo
from loaderdoctor.check.fixing.text import apply_edits
from tests.conftest import CASES, REPOSITORY


def corpus():
    files = sorted((REPOSITORY / "loaderdoctor").rglob("*.py"))
    if CASES.is_dir():
        files += sorted(CASES.glob("*/*/*.py"))
    return [path for path in files if "stubs" not in path.parts]


@pytest.mark.parametrize("path", corpus(), ids=lambda path: "/".join(path.parts[-3:]))
def test_every_seed_gives_valid_code(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    source = sources.load_python(str(copy))
    info = ModuleInfo(source.text, source.tree, str(copy))
    seeds = [statement for statement in info.statements if statement.kind == WORK]

    for seed in seeds:
        finding = Finding(code="LD001", path=str(copy), line=seed.first_line, column=1, message="", kind="")
        plan = plan_file(source, [finding])
        edits, parts = plan.render(ALL_APPLICABILITIES)
        if not edits:
            continue
        text = apply_edits(source.text, edits)
        tree = ast.parse(text)
        assert any(isinstance(node, ast.If) for node in tree.body), f"no guard after moving line {seed.first_line}"

        moved = set(parts[0].move.moved) | set(parts[0].move.merged)
        output_lines = text.splitlines()
        position = 0
        for statement in info.statements:
            if statement.index in moved:
                continue
            block = source.lines[statement.first_line - 1:statement.last_line]
            found = _find_block(output_lines, block, position)
            assert found >= 0, f"line {statement.first_line} changed after moving line {seed.first_line}"
            position = found + len(block)


@pytest.mark.parametrize("path", corpus(), ids=lambda path: "/".join(path.parts[-3:]))
def test_every_nested_definition_gives_valid_code(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    source = sources.load_python(str(copy))
    nested = []
    for statement in source.tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.If)):
            nested += [node for node in statement.body
                       if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]

    for node in nested:
        finding = Finding(code="LD003", path=str(copy), line=node.lineno, column=1, message="", kind="")
        plan = plan_file(source, [finding])
        edits, parts = plan.render(ALL_APPLICABILITIES)
        if not edits:
            assert plan.parts[0].applicability == "manual"
            continue
        text = apply_edits(source.text, edits)
        tree = ast.parse(text)
        assert node.name in [getattr(top, "name", None) for top in tree.body]


def _find_block(lines, block, start):
    for index in range(start, len(lines) - len(block) + 1):
        if lines[index:index + len(block)] == block:
            return index
    return -1
