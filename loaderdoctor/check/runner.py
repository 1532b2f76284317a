"""Running ``check`` with project configuration: exclusions, groups of settings, per-file ignores.

Every path is first matched against the exclusions of the settings that
apply to it. The remaining files are grouped by those settings and handed to
one ``CheckRun`` as the walk finds them, each group with its own options and
cache, and findings that ``per-file-ignores`` names are dropped.
"""

import os
import stat

from loaderdoctor.check import PRESENCE_ONLY, CheckResult, CheckRun, sources
from loaderdoctor.check.config import Resolver
from loaderdoctor.check.findings import FileError
from loaderdoctor.i18n import tr


def run_check(paths, resolver=None, stdin_filename=None, cache_dir=None, transcript=None):
    """Check ``paths`` with the settings ``resolver`` hands out; return one ``CheckResult``.

    ``cache_dir`` is the folder of the result cache, or None to check every
    file afresh. ``transcript``, a ``replay.Transcript``, receives the paths
    whose state the result depends on.
    """
    resolver = resolver or Resolver()
    result = CheckResult()
    run = CheckRun()
    groups = {}

    def group_for(settings):
        entry = groups.get(id(settings))
        if entry is None:
            options = settings.check_options(stdin_filename)
            cache = None
            if cache_dir is not None:
                from loaderdoctor.check.cache import open_cache

                cache = open_cache(cache_dir, options)
            entry = groups[id(settings)] = (settings, run.group(options, cache))
        return entry[1]

    listings = {}
    resolver.use_listings(listings)
    excluded = None
    for raw in paths:
        if raw == "-":
            folder = os.path.dirname(os.path.abspath(stdin_filename)) if stdin_filename else os.getcwd()
            settings = resolver.settings_for(folder)
            if not (stdin_filename and settings.is_excluded(stdin_filename)):
                run.add(group_for(settings), raw)
            continue

        try:
            status = os.stat(raw)
        except (OSError, ValueError):
            if transcript is not None:
                transcript.paths.add(raw)
            group_for(resolver.settings_for(os.getcwd())).add_error(
                FileError(raw, tr("check.source.not-found"), tr("check.source.hint-path")))
            continue

        if not stat.S_ISDIR(status.st_mode):
            settings = resolver.settings_for(os.path.dirname(os.path.abspath(raw)))
            if not settings.is_excluded(raw):
                run.add(group_for(settings), raw, status)
            continue

        if resolver.settings_for(os.path.abspath(raw)).is_excluded(raw):
            continue
        excluded = excluded or _exclusion_test(resolver)
        settings_of_folder = {}
        for path, error in sources.discover([raw], exclude=excluded, listings=listings):
            if error is not None:
                if transcript is not None:
                    transcript.paths.add(error.path or path)
                result.errors.append(FileError(error.path or path, error.reason, error.hint, error.line))
                continue
            folder = os.path.dirname(path) or "."
            settings = settings_of_folder.get(folder)
            if settings is None:
                settings = settings_of_folder[folder] = resolver.settings_for(folder)
            run.add(group_for(settings), path)
    run.finish()

    warnings = []
    for settings, group in groups.values():
        if group.cache is not None and group.cache.warning:
            warnings.append(group.cache.warning)
        checked = group.result
        result.files_checked += checked.files_checked
        result.errors.extend(checked.errors)
        result.findings.extend(_without_per_file_ignores(checked.findings, settings))

    result.findings.sort(key=lambda finding: finding.sort_key)
    result.warnings = warnings
    if transcript is not None:
        _note_inputs(transcript, listings, resolver, groups)
    return result


def _note_inputs(transcript, listings, resolver, groups):
    """Give ``transcript`` the folders walked and searched, the files checked and what their results read."""
    paths = transcript.paths
    paths.update(listings)
    for path, read in resolver.consulted():
        (paths if read else transcript.present).add(path)
    # A transcript is made only for runs with a cache that read no standard input.
    for _, group in groups.values():
        for path in group.files:
            paths.add(path)
            entry = group.cache.entries.get(path)
            if entry is None:
                continue  # the file could not be read: its own state decides the error
            for dependency in entry["deps"]:
                if dependency.startswith(PRESENCE_ONLY):
                    transcript.present.add(dependency[len(PRESENCE_ONLY):])
                else:
                    paths.add(dependency)


def _exclusion_test(resolver):
    settings_of_folder = {}

    def excluded(path):
        path = str(path)
        folder = os.path.dirname(path) or "."
        settings = settings_of_folder.get(folder)
        if settings is None:
            settings = settings_of_folder[folder] = resolver.settings_for(folder)
        return settings.is_excluded(path)

    return excluded


def _without_per_file_ignores(findings, settings):
    if not settings.per_file_ignores:
        return findings
    kept = []
    for finding in findings:
        codes = settings.ignored_codes(finding.path)
        if codes and finding.code.startswith(codes):
            continue
        kept.append(finding)
    return kept
