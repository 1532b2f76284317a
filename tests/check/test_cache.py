"""The result cache: reuse while nothing changed, never a stale result."""

import os
import subprocess
import sys
import textwrap

from loaderdoctor.check import CheckOptions, check_paths
from loaderdoctor.check.cache import ResultCache, open_cache

BROKEN = "from torch.utils.data import DataLoader\nfor b in DataLoader(range(4), num_workers=2):\n    pass\n"
CLEAN = "from torch.utils.data import DataLoader\nfor b in DataLoader(range(4), num_workers=0):\n    pass\n"


def run_cached(paths, cache_dir):
    options = CheckOptions()
    cache = open_cache(cache_dir, options)
    return check_paths([str(path) for path in paths], options, cache=cache), cache


def age(path, seconds=10):
    # Move the modification time out of the racy window, as if the file had
    # been written a while before the cache was saved.
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns - seconds * 10**9, stat.st_mtime_ns - seconds * 10**9))


def test_warm_run_reuses_entries(tmp_path, monkeypatch):
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    age(script)
    first, cache = run_cached([script], tmp_path / "cache")
    assert [f.line for f in first.findings] == [2]
    assert cache.path.is_file()

    import loaderdoctor.check as check_module

    def fail(*args, **kwargs):
        raise AssertionError("a cached file was interpreted again")

    monkeypatch.setattr(check_module, "check_source", fail)
    second, _ = run_cached([script], tmp_path / "cache")
    assert [(f.code, f.line, f.message) for f in second.findings] == [(f.code, f.line, f.message) for f in first.findings]


def test_changed_content_is_checked_again(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    age(script)
    first, _ = run_cached([script], tmp_path / "cache")
    assert len(first.findings) == 1

    script.write_text(CLEAN)  # same size, written within the same second
    second, _ = run_cached([script], tmp_path / "cache")
    assert second.findings == []


def run_before_and_after_edit(tmp_path, module, before, after):
    """Check ``run.py``, which iterates ``module.make_loader()``, then edit the module and check again."""
    (tmp_path / module).write_text(before)
    (tmp_path / "run.py").write_text(f"from {module[:-3]} import make_loader\nfor b in make_loader():\n    pass\n")
    for name in (module, "run.py"):
        age(tmp_path / name)
    first, _ = run_cached([tmp_path / "run.py"], tmp_path / "cache")
    (tmp_path / module).write_text(after)
    second, _ = run_cached([tmp_path / "run.py"], tmp_path / "cache")
    return first, second


def test_changed_dependency_is_checked_again(tmp_path):
    before = textwrap.dedent("""
        from torch.utils.data import DataLoader
        def make_loader():
            return DataLoader(range(4), num_workers=0)
    """)
    first, second = run_before_and_after_edit(tmp_path, "pipeline.py", before, before.replace("=0", "=3"))
    assert first.findings == []
    assert [f.line for f in second.findings] == [2]


def test_irrelevant_file_becomes_relevant_through_import(tmp_path):
    first, second = run_before_and_after_edit(
        tmp_path, "helpers.py", "def make_loader():\n    return list(range(4))\n",
        "from torch.utils.data import DataLoader\ndef make_loader():\n    return DataLoader(range(4), num_workers=2)\n")
    assert first.findings == []
    assert [f.line for f in second.findings] == [2]


def test_damaged_cache_file_is_ignored(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    _, cache = run_cached([script], tmp_path / "cache")
    cache.path.write_bytes(b"not a pickle")
    result, _ = run_cached([script], tmp_path / "cache")
    assert [f.line for f in result.findings] == [2]


def test_unwritable_cache_folder_only_warns(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    cache = ResultCache(blocker, "signature")
    cache.store("x.py", (1, 1), "hash", [], [], [])
    cache.save()
    assert cache.warning is not None
    assert "could not write the cache" in cache.warning


def cli(*args, env=None, cwd=None):
    environment = dict(os.environ, LOADERDOCTOR_LANG="en")
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "loaderdoctor", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd, timeout=120)


def test_environment_variable_and_no_cache(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    cache_dir = tmp_path / "from-env"
    result = cli("check", "--format", "concise", str(script), env={"LOADERDOCTOR_CACHE_DIR": str(cache_dir)})
    assert result.returncode == 1
    assert list(cache_dir.rglob("*.pickle"))

    other = tmp_path / "none"
    result = cli("check", "--no-cache", "--format", "concise", str(script), env={"LOADERDOCTOR_CACHE_DIR": str(other)})
    assert result.returncode == 1
    assert not other.exists()


def test_cache_dir_option_wins_over_environment(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    chosen = tmp_path / "chosen"
    result = cli("check", "--cache-dir", str(chosen), str(script), env={"LOADERDOCTOR_CACHE_DIR": str(tmp_path / "env")})
    assert result.returncode == 1
    assert list(chosen.rglob("*.pickle"))
    assert not (tmp_path / "env").exists()


def test_language_is_part_of_the_key(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    cache_dir = str(tmp_path / "cache")
    english = cli("check", "--cache-dir", cache_dir, "--format", "concise", str(script))
    chinese = cli("check", "--cache-dir", cache_dir, "--lang", "zh-CN", "--format", "concise", str(script))
    assert "DataLoader workers start" in english.stdout
    assert "DataLoader worker" in chinese.stdout
    assert "DataLoader workers start" not in chinese.stdout


def test_fixed_syntax_error_in_import_is_seen(tmp_path):
    first, second = run_before_and_after_edit(
        tmp_path, "pipeline.py", "from torch.utils.data import DataLoader\ndef make_loader(:\n",
        "from torch.utils.data import DataLoader\ndef make_loader():\n    return DataLoader(range(4), num_workers=2)\n")
    assert first.findings == []
    assert [f.line for f in second.findings] == [2]


def _script_importing_helpers(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "job.py"
    script.write_text("from helpers import run_epoch\n\nrun_epoch()\n")
    age(script)
    return script


HELPERS = ("from torch.utils.data import DataLoader\n\ndef run_epoch():\n"
           "    for b in DataLoader(range(4), num_workers=2):\n        pass\n")


def test_module_added_where_an_import_looks_is_seen(tmp_path):
    script = _script_importing_helpers(tmp_path)
    first, _ = run_cached([script], tmp_path / "cache")
    assert first.findings == []

    (tmp_path / "helpers.py").write_text(HELPERS)
    second, _ = run_cached([script], tmp_path / "cache")
    assert [f.line for f in second.findings] == [3]


def test_package_moved_away_and_back_is_seen(tmp_path):
    script = _script_importing_helpers(tmp_path)
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "__init__.py").write_text(HELPERS)
    first, _ = run_cached([script], tmp_path / "cache")
    assert [f.line for f in first.findings] == [3]

    (tmp_path / "helpers").rename(tmp_path / "helpers_old")
    second, _ = run_cached([script], tmp_path / "cache")
    assert second.findings == []
    (tmp_path / "helpers_old").rename(tmp_path / "helpers")
    third, _ = run_cached([script], tmp_path / "cache")
    assert [f.line for f in third.findings] == [3]


def test_retargeted_symbolic_link_is_seen(tmp_path):
    script = _script_importing_helpers(tmp_path)
    for name, workers in (("quiet", 0), ("busy", 2)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "helpers.py").write_text(HELPERS.replace("num_workers=2", f"num_workers={workers}"))
    link = tmp_path / "scripts" / "helpers.py"
    link.symlink_to(tmp_path / "quiet" / "helpers.py")
    first, _ = run_cached([script], tmp_path / "cache")
    assert first.findings == []

    link.unlink()
    link.symlink_to(tmp_path / "busy" / "helpers.py")
    second, _ = run_cached([script], tmp_path / "cache")
    assert [f.line for f in second.findings] == [3]


def test_restored_modification_time_edit_is_seen(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    age(script)
    first, _ = run_cached([script], tmp_path / "cache")
    assert len(first.findings) == 1

    before = os.stat(script)
    script.write_text(CLEAN)  # same size
    os.utime(script, ns=(before.st_atime_ns, before.st_mtime_ns))
    second, _ = run_cached([script], tmp_path / "cache")
    assert second.findings == []


def test_second_script_depends_on_whole_import_chain(tmp_path):
    (tmp_path / "low.py").write_text("def make():\n    return list(range(4))\n")
    (tmp_path / "middle.py").write_text("from low import make\n")
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("from middle import make\nfor b in make():\n    pass\n")
    for path in tmp_path.iterdir():
        age(path)
    first, cache = run_cached([tmp_path / "a.py", tmp_path / "b.py"], tmp_path / "cache")
    assert first.findings == []
    for name in ("a.py", "b.py"):
        assert str(tmp_path / "low.py") in cache.entries[str(tmp_path / name)]["deps"]

    (tmp_path / "low.py").write_text("from torch.utils.data import DataLoader\ndef make():\n"
                                     "    return DataLoader(range(4), num_workers=2)\n")
    second, _ = run_cached([tmp_path / "a.py", tmp_path / "b.py"], tmp_path / "cache")
    assert sorted((os.path.basename(f.path), f.line) for f in second.findings) == [("a.py", 2), ("b.py", 2)]


def test_project_root_found_later_is_seen(tmp_path):
    (tmp_path / "helpers.py").write_text(HELPERS)
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "job.py"
    script.write_text("from helpers import run_epoch\n\nrun_epoch()\n")
    age(script)
    first, _ = run_cached([script], tmp_path / "cache")
    assert first.findings == []  # no marker: the project is the scripts folder

    (tmp_path / ".git").mkdir()
    second, _ = run_cached([script], tmp_path / "cache")
    assert [f.line for f in second.findings] == [3]

    (tmp_path / "scripts" / "setup.py").write_text("")
    third, _ = run_cached([script], tmp_path / "cache")
    assert third.findings == []


def test_git_work_keeps_entries_valid(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    age(script)
    run_cached([script], tmp_path / "cache")
    (tmp_path / ".git" / "index").write_text("changed")  # moves the folder's time stamps

    import loaderdoctor.check as check_module

    def fail(*args, **kwargs):
        raise AssertionError("an entry was checked again after a change inside .git")

    monkeypatch.setattr(check_module, "check_source", fail)
    second, _ = run_cached([script], tmp_path / "cache")
    assert [f.line for f in second.findings] == [2]


def test_library_installed_later_is_seen(tmp_path, monkeypatch):
    from loaderdoctor.check import project

    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(project, "_installed_roots", [site])
    (tmp_path / "work").mkdir()
    script = tmp_path / "work" / "train.py"
    script.write_text("from torch.utils.data import DataLoader\nfrom fitlib import fit\n\n"
                      "fit(DataLoader(range(4), num_workers=2))\n")
    age(script)
    first, _ = run_cached([script], tmp_path / "cache")
    assert first.findings == []

    (site / "fitlib").mkdir()
    (site / "fitlib" / "__init__.py").write_text("def fit(loader):\n    for batch in loader:\n        pass\n")
    second, _ = run_cached([script], tmp_path / "cache")
    assert [f.line for f in second.findings] == [4]
