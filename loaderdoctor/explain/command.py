"""The ``loaderdoctor explain`` command."""

import click

from loaderdoctor.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS
from loaderdoctor.explain import render
from loaderdoctor.explain.analyze import analyze_file, analyze_stream
from loaderdoctor.i18n import LANGUAGES, set_language, tr

FORMATS = ("full", "concise", "json")


def _echo(text, err=False):
    # Logs carry characters that the console's code page may not have
    # (progress-bar blocks on a GBK console): replace them instead of failing.
    stream = click.get_text_stream("stderr" if err else "stdout")
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.encode(encoding, errors="replace").decode(encoding, errors="replace")
    click.echo(text, err=err)


def _set_language(ctx, param, value):
    if value:
        set_language(value)
    return value


def _read(name, source_dir, run_check):
    if name == "-":
        return analyze_stream(click.get_binary_stream("stdin"), source_dir=source_dir, run_check=run_check)
    return analyze_file(name, source_dir=source_dir, run_check=run_check)


@click.command(name="explain", help=tr("explain.help.command"))
@click.argument("logs", nargs=-1, metavar="[LOG]...", type=click.Path(allow_dash=True))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="full", show_default=True,
              help=tr("explain.help.format"))
@click.option("--source", "source_dir", type=click.Path(exists=True, file_okay=False), default=None, metavar="DIR",
              help=tr("explain.help.source"))
@click.option("--check/--no-check", "run_check", default=True, help=tr("explain.help.check"))
@click.option("--lang", type=click.Choice(LANGUAGES, case_sensitive=False), callback=_set_language,
              expose_value=False, is_eager=True, help=tr("cli.option.lang"))
def explain(logs, output_format, source_dir, run_check):
    results = []
    unreadable = []
    for name in logs or ("-",):
        display_name = tr("explain.stdin") if name == "-" else name
        try:
            results.append((display_name, _read(name, source_dir, run_check)))
        except OSError as error:
            unreadable.append((display_name, error.strerror or str(error)))

    if output_format == "json":
        _echo(render.render_json(results))
    else:
        renderer = render.render_concise if output_format == "concise" else render.render_full
        blocks = [renderer(display_name, diagnosis) for display_name, diagnosis in results]
        text = "\n\n".join(block for block in blocks if block)
        if text:
            _echo(text)

    for display_name, reason in unreadable:
        _echo(tr("cli.error", error=tr("explain.error.unreadable", path=display_name, reason=reason)), err=True)
    if unreadable:
        return EXIT_ERROR
    return EXIT_PROBLEMS if any(diagnosis.found for _, diagnosis in results) else EXIT_CLEAN
