"""The ``loaderdoctor`` command group.

Subcommands are imported only when they run, so ``loaderdoctor check`` never
pays for the probe's imports (psutil) or anything else it does not use.
"""

import importlib
import sys

import click

from loaderdoctor import __version__
from loaderdoctor import i18n
from loaderdoctor.errors import EXIT_ERROR, LoaderDoctorError

SUBCOMMANDS = {
    "check": "loaderdoctor.check.command:check",
    "explain": "loaderdoctor.explain.command:explain",
    "probe": "loaderdoctor.probe.command:probe",
    "rule": "loaderdoctor.check.command:rule",
}


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
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="loaderdoctor")
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES, case_sensitive=False),
    help="Language of messages: en or zh-CN (default: LOADERDOCTOR_LANG, then the locale).",
)
def group(lang):
    """Find, reproduce and explain PyTorch DataLoader worker failures under spawn."""


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)

    requested = _language_from_argv(argv)
    if requested and i18n.normalize_language(requested):
        i18n.set_language(requested)

    try:
        status = group.main(args=argv, prog_name="loaderdoctor", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        status = 130
    except click.exceptions.ClickException as error:
        error.show()
        status = EXIT_ERROR if error.exit_code == 1 else error.exit_code
    except LoaderDoctorError as error:
        click.echo(f"loaderdoctor: error: {error}", err=True)
        status = error.exit_code
    except click.exceptions.Exit as exit_:
        status = exit_.exit_code
    sys.exit(status or 0)
