"""Helpers of ``loaderdoctor check --fix``: text layout, scope analysis, rewrite plans.

``loaderdoctor.check.fix`` is the entry point. These modules compute what
moves where and write no files. Only ``importers`` reads files: the
project's other modules, to see which names they use.
"""
