"""The rule registry.

A rule is a function that receives a ``RuleContext`` (the checked file, its
interpreted module and the events the interpreter recorded) and yields
``Finding`` objects. It decides and reports; it never prints, and it imports
neither click nor an output format.
"""

from loaderdoctor.i18n import tr
from loaderdoctor.kinds import kind_for_rule
from loaderdoctor.records import record


@record(frozen=True)
class Rule:
    code: str
    name: str
    check: object

    @property
    def kind(self):
        return kind_for_rule(self.code)

    def summary(self, language=None):
        return tr(f"rule.{self.code}.summary", language=language)

    def documentation(self, language=None):
        return tr(f"rule.{self.code}.doc", language=language)


@record
class RuleContext:
    source: object  # sources.SourceFile
    module: object  # interpreter.Module
    interpreter: object
    events: list
    notebook: bool = False


RULES = {}


def register(code, name):
    def decorate(check):
        RULES[code] = Rule(code=code, name=name, check=check)
        return check

    return decorate


# Listed rather than discovered: listing the package folder costs more start-up
# time than the whole rule registry. A test keeps this in step with the files.
RULE_MODULES = ("ld001", "ld002", "ld003", "ld004", "ld005", "ld006")


def load_rules():
    """Import every rule module so that each registers itself."""
    import importlib

    for name in RULE_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return dict(sorted(RULES.items()))
