"""SARIF and GitHub output, --output-file, --exit-zero and --statistics."""

import json

import jsonschema
import pytest

from loaderdoctor.report.github import escape_data, escape_property
from tests.conftest import CASES, require_shared
from tests.integrations.helpers import BROKEN, DATA, REPOSITORY, make_project, run_check

D2L_SCRIPT = """\
from d2l import torch as d2l

batch_size = 256
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size)
d2l.train_ch3(None, train_iter, test_iter, None, 10, None)
"""


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def sarif_of(*args, cwd):
    result = run_check("--format", "sarif", *args, cwd=cwd)
    return result, json.loads(result.stdout)


def assert_valid(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert errors == [], "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_of_shared_cases_is_valid(sarif_validator):
    require_shared()
    result, document = sarif_of("--isolated", str(CASES), cwd=REPOSITORY)
    assert result.returncode == 1, result.stderr
    assert_valid(sarif_validator, document)
    results = document["runs"][0]["results"]
    assert len(results) >= 10
    assert {r["ruleId"] for r in results} >= {"LD001"}

    in_notebooks = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".ipynb")]
    assert in_notebooks
    for result in in_notebooks:
        assert result["properties"]["cell"] >= 1
        assert result["properties"]["cellLine"] >= 1
        assert set(result["locations"][0]["physicalLocation"]["region"]) == {"startLine"}


def test_sarif_rules_carry_metadata_and_help(sarif_validator, tmp_path):
    make_project(tmp_path, {"train.py": BROKEN})
    _, document = sarif_of("--isolated", cwd=tmp_path)
    assert_valid(sarif_validator, document)

    assert document["version"] == "2.1.0"
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["name"] == "loaderdoctor"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    ld001 = rules["LD001"]
    assert ld001["name"] == "unguarded-worker-start"
    assert ld001["shortDescription"]["text"]
    assert ld001["fullDescription"]["text"]
    assert "__main__" in ld001["help"]["text"]
    assert ld001["help"]["markdown"]
    assert ld001["properties"]["kind"] == "unguarded-start"

    [result] = document["runs"][0]["results"]
    assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == "LD001"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "train.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 2, "startColumn": 1}
    assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert document["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_sarif_chain_is_code_flow(sarif_validator):
    _, document = sarif_of("--isolated", "examples/broken", cwd=REPOSITORY)
    assert_valid(sarif_validator, document)
    [result] = document["runs"][0]["results"]
    flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [step["location"]["physicalLocation"]["region"]["startLine"] for step in flow] == [65, 51]
    assert flow[1]["location"]["message"]["text"] == "for X, y in train_iter:"
    related = result["relatedLocations"]
    assert [item["physicalLocation"]["region"]["startLine"] for item in related] == [31, 18]
    assert [item["id"] for item in related] == [1, 2]


def test_sarif_library_lines_are_logical_locations(sarif_validator, tmp_path):
    make_project(tmp_path, {"train.py": D2L_SCRIPT})
    _, document = sarif_of("--isolated", cwd=tmp_path)
    assert_valid(sarif_validator, document)
    [result] = document["runs"][0]["results"]
    flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
    library_steps = [step["location"] for step in flow if "logicalLocations" in step["location"]]
    assert library_steps
    assert library_steps[0]["logicalLocations"][0] == {"fullyQualifiedName": "d2l.torch", "kind": "module"}


def test_sarif_unreadable_file_is_notification(sarif_validator, tmp_path):
    make_project(tmp_path, {"train.py": BROKEN, "bad.py": "from torch.utils.data import DataLoader\ndef f(:\n"})
    result, document = sarif_of("--isolated", cwd=tmp_path)
    assert result.returncode == 2
    assert_valid(sarif_validator, document)
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert "bad.py" in notification["message"]["text"]
    assert notification["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
    assert len(document["runs"][0]["results"]) == 1


def test_sarif_path_with_space_and_non_ascii(sarif_validator, tmp_path):
    make_project(tmp_path, {"my scripts/训练.py": BROKEN})
    _, document = sarif_of("--isolated", cwd=tmp_path)
    assert_valid(sarif_validator, document)
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20scripts/%E8%AE%AD%E7%BB%83.py"


def test_github_annotations(tmp_path):
    make_project(tmp_path, {"train.py": BROKEN})
    result = run_check("--isolated", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    properties, message = line.split("::", 2)[1:]
    assert properties == (
        "error title=loaderdoctor LD001 (unguarded-worker-start),file=train.py,line=2,col=1"
    )
    assert message.startswith("LD001 DataLoader workers start while this module is being imported")
    assert "%0Ahelp: Move the module-level code" in message
    assert "\n" not in message


def test_github_unreadable_file(tmp_path):
    make_project(tmp_path, {"bad.py": "from torch.utils.data import DataLoader\ndef f(:\n"})
    result = run_check("--isolated", "--format", "github", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.startswith("::error title=loaderdoctor,file=bad.py,line=2::syntax error at line 2")


def test_github_notebook_annotation():
    require_shared()
    notebook = CASES / "k11_notebook_main_defs" / "broken" / "toy_notebook.ipynb"
    result = run_check("--isolated", "--format", "github", str(notebook), cwd=REPOSITORY)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines
    for line in lines:
        properties = line.split("::", 2)[1]
        assert " - cell " in properties
        assert f"file={notebook.as_posix()},line=" in properties
        assert ",col=" not in properties


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_output_file(tmp_path):
    make_project(tmp_path, {"train.py": BROKEN})
    result = run_check("--isolated", "--format", "sarif", "--output-file", "report.sarif", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    document = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    assert len(document["runs"][0]["results"]) == 1


def test_output_file_full_format_has_summary_without_colour(tmp_path):
    make_project(tmp_path, {"train.py": BROKEN})
    result = run_check("--isolated", "-o", "report.txt", cwd=tmp_path, env={"FORCE_COLOR": "1"})
    assert result.returncode == 1
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert text.startswith("train.py:2:1: LD001 ")
    assert text.endswith("Found 1 problem(s).\n")
    assert "\x1b[" not in text


def test_output_file_unwritable_exits_two(tmp_path):
    make_project(tmp_path, {"train.py": BROKEN})
    result = run_check("--isolated", "-o", str(tmp_path / "missing" / "report.txt"), cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot write the report to" in result.stderr


def test_exit_zero_keeps_output_but_not_errors(tmp_path):
    make_project(tmp_path, {"train.py": BROKEN})
    result = run_check("--isolated", "--exit-zero", "--format", "concise", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("train.py:2:1: LD001")
    (tmp_path / "bad.py").write_text("from torch.utils.data import DataLoader\ndef f(:\n")
    assert run_check("--isolated", "--exit-zero", cwd=tmp_path).returncode == 2


def test_statistics(tmp_path):
    make_project(
        tmp_path,
        {
            "a.py": BROKEN,
            "b.py": BROKEN,
            "c.py": "import multiprocessing\n\npool = multiprocessing.Pool(2)\n",
        },
    )
    result = run_check("--isolated", "--statistics", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "2  LD001  unguarded-worker-start"
    assert all(" LD00" in line for line in lines)
    assert "a.py" not in result.stdout

    as_json = json.loads(run_check("--isolated", "--statistics", "--format", "json", cwd=tmp_path).stdout)
    assert as_json[0] == {"code": "LD001", "name": "unguarded-worker-start", "count": 2}


def test_statistics_when_clean(tmp_path):
    make_project(tmp_path, {"clean.py": "print('hello')\n"})
    result = run_check("--isolated", "--statistics", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == "No problems found."


@pytest.mark.parametrize("code, heading", [
    ("from torch.utils.data import DataLoader\nfor b in DataLoader(range(4), num_workers=2):\n    pass\n",
     "the worker start last"),
    ("import multiprocessing as mp\nwith mp.Pool(2) as pool:\n    pool.map(abs, [1])\n", "the process start last"),
    ("import multiprocessing as mp\nmp.set_start_method('spawn')\n", "the `set_start_method` call last"),
])
def test_full_format_names_the_end_of_each_chain(tmp_path, code, heading):
    make_project(tmp_path, {"train.py": code})
    result = run_check("--isolated", "--no-cache", "train.py", cwd=tmp_path)
    assert result.returncode == 1
    headings = [line for line in result.stdout.splitlines() if line.startswith("  = chain")]
    assert headings == [f"  = chain (the module-level statement first, {heading}):"]


def test_chain_paths_follow_argument_form(tmp_path):
    make_project(tmp_path / "project", {
        "pipeline.py": "from torch.utils.data import DataLoader\n\n\ndef run():\n"
                       "    for b in DataLoader(range(4), num_workers=2):\n        pass\n",
        "train.py": "from pipeline import run\n\nrun()\n",
    })
    (tmp_path / "elsewhere").mkdir()
    relative = run_check("--no-cache", "--format", "json", "../project/train.py", cwd=tmp_path / "elsewhere")
    finding = json.loads(relative.stdout)[0]
    assert finding["path"] == "../project/train.py"
    assert [link["path"] for link in finding["chain"]] == ["../project/train.py", "../project/pipeline.py"]

    absolute = run_check("--no-cache", "--format", "json", str(tmp_path / "project" / "train.py"),
                         cwd=tmp_path / "elsewhere")
    finding = json.loads(absolute.stdout)[0]
    expected = [str(tmp_path / "project" / name) for name in ("train.py", "pipeline.py")]
    assert [link["path"] for link in finding["chain"]] == expected
