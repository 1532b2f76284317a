"""Message catalogs, one module per area, each a ``MESSAGES`` dict.

``MESSAGES[key]`` maps ``"en"`` and ``"zh-CN"`` to ``str.format`` templates
with the same placeholders. DataLoader, num_workers, spawn, ``__main__``,
rule codes and option names stay as they are in both languages.
"""

AREAS = ("cli", "check", "rule", "kind", "explain", "probe")
