"""The ``check`` and ``rule`` commands."""

import sys

import click

from loaderdoctor.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS
from loaderdoctor.i18n import LANGUAGES, set_language, tr


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
    help="Language of messages: en or zh-CN.",
)


def _codes(value):
    codes = []
    for part in value or ():
        codes.extend(code.strip().upper() for code in part.split(",") if code.strip())
    return tuple(codes)


@click.command(help=tr("cli.check.help"), context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", default="full", show_default=True,
              type=click.Choice(["full", "concise", "json", "sarif", "github"]),
              help=tr("cli.check.format"))
@click.option("--select", multiple=True, metavar="CODES", help=tr("cli.check.select"))
@click.option("--ignore", multiple=True, metavar="CODES", help=tr("cli.check.ignore"))
@click.option("--stdin-filename", metavar="PATH", help=tr("cli.check.stdin-filename"))
@click.option("--exit-zero", is_flag=True, help=tr("cli.check.exit-zero"))
@language_option
def check(paths, output_format, select, ignore, stdin_filename, exit_zero):
    from loaderdoctor.check import CheckOptions, check_paths
    from loaderdoctor.report import check_formats
    from loaderdoctor.report.style import Style, color_enabled

    options = CheckOptions(
        select=_codes(select) or None,
        ignore=_codes(ignore),
        stdin_filename=stdin_filename,
    )
    result = check_paths(list(paths) or ["."], options)

    stream = sys.stdout
    style = Style(color_enabled(stream) and output_format in ("full", "concise"))
    error_style = Style(color_enabled(sys.stderr))
    formatter = check_formats.FORMATTERS.get(output_format)
    if formatter is None:
        raise click.UsageError(tr("cli.check.format-unavailable", format=output_format))

    text = formatter(result.findings, result.errors, style)
    if text:
        click.echo(text, file=stream, color=style.enabled)
    for error in result.errors:
        click.echo(check_formats.format_error(error, error_style), err=True, color=error_style.enabled)
    if output_format == "full":
        if result.findings:
            click.echo("", file=stream)
        click.echo(check_formats.summary(result.findings, result.errors, result.files_checked), file=stream)

    if result.errors:
        return EXIT_ERROR
    if result.findings and not exit_zero:
        return EXIT_PROBLEMS
    return EXIT_CLEAN


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
