"""Terminal colour through colorama, off when piped or when NO_COLOR is set."""

import os
import sys


def color_enabled(stream=None, environ=None):
    stream = stream or sys.stdout
    environ = os.environ if environ is None else environ
    # https://no-color.org: any non-empty NO_COLOR disables colour.
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Style:
    """Wraps text in ANSI codes when colour is on, and returns it unchanged when off."""

    def __init__(self, enabled):
        self.enabled = enabled
        if enabled:
            import colorama

            # Windows consoles older than Windows 10 need colorama to translate ANSI codes.
            if hasattr(colorama, "just_fix_windows_console"):
                colorama.just_fix_windows_console()
            self._fore = colorama.Fore
            self._style = colorama.Style

    def _wrap(self, text, *codes):
        if not self.enabled:
            return text
        return "".join(codes) + text + self._style.RESET_ALL

    def bold(self, text):
        return self._wrap(text, self._style.BRIGHT) if self.enabled else text

    def red(self, text):
        return self._wrap(text, self._fore.RED, self._style.BRIGHT) if self.enabled else text

    def yellow(self, text):
        return self._wrap(text, self._fore.YELLOW) if self.enabled else text

    def cyan(self, text):
        return self._wrap(text, self._fore.CYAN) if self.enabled else text

    def blue(self, text):
        return self._wrap(text, self._fore.BLUE, self._style.BRIGHT) if self.enabled else text

    def green(self, text):
        return self._wrap(text, self._fore.GREEN) if self.enabled else text

    def dim(self, text):
        return self._wrap(text, self._style.DIM) if self.enabled else text
