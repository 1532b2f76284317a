"""Exceptions that carry the exit status the command line turns them into."""

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


class LoaderDoctorError(Exception):
    """The tool could not do its job: bad usage, configuration or input."""

    exit_code = EXIT_ERROR


class ConfigError(LoaderDoctorError):
    """A configuration file or option has an invalid value."""


class InputError(LoaderDoctorError):
    """An input (source file, log, script) could not be read."""
