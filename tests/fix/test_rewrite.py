"""What ``--fix`` writes: which statements move, which stay, and how the text around them is kept."""

import ast
import textwrap

import pytest

from loaderdoctor.check import check_paths
from loaderdoctor.check.fix import apply_fixes, attach_fixes

IMPORTS = "from torch.utils.data import DataLoader, Dataset\n"
# Replaces IMPORTS when a test runs a script in-process: a list in place of a loader.
STAND_IN = (
    "def DataLoader(data, num_workers=0):\n"
    "    return [data[i] for i in range(len(data))]\n"
    "\n\n"
    "Dataset = object\n"
)


def printed(text):
    """Run ``text`` as ``__main__`` with a DataLoader stand-in; return the lines it prints."""
    lines = []
    namespace = {
        "__name__": "__main__",
        "print": lambda *args: lines.append(" ".join(map(str, args))),
    }
    stand_in = STAND_IN
    exec(compile(text.replace(IMPORTS, stand_in), "train.py", "exec"), namespace)
    return lines


def write(folder, name, text, encoding="utf-8"):
    path = folder / name
    path.write_bytes(textwrap.dedent(text).encode(encoding))
    return path


def fix(folder, unsafe=False):
    """Check ``folder``, attach and apply its fixes; return ``(findings, outcome)``."""
    findings = check_paths([str(folder)]).findings
    attach_fixes(findings)
    outcome = apply_fixes(findings, unsafe=unsafe)
    assert outcome.errors == []
    return findings, outcome


def remaining(folder, codes=("LD001", "LD002", "LD003", "LD006")):
    return [(f.path.rsplit("/", 1)[-1], f.line, f.code) for f in check_paths([str(folder)]).findings
            if f.code in codes]


def test_loop_and_what_follows_move_into_main(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\

        data = list(range(8))
        loader = DataLoader(data, num_workers=2)
        total = 0
        for batch in loader:
            total += batch
        print(total)
    """))
    before = printed(path.read_text())
    findings, outcome = fix(tmp_path)

    assert findings[0].fix.applicability == "safe"
    assert outcome.fixed == 1
    assert printed(path.read_text()) == before == ["28"]
    assert path.read_text() == IMPORTS + textwrap.dedent("""\


        def main():
            data = list(range(8))
            loader = DataLoader(data, num_workers=2)
            total = 0
            for batch in loader:
                total += batch
            print(total)


        if __name__ == "__main__":
            main()
    """)
    assert remaining(tmp_path) == []


def test_definitions_and_used_constants_stay(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\
        SIZE = 8


        class Squares(Dataset):
            def __len__(self):
                return SIZE

            def __getitem__(self, index):
                return index * index


        for batch in DataLoader(Squares(), num_workers=2):
            print(batch)
    """))
    fix(tmp_path)
    tree = ast.parse(path.read_text())
    names = [getattr(node, "name", None) or type(node).__name__ for node in tree.body]
    assert names == ["ImportFrom", "Assign", "Squares", "main", "If"]
    assert remaining(tmp_path) == []


def test_untouched_lines_keep_their_bytes(tmp_path):
    header = "# -*- coding: utf-8 -*-\n# Copyright line\n\"\"\"Doc.\"\"\"\n" + IMPORTS
    middle = "\n\ndef helper(x):   # odd   spacing\n    return x\n\n\n"
    path = write(tmp_path, "train.py", header + middle + "for b in DataLoader([1], num_workers=2):\n    helper(b)\n")
    fix(tmp_path)
    text = path.read_text()
    assert text.startswith(header + "\n\ndef helper(x):   # odd   spacing\n    return x\n")
    assert "    for b in DataLoader([1], num_workers=2):\n        helper(b)\n" in text


def test_crlf_endings_stay_crlf(tmp_path):
    source = (IMPORTS + "\nloader = DataLoader([1, 2], num_workers=2)\nfor b in loader:\n    print(b)\n")
    path = tmp_path / "train.py"
    path.write_bytes(source.replace("\n", "\r\n").encode())
    fix(tmp_path)
    data = path.read_bytes()
    assert b"def main():\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")
    assert remaining(tmp_path) == []

    _, again = fix(tmp_path)
    assert again.changes == []
    assert path.read_bytes() == data


def test_gbk_file_keeps_cookie_and_encoding(tmp_path):
    source = ("# -*- coding: gbk -*-\n" + IMPORTS + "\n# 训练数据\nloader = DataLoader([1, 2], num_workers=2)\n"
              "for b in loader:\n    print('批次', b)\n")
    path = tmp_path / "train.py"
    path.write_bytes(source.encode("gbk"))
    fix(tmp_path)
    data = path.read_bytes()
    text = data.decode("gbk")
    assert text.splitlines()[0] == "# -*- coding: gbk -*-"
    assert "    # 训练数据\n" in text
    assert "    print('批次', b)\n" in text
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    _, again = fix(tmp_path)
    assert again.changes == []
    assert path.read_bytes() == data


def test_bom_is_kept(tmp_path):
    path = tmp_path / "train.py"
    path.write_bytes(b"\xef\xbb\xbf" + (IMPORTS + "for b in DataLoader([1], num_workers=2):\n    pass\n").encode())
    fix(tmp_path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + IMPORTS.encode())
    assert data.count(b"\xef\xbb\xbf") == 1


def test_tab_indentation_is_kept(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + "def show(x):\n\tprint(x)\n\n\n"
                 "for b in DataLoader([1], num_workers=2):\n\tshow(b)\n")
    fix(tmp_path)
    text = path.read_text()
    assert "def main():\n\tfor b in DataLoader([1], num_workers=2):\n\t\tshow(b)\n" in text
    assert "if __name__ == \"__main__\":\n\tmain()\n" in text


def test_multiline_string_keeps_its_value(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + 'for b in DataLoader([1], num_workers=2):\n'
                 '    print("""first\nsecond\n  third""", f"""{b}\nx""")\n')
    before = [node.value for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Constant)]
    fix(tmp_path)
    after = [node.value for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Constant)]
    assert [v for v in before if isinstance(v, str)] == [v for v in after if isinstance(v, str) and v != "__main__"]


def test_existing_guard_joins_main(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\
        from torch.multiprocessing import freeze_support

        if __name__ == '__main__':  # entry point
            freeze_support()

        for b in DataLoader([1], num_workers=2):
            print(b)
    """))
    fix(tmp_path)
    text = path.read_text()
    assert text.count("__name__") == 1
    assert "def main():\n    freeze_support()\n\n    for b in DataLoader" in text
    assert text.endswith("if __name__ == '__main__':  # entry point\n    main()\n")


def test_guard_after_the_code_runs_after_it(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\
        FEED = iter(DataLoader([1, 2], num_workers=2))


        def main():
            print(next(FEED))


        if __name__ == "__main__":
            main()
    """))
    before = printed(path.read_text())
    findings, _ = fix(tmp_path)
    assert printed(path.read_text()) == before == ["1"]
    assert findings[0].fix.applicability == "safe"
    text = path.read_text()
    # main() reads FEED as a module global, so the new function declares it.
    assert "def run():\n    global FEED\n    FEED = iter(" in text
    assert text.index("    FEED = iter(") < text.index("    main()\n")
    assert text.endswith('if __name__ == "__main__":\n    run()\n')


def test_one_line_guard_joins_main(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + "def show():\n    print(1)\n\n\n"
                 "for b in DataLoader([1], num_workers=2):\n    pass\n"
                 "if __name__ == \"__main__\": show()\n")
    fix(tmp_path)
    text = path.read_text()
    assert text.count("__name__") == 1
    assert "        pass\n    show()\n" in text


def test_taken_function_names_are_skipped(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + "main = 1\nrun = 2\n"
                 "for b in DataLoader([1], num_workers=2):\n    print(main, run)\n")
    fix(tmp_path)
    assert "def _main():\n" in path.read_text()


def test_guard_with_else_is_left_alone(tmp_path):
    source = IMPORTS + ("for b in DataLoader([1], num_workers=2):\n    pass\n"
                        "if __name__ == \"__main__\":\n    print(1)\nelse:\n    print(2)\n")
    path = write(tmp_path, "train.py", source)
    findings, outcome = fix(tmp_path, unsafe=True)
    assert findings[0].fix.applicability == "manual"
    assert "else" in findings[0].fix.reasons[0]
    assert outcome.changes == []
    assert path.read_text() == source


def test_statements_sharing_a_line_are_left_alone(tmp_path):
    source = IMPORTS + "import os; first = next(iter(DataLoader([1], num_workers=2)))\n"
    path = write(tmp_path, "train.py", source)
    findings, outcome = fix(tmp_path, unsafe=True)
    assert findings[0].fix.applicability == "manual"
    assert path.read_text() == source


def test_star_import_in_moved_code_is_left_alone(tmp_path):
    source = IMPORTS + ("for b in DataLoader([1], num_workers=2):\n    pass\n"
                        "with open(__file__):\n    from os.path import *\n")
    path = write(tmp_path, "train.py", source)
    findings, _ = fix(tmp_path, unsafe=True)
    assert findings[0].fix.applicability == "manual"
    assert "import *" in findings[0].fix.reasons[0]
    assert path.read_text() == source


def test_code_before_an_import_stays_before_it(tmp_path):
    path = write(tmp_path, "train.py", textwrap.dedent("""\
        import sys
        sys.path.insert(0, "lib")
        from torch.utils.data import DataLoader
        data = list(range(2))
        for b in DataLoader(data, num_workers=2):
            pass
    """))
    fix(tmp_path)
    text = path.read_text()
    assert text.startswith('import sys\nsys.path.insert(0, "lib")\nfrom torch.utils.data import DataLoader\n')
    assert "def main():\n    data = list(range(2))\n" in text


def test_class_reading_a_moved_name_is_unsafe(tmp_path):
    source = IMPORTS + textwrap.dedent("""\


        class Scaled(Dataset):
            def __len__(self):
                return 2

            def __getitem__(self, index):
                return index * FACTOR


        for b in DataLoader([1], num_workers=2):
            pass
        FACTOR = int("3")
        for b in DataLoader(Scaled(), num_workers=2):
            print(b)
        print(Scaled()[1])
    """)
    path = write(tmp_path, "train.py", source)
    findings, outcome = fix(tmp_path)
    fixes = [f.fix for f in findings if f.code == "LD001"]
    assert {item.applicability for item in fixes} == {"unsafe"}
    assert any("`Scaled` uses `FACTOR`" in reason for reason in fixes[0].reasons)
    assert outcome.changes == []
    assert path.read_text() == source

    fix(tmp_path, unsafe=True)
    text = path.read_text()
    assert "    global FACTOR\n" in text
    assert remaining(tmp_path) == []
    assert printed(text) == printed(source)


def test_change_to_an_object_workers_read_is_unsafe(tmp_path):
    write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\
        CONFIG = {"scale": 1}


        class Scaled(Dataset):
            def __len__(self):
                return 2

            def __getitem__(self, index):
                return index * CONFIG["scale"]


        for b in DataLoader(Scaled(), num_workers=2):
            pass
        CONFIG["scale"] = 2
    """))
    findings, _ = fix(tmp_path)
    assert findings[0].fix.applicability == "unsafe"
    assert "changes `CONFIG`" in " ".join(findings[0].fix.reasons)


def test_definition_in_moved_block_is_unsafe(tmp_path):
    write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\
        for b in DataLoader([1], num_workers=2):
            def shown(x):
                return x
            print(shown(b))
    """))
    findings, _ = fix(tmp_path)
    assert findings[0].fix.applicability == "unsafe"
    assert "`shown`" in findings[0].fix.reasons[0]


def test_definition_needing_moved_name_has_no_fix(tmp_path):
    source = IMPORTS + textwrap.dedent("""\
        for b in DataLoader([1], num_workers=2):
            pass


        def last(default=b):
            return default
    """)
    path = write(tmp_path, "train.py", source)
    findings, _ = fix(tmp_path, unsafe=True)
    assert findings[0].fix.applicability == "manual"
    assert "`last`" in findings[0].fix.reasons[0]
    assert path.read_text() == source


def test_imported_name_becomes_lazy(tmp_path):
    source = IMPORTS + "WARM = sum(1 for _ in DataLoader([1, 2], num_workers=2))\n"
    warm = write(tmp_path, "warm.py", source)
    write(tmp_path, "app.py", "import warm\n\n\ndef main():\n    print(warm.WARM)\n\n\n"
          "if __name__ == \"__main__\":\n    main()\n")
    findings, outcome = fix(tmp_path)
    warm_fix = next(f.fix for f in findings if f.path.endswith("warm.py"))
    assert warm_fix.applicability == "unsafe"
    assert "app.py uses `WARM`" in warm_fix.reasons[0]
    assert warm.read_text() == source

    fix(tmp_path, unsafe=True)
    text = warm.read_text()
    assert "def __getattr__(name):\n" in text
    assert "def _compute_warm():\n    global WARM\n    WARM = sum(" in text
    assert remaining(tmp_path) == []


def test_name_imported_at_import_time_has_no_fix(tmp_path):
    source = IMPORTS + "WARM = sum(1 for _ in DataLoader([1, 2], num_workers=2))\n"
    warm = write(tmp_path, "warm.py", source)
    write(tmp_path, "app.py", "from warm import WARM\nprint(WARM)\n")
    findings, _ = fix(tmp_path, unsafe=True)
    warm_fix = next(f.fix for f in findings if f.path.endswith("warm.py"))
    assert warm_fix.applicability == "manual"
    assert "app.py" in warm_fix.reasons[0]
    assert warm.read_text() == source


def test_module_imported_for_its_effect_is_unsafe(tmp_path):
    write(tmp_path, "setup_env.py", "import multiprocessing as mp\n\nmp.set_start_method(\"spawn\")\n")
    write(tmp_path, "app.py", "import setup_env  # noqa: F401\n")
    findings, _ = fix(tmp_path)
    setup_fix = next(f.fix for f in findings if f.path.endswith("setup_env.py"))
    assert setup_fix.applicability == "unsafe"
    assert "app.py imports this module" in setup_fix.reasons[0]


def test_import_of_a_faulty_module_points_there(tmp_path):
    write(tmp_path, "warm.py", IMPORTS + "WARM = sum(1 for _ in DataLoader([1, 2], num_workers=2))\n")
    write(tmp_path, "app.py", "import warm\n")
    findings, _ = fix(tmp_path)
    app_fix = next(f.fix for f in findings if f.path.endswith("app.py"))
    assert app_fix.applicability == "manual"
    assert "warm.py:2" in app_fix.reasons[0]


def test_dataset_class_leaves_the_guard(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\
        import torch

        if __name__ == "__main__":
            rows = [1.0, 2.0]

            class Rows(Dataset):
                def __len__(self):
                    return 2

                def __getitem__(self, index):
                    return torch.tensor(index)

            for b in DataLoader(Rows(), num_workers=2):
                print(b, rows)
    """))
    findings, _ = fix(tmp_path)
    assert [f.fix.applicability for f in findings] == ["safe"]
    text = path.read_text()
    assert "import torch\n\n\nclass Rows(Dataset):\n    def __len__(self):\n" in text
    assert "if __name__ == \"__main__\":\n    rows = [1.0, 2.0]\n\n    for b in DataLoader" in text
    assert remaining(tmp_path) == []


def test_local_class_without_closure_moves_out(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\


        def make():
            class Squares(Dataset):
                def __len__(self):
                    return 4

                def __getitem__(self, index):
                    return index * index

            return Squares()


        if __name__ == "__main__":
            for b in DataLoader(make(), num_workers=2):
                print(b)
    """))
    findings, _ = fix(tmp_path)
    assert [f.code for f in findings] == ["LD003"]
    assert findings[0].fix.applicability == "safe"
    text = path.read_text()
    assert "\n\nclass Squares(Dataset):\n    def __len__(self):\n" in text
    assert "def make():\n    return Squares()\n" in text
    assert remaining(tmp_path, ("LD003", "LD004")) == []


def test_local_class_with_closure_has_no_fix(tmp_path):
    source = IMPORTS + textwrap.dedent("""\


        def make(size):
            class Squares(Dataset):
                def __len__(self):
                    return size

                def __getitem__(self, index):
                    return index * index

            return Squares()


        if __name__ == "__main__":
            for b in DataLoader(make(4), num_workers=2):
                print(b)
    """)
    path = write(tmp_path, "train.py", source)
    findings, _ = fix(tmp_path, unsafe=True)
    assert findings[0].fix.applicability == "manual"
    assert "`size`" in findings[0].fix.reasons[0]
    assert path.read_text() == source


def test_constant_rebound_after_the_loop_moves_too(tmp_path):
    path = write(tmp_path, "train.py", IMPORTS + textwrap.dedent("""\
        EPOCHS = 1
        for b in DataLoader([1], num_workers=2):
            print(EPOCHS)
        EPOCHS = 2
        print(EPOCHS)
    """))
    before = printed(path.read_text())
    findings, _ = fix(tmp_path)
    assert findings[0].fix.applicability == "safe"
    text = path.read_text()
    assert "def main():\n    EPOCHS = 1\n    for b in" in text
    assert printed(text) == before == ["1", "2"]


def test_definition_rebound_after_use_has_no_fix(tmp_path):
    source = IMPORTS + textwrap.dedent("""\
        def step():
            return 1


        for b in DataLoader([1], num_workers=2):
            step()


        def step():
            return 2


        step()
    """)
    path = write(tmp_path, "train.py", source)
    findings, _ = fix(tmp_path, unsafe=True)
    assert findings[0].fix.applicability == "manual"
    assert "`step`" in findings[0].fix.reasons[0]
    assert path.read_text() == source


def test_unsearched_project_makes_fix_unsafe(tmp_path, monkeypatch):
    from loaderdoctor.check.fixing import importers

    monkeypatch.setattr(importers, "MAX_SCANNED_ENTRIES", 5)
    write(tmp_path, "train.py", IMPORTS + "for b in DataLoader([1], num_workers=2):\n    pass\n")
    for number in range(10):
        write(tmp_path, f"data_{number}.csv", "1,2\n")
    findings, outcome = fix(tmp_path)
    assert findings[0].fix.applicability == "unsafe"
    assert "too large to search" in findings[0].fix.reasons[0]
    assert outcome.changes == []


def test_package_import_of_the_module_is_found(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    write(package, "__init__.py", "")
    write(package, "warm.py", IMPORTS + "WARM = sum(1 for _ in DataLoader([1, 2], num_workers=2))\n")
    write(package, "app.py", "from . import warm\n\n\ndef show():\n    return warm.WARM\n")
    findings, _ = fix(tmp_path)
    warm_fix = next(f.fix for f in findings if f.path.endswith("warm.py"))
    assert warm_fix.applicability == "unsafe"
    assert "app.py uses `WARM`" in warm_fix.reasons[0]
