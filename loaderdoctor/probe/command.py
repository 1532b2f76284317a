"""The ``loaderdoctor probe`` command."""

import json
import os
import shutil
import sys
from pathlib import Path

import click

from loaderdoctor.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS, InputError
from loaderdoctor.i18n import LANGUAGES, set_language, tr


def _set_language(ctx, param, value):
    if value:
        set_language(value)
    return value


class Progress:
    """Milestones of a run, printed to a terminal's stderr (nothing when piped)."""

    def __init__(self, stream):
        self.stream = stream
        self.ready = 0
        self.expected = 0

    def __call__(self, record):
        name = record.get("event")
        text = None
        if name == "script-start":
            text = tr("probe.progress.start", script=os.path.basename(record.get("script", "")))
        elif name == "torch-imported":
            text = tr("probe.progress.torch", seconds="%.1f" % record.get("seconds", 0))
        elif name == "workers-starting":
            self.ready, self.expected = 0, record.get("num_workers") or 0
            text = tr("probe.progress.workers-starting", count=self.expected)
        elif name == "worker-ready":
            self.ready += 1
            text = tr("probe.progress.worker-ready", ready=self.ready, total=self.expected or "?",
                      seconds="%.1f" % (record.get("ready_after") or 0))
        elif name == "first-batch":
            text = tr("probe.progress.first-batch", seconds="%.1f" % (record.get("seconds") or 0))
        elif name == "failure-seen":
            text = tr("probe.progress.failure-seen")
        elif name == "timeout":
            text = tr("probe.progress.timeout", seconds="%.0f" % (record.get("seconds") or 0))
        if text:
            click.echo("  ... " + text, file=self.stream)


def _resolve_python(python):
    if python is None:
        return sys.executable
    if os.path.sep in python or (os.path.altsep and os.path.altsep in python):
        found = python if os.path.exists(python) else None
    else:
        found = shutil.which(python)
    if not found:
        raise InputError(tr("probe.error.python-not-found", python=python))
    return found


def _script_path(script):
    path = Path(script)
    if not path.is_file():
        raise InputError(tr("probe.error.script-not-found", script=script))
    return path.resolve()


@click.command(
    help=tr("probe.help.command"),
    context_settings={"help_option_names": ["-h", "--help"], "ignore_unknown_options": True,
                      "allow_interspersed_args": False},
)
@click.argument("script", required=False)
@click.argument("script_args", nargs=-1, type=click.UNPROCESSED)
@click.option("--python", "python", metavar="PATH", help=tr("probe.help.python"))
@click.option("--start-method", type=click.Choice(["spawn", "forkserver", "default"]), default="spawn",
              show_default=True, help=tr("probe.help.start-method"))
@click.option("--batches", type=click.IntRange(min=1), default=1, show_default=True, help=tr("probe.help.batches"))
@click.option("--full", is_flag=True, help=tr("probe.help.full"))
@click.option("--timeout", type=click.FloatRange(min=0.5), metavar="SECONDS", help=tr("probe.help.timeout"))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=tr("probe.help.format"))
@click.option("--no-check", is_flag=True, help=tr("probe.help.no-check"))
@click.option("--no-demo", is_flag=True, help=tr("probe.help.no-demo"))
@click.option("--show-output", is_flag=True, help=tr("probe.help.show-output"))
@click.option("--lang", type=click.Choice(LANGUAGES, case_sensitive=False), callback=_set_language,
              expose_value=False, is_eager=True, help=tr("probe.help.lang"))
def probe(script, script_args, python, start_method, batches, full, timeout, output_format, no_check, no_demo,
          show_output):
    from loaderdoctor.report.style import Style, color_enabled

    python = _resolve_python(python)
    if start_method == "forkserver" and sys.platform == "win32":
        raise InputError(tr("probe.error.forkserver-windows"))
    interactive = output_format == "text" and sys.stderr.isatty()
    progress = Progress(sys.stderr) if interactive else None
    style = Style(color_enabled(sys.stdout) and output_format == "text")

    if script is None:
        from loaderdoctor.probe.environment import environment_report, render_environment

        report = environment_report(python, timeout=timeout, demo=not no_demo, progress=progress)
        _emit(report, output_format, lambda: render_environment(report, style))
        return EXIT_PROBLEMS if report.get("demo_unexpected") else EXIT_CLEAN

    from loaderdoctor.probe import probe_script
    from loaderdoctor.probe.render import render_run

    report = probe_script(
        _script_path(script),
        list(script_args),
        python=python,
        start_method=start_method,
        batches=batches,
        full=full,
        timeout=timeout,
        progress=progress,
        static_check=not no_check,
    )
    _emit(report, output_format, lambda: render_run(report, style))
    if show_output and output_format == "text":
        click.echo(report["stdout"], nl=False)
        click.echo(report["stderr"], nl=False, err=True)
    if report["outcome"] == "probe-error":
        return EXIT_ERROR
    return EXIT_PROBLEMS if report["outcome"] != "ok" else EXIT_CLEAN


def _emit(report, output_format, text):
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, default=str, ensure_ascii=False))
    else:
        click.echo(text())
