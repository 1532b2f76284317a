"""Fix every file of a folder in-process with this interpreter: ``python fix_folder.py FOLDER [--unsafe-fixes]``.

The other-versions test runs it with Pythons that do not have click or
pytest installed; it needs only the loaderdoctor package on ``sys.path``.
"""

import sys


def main():
    from loaderdoctor.check import check_paths
    from loaderdoctor.check.fix import apply_fixes

    folder = sys.argv[1]
    findings = check_paths([folder]).findings
    outcome = apply_fixes(findings, unsafe="--unsafe-fixes" in sys.argv[2:])
    for error in outcome.errors:
        print("error:", error.path, error.reason)
    print("fixed", outcome.fixed)
    return 1 if outcome.errors else 0


if __name__ == "__main__":
    sys.exit(main())
