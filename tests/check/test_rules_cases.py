"""Rules LD002 to LD006 against the shared reproductions.

Each broken script gets its rule's finding at a responsible line from the
case's EXPECTED.md, and each fixed script gets no finding of that rule.
"""

from pathlib import Path

import pytest

from loaderdoctor.check import check_paths
from loaderdoctor.kinds import (
    MISSING_IN_WORKER,
    START_METHOD_ALREADY_SET,
    UNGUARDED_START,
    UNPICKLABLE_OBJECT,
)
from tests.conftest import CASES, require_shared, responsible_lines

# case -> (rule, broken files that rule must flag at a responsible line)
RULE_CASES = {
    "k09_def_inside_guard": ("LD003", ["train.py"]),
    "k11_notebook_main_defs": ("LD003", ["toy_notebook.ipynb"]),
    "k12_local_collate_fn": ("LD004", ["train.py"]),
    "k13_local_worker_init_fn": ("LD004", ["train.py"]),
    "k14_local_lambda_transform": ("LD004", ["train.py"]),
    "k15_main_module_lambda": ("LD004", ["train.py"]),
    "k16_local_dataset_class": ("LD003", ["train.py"]),
    "k17_unpicklable_member": (
        "LD005",
        ["file_handle.py", "generator_member.py", "lock_member.py", "module_member.py", "sqlite_conn.py"],
    ),
    "k18_set_start_method_toplevel": ("LD006", ["train.py", "two_calls.py"]),
    "k19_pool_toplevel": ("LD002", ["prepare.py"]),
    "k20_processpool_toplevel": ("LD002", ["score.py"]),
    "k21_mp_spawn_toplevel": ("LD002", ["launch.py"]),
    "k22_forkserver_default_py314": ("LD004", ["closure_collate.py"]),
}
KIND_OF_RULE = {
    "LD002": {UNGUARDED_START},
    # A dataset class defined inside a function fails in the parent, as an unpicklable local object.
    "LD003": {MISSING_IN_WORKER, UNPICKLABLE_OBJECT},
    "LD004": {UNPICKLABLE_OBJECT},
    "LD005": {UNPICKLABLE_OBJECT},
    "LD006": {START_METHOD_ALREADY_SET},
}


def broken_params():
    for case, (code, scripts) in sorted(RULE_CASES.items()):
        for script in scripts:
            yield pytest.param(case, code, script, id=f"{case}/{script}")


def fixed_params():
    for case, (code, _) in sorted(RULE_CASES.items()):
        folder = CASES / case / "fixed"
        names = sorted(p.name for p in folder.iterdir() if p.suffix in (".py", ".ipynb")) if folder.is_dir() else []
        for name in names:
            yield pytest.param(case, code, name, id=f"{case}/{name}")


def findings_of(path):
    result = check_paths([str(path)])
    assert result.errors == [], result.errors
    return result.findings


@pytest.mark.parametrize(("case", "code", "script"), list(broken_params()))
def test_broken_case_has_rule_finding(case, code, script):
    require_shared()
    expected_lines = responsible_lines(CASES / case)[script]
    findings = [f for f in findings_of(CASES / case / "broken" / script) if f.code == code]

    assert findings, f"{case}/{script}: no {code} finding"
    here = [f for f in findings if Path(f.path).name == script]
    lines = {f.line for f in here}
    assert lines & expected_lines, f"{case}/{script}: {code} at {lines}, expected one of {expected_lines}"
    for finding in findings:
        assert finding.kind in KIND_OF_RULE[code]
        assert finding.chain, "every finding shows the chain that leads to it"
        assert finding.help


@pytest.mark.parametrize(("case", "code", "script"), list(fixed_params()))
def test_fixed_case_has_no_rule_finding(case, code, script):
    require_shared()
    findings = findings_of(CASES / case / "fixed" / script)
    assert [(f.line, f.code) for f in findings if f.code == code] == []


def test_notebook_case_names_cell_and_raw_line():
    require_shared()
    finding = findings_of(CASES / "k11_notebook_main_defs" / "broken" / "toy_notebook.ipynb")[0]
    assert (finding.code, finding.cell, finding.cell_line, finding.line) == ("LD003", 2, 5, 31)
    assert "notebook" in finding.message
    assert "num_workers=0" in finding.help


def test_console_script_gets_no_ld003():
    # Run as a script, as check must assume for a .py file, the module-level
    # class is importable by workers; the module-level loop is LD001's.
    require_shared()
    findings = findings_of(CASES / "k11_notebook_main_defs" / "broken" / "from_console.py")
    assert [f.code for f in findings] == ["LD001"]


def test_guarded_definitions_silence_ld001_and_raise_ld003():
    require_shared()
    findings = findings_of(CASES / "k09_def_inside_guard" / "broken" / "train.py")
    assert [(f.code, f.line) for f in findings] == [("LD003", 13)]


def test_second_start_method_call_names_first_call():
    require_shared()
    findings = findings_of(CASES / "k18_set_start_method_toplevel" / "broken" / "two_calls.py")
    second = next(f for f in findings if f.line == 13)
    assert "setup_env.py:4" in second.message
    assert "context has already been set" in second.message


def test_executor_reported_at_with_statement():
    require_shared()
    finding = findings_of(CASES / "k20_processpool_toplevel" / "broken" / "score.py")[0]
    assert [link.line for link in finding.chain] == [14, 15]


def test_torch_spawn_fails_everywhere():
    require_shared()
    finding = findings_of(CASES / "k21_mp_spawn_toplevel" / "broken" / "launch.py")[0]
    assert "every platform" in finding.message
