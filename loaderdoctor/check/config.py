"""Settings of ``loaderdoctor check`` from project files and the command line.

A checked file takes its settings from the nearest configuration found by
walking up from its folder: ``[tool.loaderdoctor]`` in ``pyproject.toml``,
else ``[loaderdoctor]`` in ``setup.cfg`` of the same folder. The walk stops at
the repository root (a folder that contains ``.git`` or ``.hg``). The nearest
file is used whole; files farther up are not merged into it.

Command-line options replace the file's value of the same key, except
``--extend-exclude``, which adds to it. ``--config PATH`` uses one file for
every checked path, and ``--isolated`` uses no file at all.

Patterns (``exclude``, ``extend-exclude``, ``per-file-ignores``) are shell
globs. A pattern without ``/`` matches a file or folder name at any depth. A
pattern with ``/`` is relative to the folder of the file that defines it, or
to the current folder on the command line, and matches that path and
everything under it.

This module is imported on every run of ``check``, so it stays cheap: a
project file is parsed only when its bytes mention ``loaderdoctor``, and the
TOML parser is imported only then.
"""

import fnmatch
import os
import posixpath
import re
from pathlib import Path

from loaderdoctor.errors import ConfigError
from loaderdoctor.i18n import tr
from loaderdoctor.records import field, record, replace

PYPROJECT = "pyproject.toml"
SETUP_CFG = "setup.cfg"
TOML_SECTION = "[tool.loaderdoctor]"
CFG_SECTION = "[loaderdoctor]"
REPOSITORY_MARKERS = (".git", ".hg")

KEYS = (
    "select",
    "ignore",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "loader-classes",
    "worker-starters",
)

# A rule code or a prefix of one: "LD", "LD0", "LD001".
CODE_PREFIX = re.compile(r"LD[0-9]{0,3}")


def is_rule_selector(code):
    """Tell whether ``code`` is a rule code or a prefix of at least one, as ruff requires of --select."""
    from loaderdoctor.check.rules import RULE_MODULES

    return CODE_PREFIX.fullmatch(code) is not None and any(
        module.upper().startswith(code) for module in RULE_MODULES)


def _expected_codes():
    from loaderdoctor.check.rules import RULE_MODULES

    return tr("check.config.expect.codes", codes=", ".join(module.upper() for module in RULE_MODULES))


# A dotted name with its module, such as "mypkg.data.FastLoader".
QUALIFIED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
# flake8 separates list items in INI files with commas and whitespace.
CFG_LIST_SEPARATOR = re.compile(r"[,\s]+")
PER_FILE_TOKEN = re.compile(r"[^\s,:]+|:")


@record(frozen=True)
class Pattern:
    text: str
    # Folder that a pattern containing "/" is relative to.
    root: str
    # For a pattern containing "/": the pattern joined to ``root`` and normalised, so "../x" works.
    absolute: str = field(init=False, compare=False, default="")
    regex: object = field(init=False, compare=False, default=None)

    def __post_init__(self):
        pattern = self.text.rstrip("/")
        if "/" in pattern and not _is_absolute(pattern):
            pattern = posixpath.normpath(posixpath.join(Path(self.root).as_posix(), pattern))
        object.__setattr__(self, "absolute", pattern)
        # Compiled once: the walk tests every file and folder against every pattern.
        flags = re.IGNORECASE if os.name == "nt" else 0
        object.__setattr__(self, "regex", re.compile(fnmatch.translate(pattern), flags))

    def matches(self, path):
        """Tell whether ``path`` (absolute) or one of its folders matches."""
        if "/" not in self.absolute:
            return any(self.regex.match(name) for name in _names_below(path, self.root))

        parts = path.replace(os.sep, "/").split("/")
        return any(self.regex.match("/".join(parts[:end])) for end in range(1, len(parts) + 1))


def _names_below(path, root):
    """Return the names of ``path`` and its folders below ``root``, or only its own name when outside."""
    prefix = root if root.endswith(os.sep) else root + os.sep
    if path.startswith(prefix):
        return path[len(prefix):].split(os.sep)
    return (os.path.basename(path),)


def _is_absolute(pattern):
    return pattern.startswith("/") or bool(re.match(r"[A-Za-z]:/", pattern))


@record(frozen=True)
class Settings:
    """The settings that apply to a group of checked files."""

    select: tuple = None  # None selects every rule
    ignore: tuple = ()
    exclude: tuple = ()  # of Pattern
    extend_exclude: tuple = ()
    per_file_ignores: tuple = ()  # of (Pattern, codes)
    loader_classes: tuple = ()
    worker_starters: tuple = ()
    # The configuration file these settings came from, None for the defaults.
    path: str = None

    def is_excluded(self, path):
        patterns = self.exclude + self.extend_exclude
        if not patterns:
            return False
        absolute = os.path.abspath(path)
        return any(pattern.matches(absolute) for pattern in patterns)

    def ignored_codes(self, path):
        absolute = os.path.abspath(path)
        codes = []
        for pattern, pattern_codes in self.per_file_ignores:
            if pattern.matches(absolute):
                codes.extend(pattern_codes)
        return tuple(codes)

    def check_options(self, stdin_filename=None):
        from loaderdoctor.check import CheckOptions

        return CheckOptions(
            select=self.select,
            ignore=self.ignore,
            loader_classes=self.loader_classes,
            worker_starters=self.worker_starters,
            stdin_filename=stdin_filename,
        )


@record
class Overrides:
    """Settings given on the command line; None means the option was not given."""

    select: tuple = None
    ignore: tuple = None
    exclude: tuple = None
    extend_exclude: tuple = ()
    per_file_ignores: tuple = None

    def apply(self, settings):
        changes = {}
        for name in ("select", "ignore", "exclude", "per_file_ignores"):
            value = getattr(self, name)
            if value is not None:
                changes[name] = value
        changes["extend_exclude"] = settings.extend_exclude + tuple(self.extend_exclude)
        return replace(settings, **changes)


def overrides_from_options(select=(), ignore=(), exclude=(), extend_exclude=(), per_file_ignores=()):
    """Validate command-line values (each option may be repeated) into ``Overrides``."""
    cwd = os.getcwd()
    return Overrides(
        select=_option_codes("--select", select) if select else None,
        ignore=_option_codes("--ignore", ignore) if ignore else None,
        exclude=_option_patterns("--exclude", exclude, cwd) if exclude else None,
        extend_exclude=_option_patterns("--extend-exclude", extend_exclude, cwd),
        per_file_ignores=_option_per_file_ignores(per_file_ignores, cwd) if per_file_ignores else None,
    )


def _option_error(option, expected, value):
    return ConfigError(tr("check.config.invalid-option", option=option, expected=expected, value=value))


def _split_option(values):
    items = []
    for value in values:
        items.extend(item for item in CFG_LIST_SEPARATOR.split(value) if item)
    return items


def _option_codes(option, values):
    codes = []
    for item in _split_option(values):
        code = item.upper()
        if not is_rule_selector(code):
            raise _option_error(option, _expected_codes(), repr(item))
        codes.append(code)
    return tuple(codes)


def _option_patterns(option, values, root):
    return tuple(Pattern(_posix(item), root) for item in _split_option(values))


def _option_per_file_ignores(values, root):
    pairs = []
    for value in values:
        parsed = _parse_per_file_pairs(value)
        if parsed is None:
            raise _option_error("--per-file-ignores", tr("check.config.expect.per-file-pairs"), repr(value))
        for pattern, codes in parsed:
            bad = [code for code in codes if not is_rule_selector(code)]
            if bad:
                raise _option_error("--per-file-ignores", _expected_codes(), repr(bad[0]))
            pairs.append((Pattern(_posix(pattern), root), tuple(codes)))
    return tuple(pairs)


def _posix(pattern):
    return pattern.replace("\\", "/")


def _parse_per_file_pairs(text):
    """Parse flake8's ``pattern: CODES`` pairs; return None when the text has another shape."""
    tokens = PER_FILE_TOKEN.findall(text)
    pairs = []
    index = 0
    while index < len(tokens):
        if index + 1 >= len(tokens) or tokens[index] == ":" or tokens[index + 1] != ":":
            return None
        pattern = tokens[index]
        index += 2
        codes = []
        while index < len(tokens) and tokens[index] != ":" and not (
            index + 1 < len(tokens) and tokens[index + 1] == ":"
        ):
            codes.append(tokens[index])
            index += 1
        if not codes:
            return None
        pairs.append((pattern, codes))
    return pairs


# -- reading configuration files ----------------------------------------------


class _FileReader:
    """Validates the raw values of one section and turns them into ``Settings``."""

    def __init__(self, path, section):
        self.path = path
        self.display_path = _display_path(path)
        self.section = section
        self.root = os.path.dirname(os.path.abspath(path))

    def error(self, key, expected, value):
        return ConfigError(
            tr(
                "check.config.invalid-value",
                path=self.display_path,
                section=self.section,
                setting=key,
                expected=expected,
                value=value,
            )
        )

    def settings(self, raw, list_reader, per_file_reader):
        values = {}
        for key, value in raw.items():
            name = key.replace("_", "-")
            if name not in KEYS:
                raise ConfigError(
                    tr(
                        "check.config.unknown-key",
                        path=self.display_path,
                        section=self.section,
                        setting=key,
                        keys=", ".join(KEYS),
                    )
                )
            if name in values:
                raise ConfigError(
                    tr("check.config.duplicate-key", path=self.display_path, section=self.section, setting=key)
                )
            if name == "per-file-ignores":
                values[name] = per_file_reader(key, value)
            else:
                values[name] = self.check_items(key, name, list_reader(key, value))

        return Settings(
            select=values.get("select"),
            ignore=values.get("ignore", ()),
            exclude=tuple(Pattern(item, self.root) for item in values.get("exclude", ())),
            extend_exclude=tuple(Pattern(item, self.root) for item in values.get("extend-exclude", ())),
            per_file_ignores=values.get("per-file-ignores", ()),
            loader_classes=values.get("loader-classes", ()),
            worker_starters=values.get("worker-starters", ()),
            path=self.path,
        )

    def check_items(self, key, name, items):
        if name in ("select", "ignore"):
            return tuple(self.check_codes(key, items))
        if name in ("loader-classes", "worker-starters"):
            for item in items:
                if not QUALIFIED_NAME.fullmatch(item):
                    raise self.error(key, tr("check.config.expect.qualnames"), repr(item))
            return tuple(items)
        for item in items:
            if not item.strip():
                raise self.error(key, tr("check.config.expect.patterns"), repr(item))
        return tuple(_posix(item) for item in items)

    def check_codes(self, key, items):
        for item in items:
            if not is_rule_selector(item):
                raise self.error(key, _expected_codes(), repr(item))
        return items

    # pyproject.toml: values are TOML arrays and tables.

    def toml_list(self, key, value):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, tr("check.config.expect.string-list"), _toml_repr(value))
        return value

    def toml_per_file(self, key, value):
        if not isinstance(value, dict):
            raise self.error(key, tr("check.config.expect.per-file-table"), _toml_repr(value))
        pairs = []
        for pattern, codes in value.items():
            if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
                raise self.error(f"{key}.{pattern}", tr("check.config.expect.string-list"), _toml_repr(codes))
            self.check_codes(f"{key}.{pattern}", codes)
            pairs.append((Pattern(_posix(pattern), self.root), tuple(codes)))
        return tuple(pairs)

    # setup.cfg: every value is text.

    def cfg_list(self, key, value):
        return [item for item in CFG_LIST_SEPARATOR.split(value) if item]

    def cfg_per_file(self, key, value):
        parsed = _parse_per_file_pairs(value)
        if parsed is None:
            raise self.error(key, tr("check.config.expect.per-file-pairs"), repr(value.strip()))
        pairs = []
        for pattern, codes in parsed:
            self.check_codes(key, codes)
            pairs.append((Pattern(_posix(pattern), self.root), tuple(codes)))
        return tuple(pairs)


def _toml_repr(value):
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return tr("check.config.got-table")
    return repr(value)


def _display_path(path):
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _read_bytes(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise ConfigError(
            tr("check.config.unreadable", path=_display_path(path), error=error.strerror or error)
        ) from None


def _parse_toml(path, data):
    try:
        import tomllib
    except ImportError:  # Python 3.9 and 3.10 have no tomllib; tomli is its origin.
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(tr("check.config.invalid-toml", path=_display_path(path), error=error)) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(tr("check.config.invalid-toml", path=_display_path(path), error=error)) from None


def read_pyproject(path, required=False):
    """Return the ``Settings`` of ``[tool.loaderdoctor]``, or None when the file has no such table."""
    data = _read_bytes(path)
    if b"loaderdoctor" not in data and not required:
        return None
    document = _parse_toml(path, data)
    tool = document.get("tool", {})
    section = tool.get("loaderdoctor") if isinstance(tool, dict) else None
    if section is None:
        if required:
            raise ConfigError(tr("check.config.no-section", path=_display_path(path), section=TOML_SECTION))
        return None
    reader = _FileReader(str(path), TOML_SECTION)
    if not isinstance(section, dict):
        raise ConfigError(tr("check.config.not-a-table", path=reader.display_path, section=TOML_SECTION))
    return reader.settings(section, reader.toml_list, reader.toml_per_file)


def read_setup_cfg(path, required=False):
    """Return the ``Settings`` of ``[loaderdoctor]`` in an INI file, or None when it has no such section."""
    data = _read_bytes(path)
    # configparser takes a section header literally, so a file without this
    # one needs no parsing (setup.cfg often names the project in other ways).
    if b"[loaderdoctor]" not in data and not required:
        return None
    import configparser

    # Interpolation is off: "%" in a glob is an ordinary character.
    parser = configparser.ConfigParser(interpolation=None)
    # Keep keys as written, so that an error names the key the user wrote.
    parser.optionxform = str
    try:
        parser.read_string(data.decode("utf-8-sig"), source=str(path))
    except (configparser.Error, UnicodeDecodeError) as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ConfigError(tr("check.config.invalid-cfg", path=_display_path(path), error=message)) from None
    if not parser.has_section("loaderdoctor"):
        if required:
            raise ConfigError(tr("check.config.no-section", path=_display_path(path), section=CFG_SECTION))
        return None
    reader = _FileReader(str(path), CFG_SECTION)
    return reader.settings(dict(parser.items("loaderdoctor")), reader.cfg_list, reader.cfg_per_file)


def read_config_file(path):
    """Read the file given to ``--config``: a ``.toml`` file or an INI file such as setup.cfg."""
    if not os.path.isfile(path):
        raise ConfigError(tr("check.config.not-found", path=path))
    if str(path).endswith(".toml"):
        return read_pyproject(path, required=True)
    return read_setup_cfg(path, required=True)


class ConfigFinder:
    """Find the settings for each folder, reading every project file at most once."""

    def __init__(self):
        self._by_folder = {}
        # Names held by folders already listed (see sources.discover), by absolute path.
        self.listings = {}

    def settings_for(self, folder):
        """Return the ``Settings`` for files in ``folder`` (the defaults when no file configures it)."""
        folder = os.path.abspath(folder)
        visited = []
        found = None
        current = folder
        while True:
            if current in self._by_folder:
                found = self._by_folder[current]
                break
            visited.append(current)
            names = self.listings.get(current)
            found = self._read_folder(current, names)
            if found is not None:
                break
            parent = os.path.dirname(current)
            if parent == current or _is_repository_root(current, names):
                found = Settings()
                break
            current = parent
        for path in visited:
            self._by_folder[path] = found
        return found

    def consulted(self):
        """Yield ``(path, read)`` for each path that decided the settings found so far.

        ``read`` is True for a configuration file, whose content counts, and
        False for a marker such as ``.git``, of which only the presence
        counts. A folder that was walked is named itself: adding or removing
        a file there changes its modification time. Above the walk, folders
        such as the home folder change all the time, so the files looked for
        there are named one by one instead.
        """
        for folder in self._by_folder:
            listed = folder in self.listings
            if listed:
                yield folder, True
            for name in (PYPROJECT, SETUP_CFG, *REPOSITORY_MARKERS):
                path = os.path.join(folder, name)
                if not listed or os.path.exists(path):
                    yield path, name in (PYPROJECT, SETUP_CFG)

    def _read_folder(self, folder, names=None):
        if names is None or PYPROJECT in names:
            pyproject = os.path.join(folder, PYPROJECT)
            if os.path.isfile(pyproject):
                settings = read_pyproject(pyproject)
                if settings is not None:
                    return settings
        if names is None or SETUP_CFG in names:
            setup_cfg = os.path.join(folder, SETUP_CFG)
            if os.path.isfile(setup_cfg):
                return read_setup_cfg(setup_cfg)
        return None


def _is_repository_root(folder, names=None):
    if names is not None:
        return any(marker in names for marker in REPOSITORY_MARKERS)
    return any(os.path.exists(os.path.join(folder, marker)) for marker in REPOSITORY_MARKERS)


@record
class Resolver:
    """Hands out the effective settings (files merged with command-line overrides) per folder."""

    overrides: Overrides = field(default_factory=Overrides)
    config_file: str = None
    isolated: bool = False

    def __post_init__(self):
        if self.config_file and self.isolated:
            raise ConfigError(tr("check.config.config-and-isolated"))
        self._finder = ConfigFinder()
        self._fixed = None
        if self.config_file:
            self._fixed = self.overrides.apply(read_config_file(self.config_file))
        elif self.isolated:
            self._fixed = self.overrides.apply(Settings())
        self._merged = {}
        # Folder names as the walk spells them, so most lookups skip os.path.abspath.
        self._by_name = {}

    def use_listings(self, listings):
        """Let folder lookups use ``listings``, filled while walking (see ``sources.discover``)."""
        self._finder.listings = listings

    def consulted(self):
        """Return ``(path, read)`` pairs for the paths that decided the settings handed out so far."""
        paths = list(self._finder.consulted())
        if self.config_file:
            paths.append((self.config_file, True))
        return paths

    def settings_for(self, folder):
        if self._fixed is not None:
            return self._fixed
        settings = self._by_name.get(folder)
        if settings is not None:
            return settings
        found = self._finder.settings_for(folder)
        merged = self._merged.get(id(found))
        if merged is None:
            merged = self._merged[id(found)] = (found, self.overrides.apply(found))
        self._by_name[folder] = merged[1]
        return merged[1]
