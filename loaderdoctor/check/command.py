"""The ``check`` and ``rule`` commands."""

import io
import sys

import click

from loaderdoctor import replay
from loaderdoctor.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS, LoaderDoctorError
from loaderdoctor.i18n import LANGUAGES, set_language, tr

# Output formats that show a finding's fix; only these pay for planning it.
FORMATS_WITH_FIXES = ("full", "json", "sarif")


def _set_language(ctx, param, value):
    if value:
        set_language(value)
    return value


language_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    callback=_set_language,
    expose_value=False,
    is_eager=True,
    help=tr("cli.option.lang"),
)


@click.command(help=tr("cli.check.help"), context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", default="full", show_default=True,
              type=click.Choice(["full", "concise", "json", "sarif", "github"]),
              help=tr("cli.check.format"))
@click.option("--select", multiple=True, metavar="CODES", help=tr("cli.check.select"))
@click.option("--ignore", multiple=True, metavar="CODES", help=tr("cli.check.ignore"))
@click.option("--stdin-filename", metavar="PATH", help=tr("cli.check.stdin-filename"))
@click.option("--exit-zero", is_flag=True, help=tr("cli.check.exit-zero"))
@click.option("--config", "config_file", metavar="PATH", help=tr("cli.check.config"))
@click.option("--isolated", is_flag=True, help=tr("cli.check.isolated"))
@click.option("--exclude", multiple=True, metavar="PATTERNS", help=tr("cli.check.exclude"))
@click.option("--extend-exclude", multiple=True, metavar="PATTERNS", help=tr("cli.check.extend-exclude"))
@click.option("--per-file-ignores", multiple=True, metavar="PATTERN:CODES", help=tr("cli.check.per-file-ignores"))
@click.option("--output-file", "-o", metavar="PATH", help=tr("cli.check.output-file"))
@click.option("--statistics", is_flag=True, help=tr("cli.check.statistics"))
@click.option("--fix", is_flag=True, help=tr("check.option.fix"))
@click.option("--unsafe-fixes", is_flag=True, help=tr("check.option.unsafe-fixes"))
@click.option("--diff", is_flag=True, help=tr("check.option.diff"))
@click.option("--no-cache", is_flag=True, help=tr("cli.check.no-cache"))
@click.option("--cache-dir", type=click.Path(file_okay=False), envvar="LOADERDOCTOR_CACHE_DIR", metavar="DIRECTORY",
              help=tr("cli.check.cache-dir"))
@language_option
def check(paths, output_format, select, ignore, stdin_filename, exit_zero, config_file, isolated, exclude,
          extend_exclude, per_file_ignores, output_file, statistics, fix, unsafe_fixes, diff, no_cache, cache_dir):
    import gc

    from loaderdoctor import cli
    from loaderdoctor.check.config import Resolver, overrides_from_options
    from loaderdoctor.check.runner import run_check

    # The checker keeps many long-lived objects (syntax trees, values), and
    # the default thresholds run a full collection over them again and
    # again: on a script that imports a large package, collecting took more
    # than half the run. Worker processes inherit the setting.
    gc.set_threshold(50_000, 20, 20)
    cli.allow_fast_exit()
    from loaderdoctor.report import check_formats
    from loaderdoctor.report.style import Style, color_enabled

    overrides = overrides_from_options(select, ignore, exclude, extend_exclude, per_file_ignores)
    resolver = Resolver(overrides, config_file=config_file, isolated=isolated)
    # The fixer is imported only when there is something for it to do: a
    # clean pre-commit run on one file should not pay for its modules.
    fixer = None
    if fix or diff or "-" in paths:
        from loaderdoctor.check import fix as fixer

    stdin = fixer.keep_stdin(stdin_filename) if "-" in paths else None
    if no_cache:
        cache_dir = None
    elif cache_dir is None:
        from loaderdoctor.check.cache import default_cache_dir

        cache_dir = default_cache_dir()
    # The next identical command may replay a report printed to a terminal
    # or a pipe. A run that writes files or reads standard input must run.
    transcript = None
    if replay.argv is not None and cache_dir is not None and not (output_file or fix or diff or "-" in paths):
        transcript = replay.Transcript()
    result = run_check(list(paths) or ["."], resolver, stdin_filename, cache_dir, transcript)
    for warning in getattr(result, "warnings", ()):
        click.echo(tr("cli.warning", warning=warning), err=True)
        transcript = None

    fixed = None
    if fix or diff:
        fixed = fixer.apply_fixes(result.findings, unsafe=unsafe_fixes, write=not diff, stdin=stdin)
        if diff:
            return fixer.report_diff(fixed, result.errors, unsafe_fixes)
        if fixed.changes:
            # Report what is left, as the files now are.
            stdin = fixer.replace_stdin(stdin, fixed)
            result = run_check(list(paths) or ["."], resolver, stdin_filename, cache_dir)
        result.errors.extend(fixed.errors)
        if stdin is not None:
            fixer.echo_source(stdin)  # like ruff: the fixed source on stdout, the report on stderr
    # Planning a fix can be slow on a large file, so it runs only for the
    # formats that show one.
    if result.findings and output_format in FORMATS_WITH_FIXES and not statistics:
        if fixer is None:
            from loaderdoctor.check import fix as fixer
        fixer.attach_fixes(result.findings, stdin)

    if output_file:
        stream = io.StringIO()
    elif fixed and stdin:
        # The fixed source went to stdout, so the report goes to stderr.
        stream = sys.stderr
    else:
        stream = sys.stdout
    style = Style(not output_file and color_enabled(stream) and output_format in ("full", "concise"))
    error_style = Style(color_enabled(sys.stderr))
    formatter = check_formats.FORMATTERS.get(output_format)
    if formatter is None:
        raise click.UsageError(tr("cli.check.format-unavailable", format=output_format))

    if statistics:
        from loaderdoctor.report.statistics import format_statistics

        text = format_statistics(result.findings, output_format)
    else:
        text = formatter(result.findings, result.errors, style)
    echo = _Echo(transcript)
    if text:
        echo(text, file=stream, color=style.enabled)
    for error in result.errors:
        echo(check_formats.format_error(error, error_style), err=True, color=error_style.enabled)
    if output_format == "full" and not statistics:
        if result.findings:
            echo("", file=stream)
        echo(check_formats.summary(result.findings, result.errors, result.files_checked), file=stream)
    if fixed is not None:
        readable = output_format in ("full", "concise") and not output_file and stdin is None
        click.echo(fixer.fix_summary(fixed, unsafe_fixes), err=not readable)
    if output_file:
        _write_report(output_file, stream.getvalue())

    if result.errors:
        status = EXIT_ERROR
    elif result.findings and not exit_zero:
        status = EXIT_PROBLEMS
    else:
        status = EXIT_CLEAN
    if transcript is not None:
        transcript.save(cache_dir, status)
    return status


class _Echo:
    """``click.echo`` that also gives ``transcript`` the text as it reached the stream."""

    def __init__(self, transcript):
        self.transcript = transcript

    def __call__(self, text, file=None, err=False, color=None):
        click.echo(text, file=file, err=err, color=color)
        if self.transcript is None:
            return
        stream = file or (sys.stderr if err else sys.stdout)
        keeps_styles = color if color is not None else _is_terminal(stream)
        self.transcript.printed((text if keeps_styles else click.unstyle(text)) + "\n",
                                err=stream is sys.stderr)


def _is_terminal(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _write_report(path, text):
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise LoaderDoctorError(tr("cli.check.output-file-error", path=path, error=error.strerror or error)) from None


@click.command(help=tr("cli.rule.help"), context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("code", required=False)
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help=tr("cli.rule.format"))
@language_option
def rule(code, output_format):
    import json

    from loaderdoctor.check.rules import load_rules

    rules = load_rules()
    if code is None:
        if output_format == "json":
            click.echo(json.dumps([_rule_json(r) for r in rules.values()], indent=2, ensure_ascii=False))
        else:
            for item in rules.values():
                click.echo(f"{item.code}  {item.name.ljust(30)}  {item.summary()}")
        return EXIT_CLEAN

    found = rules.get(code.upper())
    if found is None:
        raise click.BadParameter(tr("cli.rule.unknown", code=code, codes=", ".join(rules)), param_hint="CODE")
    if output_format == "json":
        click.echo(json.dumps(_rule_json(found), indent=2, ensure_ascii=False))
    else:
        click.echo(f"# {found.name} ({found.code})\n")
        click.echo(tr("cli.rule.kind", kind=found.kind) + "\n")
        click.echo(found.documentation())
    return EXIT_CLEAN


def _rule_json(item):
    return {
        "code": item.code,
        "name": item.name,
        "kind": item.kind,
        "summary": item.summary(),
        "documentation": item.documentation(),
    }
