"""``python -m loaderdoctor`` and the ``loaderdoctor`` console script.

An identical ``check`` whose inputs have not changed prints its saved report
before click or any checker module is imported (see ``replay``).
"""

import sys

from loaderdoctor import replay


def run():
    arguments = sys.argv[1:]
    status = replay.replay(arguments)
    if status is not None:
        sys.exit(status)
    replay.argv = arguments

    from loaderdoctor import cli

    cli.run()


if __name__ == "__main__":
    run()
