"""flake8 plugin: ``flake8`` reports loaderdoctor's LD findings.

flake8 applies its own options to them: ``--select``, ``--ignore``,
``--extend-ignore``, ``--per-file-ignores``, ``--exclude`` and ``# noqa``
comments. From loaderdoctor's configuration (``[tool.loaderdoctor]`` or
``[loaderdoctor]``, found as ``loaderdoctor check`` finds it) the plugin reads
only what the analysis itself needs, ``loader-classes`` and
``worker-starters``. ``# loaderdoctor: ignore[...]`` comments apply as in
``loaderdoctor check``.

Registered in setup.cfg as the ``flake8.extension`` entry point ``LD``.
"""

import os

from loaderdoctor import __version__

_finder = None


def _settings_for(filename):
    global _finder
    from loaderdoctor.check.config import ConfigFinder

    if _finder is None:
        _finder = ConfigFinder()
    folder = os.path.dirname(os.path.abspath(filename)) if filename not in ("-", "stdin") else os.getcwd()
    return _finder.settings_for(folder)


class Plugin:
    name = "loaderdoctor"
    version = __version__

    def __init__(self, tree, filename, lines):
        self.tree = tree
        self.filename = filename
        self.lines = lines
        # Read here rather than in run(): flake8 reports an exception raised
        # while it creates the plugin (a bad configuration) as a plugin
        # failure with the message, instead of a traceback.
        self.settings = _settings_for(filename)

    def run(self):
        from loaderdoctor.check import CheckOptions, check_source, is_relevant, mentions_declared_names
        from loaderdoctor.check.sources import SourceFile

        options = CheckOptions(
            loader_classes=self.settings.loader_classes,
            worker_starters=self.settings.worker_starters,
            honor_noqa=False,
        )
        text = "".join(self.lines)
        data = text.encode("utf-8", "surrogatepass")
        # The same cheap test that check runs on raw bytes: most files never reach the interpreter.
        if not mentions_declared_names(data, options) and not is_relevant(data, self.filename):
            return

        source = SourceFile(path=self.filename, text=text, lines=text.splitlines(), tree=self.tree)
        for finding in check_source(source, options):
            # flake8 takes 0-based columns and prints them 1-based.
            yield finding.line, max(finding.column - 1, 0), f"{finding.code} {finding.message}", type(self)
