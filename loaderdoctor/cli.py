"""The ``loaderdoctor`` command group.

Subcommands are imported only when they run, so ``loaderdoctor check`` never
pays for the probe's imports (psutil) or anything else it does not use.
"""

import gettext
import importlib
import os
import sys

import click

from loaderdoctor import __version__, i18n
from loaderdoctor.errors import EXIT_ERROR, LoaderDoctorError

SUBCOMMANDS = {
    "check": "loaderdoctor.check.command:check",
    "explain": "loaderdoctor.explain.command:explain",
    "probe": "loaderdoctor.probe.command:probe",
    "rule": "loaderdoctor.check.command:rule",
}


class ColumnFormatter(click.HelpFormatter):
    """Help formatter that measures text in terminal columns, so that Chinese help wraps and aligns.

    click counts characters, but a Chinese character takes two columns, and
    Chinese text has no spaces to break at. Text without wide characters is
    left to click, so English help is unchanged.
    """

    def write_text(self, text):
        if not i18n.has_wide_characters(text):
            return super().write_text(text)
        indent = " " * self.current_indent
        paragraphs = []
        for paragraph in text.split("\n\n"):
            if paragraph.startswith("\b\n"):
                # click's mark for a block that must not be rewrapped.
                paragraphs.append("\n".join(indent + line for line in paragraph[2:].splitlines()))
            else:
                paragraphs.append("\n".join(i18n.wrap_columns(paragraph, self.width, indent, indent)))
        self.write("\n\n".join(paragraphs) + "\n")
        return None

    def write_dl(self, rows, col_max=30, col_spacing=2):
        rows = list(rows)
        if not any(i18n.has_wide_characters(first + second) for first, second in rows):
            return super().write_dl(rows, col_max, col_spacing)
        first_col = min(max(i18n.display_width(first) for first, _ in rows), col_max) + col_spacing
        margin = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            if i18n.display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - i18n.display_width(first)))
            else:
                self.write("\n" + margin)
            lines = i18n.wrap_columns(second, max(self.width - first_col - 2, 10)) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(margin + line + "\n")
        return None


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx, name):
        target = SUBCOMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


def _language_from_argv(argv):
    # The language must be known before the subcommand modules build their
    # help texts, which happens before click parses the options.
    # NOTE: a --lang among the arguments that `probe SCRIPT ARGS` passes to
    # the script is taken too, because this scan cannot tell where SCRIPT is.
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


# Click passes its own texts (usage line, section headings, parse errors)
# through gettext when it prints them. Catalog keys under "cli.click." have
# click's English text as their "en" template, so these lookups return the
# catalog's template instead. Texts without such a key stay as click has them.
CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
                 "click.types")
_click_keys = None


def _click_key(text):
    global _click_keys
    if _click_keys is None:
        from loaderdoctor.messages.cli import MESSAGES

        _click_keys = {entry["en"]: key for key, entry in MESSAGES.items() if key.startswith("cli.click.")}
    return _click_keys.get(text)


def _click_gettext(text):
    key = _click_key(text)
    return i18n.tr(key) if key else gettext.gettext(text)


def _click_ngettext(singular, plural, count):
    key = _click_key(singular if count == 1 else plural)
    return i18n.tr(key) if key else gettext.ngettext(singular, plural, count)


def translate_click():
    """Route click's gettext lookups through the message catalog.

    Click 8 binds ``gettext`` as ``_`` and ``ngettext`` in each of its modules
    and looks the names up when it formats a message, so replacing these
    module globals is enough. A click that binds them differently keeps its
    English texts.
    """
    click.Context.formatter_class = ColumnFormatter
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if callable(getattr(module, "_", None)):
            module._ = _click_gettext
        if callable(getattr(module, "ngettext", None)):
            module.ngettext = _click_ngettext


# click.version_option looks up its texts as the group is built, and the
# standard gettext imports locale on every run just for them: the message is
# given here, and the help text comes from the catalog.
translate_click()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="loaderdoctor", message="%(prog)s, version %(version)s")
@click.option("--lang", type=click.Choice(i18n.LANGUAGES, case_sensitive=False))
def group(lang):
    """Find, reproduce and explain PyTorch DataLoader worker failures under spawn."""


def _describe_group():
    # The group is built when this module is imported, before main() has
    # chosen the language, so its texts are filled in here.
    group.help = i18n.tr("cli.group.help")
    for param in group.params:
        if param.name == "lang":
            param.help = i18n.tr("cli.option.lang")
        elif param.name == "version":
            param.help = i18n.tr("cli.click.show-version")


# Set by a command whose process may end without Python's teardown (see run()).
_fast_exit = False


def allow_fast_exit():
    """Let run() end the process at once: the command has flushed, saved and closed all it wrote."""
    global _fast_exit
    _fast_exit = True


def run():
    """Console entry point: run main(), then leave.

    A large check leaves millions of objects (syntax trees, values) behind,
    and freeing them one by one at interpreter exit took up to a second.
    After ``check``, which has saved its cache and closed its output by
    then, the process ends without that teardown.
    """
    try:
        main()
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    if _fast_exit and isinstance(status, int):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status)
    sys.exit(status)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)

    requested = _language_from_argv(argv)
    if requested and i18n.normalize_language(requested):
        i18n.set_language(requested)
    translate_click()
    _describe_group()

    try:
        os.getcwd()
    except FileNotFoundError:
        # Every command resolves paths from the working folder.
        click.echo(i18n.tr("cli.error", error=i18n.tr("cli.no-working-folder")), err=True)
        sys.exit(EXIT_ERROR)
    try:
        status = group.main(args=argv, prog_name="loaderdoctor", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(i18n.tr("cli.aborted"), err=True)
        status = 130
    except click.exceptions.ClickException as error:
        error.show()
        status = EXIT_ERROR if error.exit_code == 1 else error.exit_code
    except LoaderDoctorError as error:
        click.echo(i18n.tr("cli.error", error=error), err=True)
        status = error.exit_code
    except click.exceptions.Exit as exit_:
        status = exit_.exit_code
    sys.exit(status or 0)
