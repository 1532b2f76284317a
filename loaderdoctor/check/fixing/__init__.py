"""Helpers of ``loaderdoctor check --fix``: text layout, scope analysis, rewrite plans.

``loaderdoctor.check.fix`` is the entry point; these modules compute what
moves where, and never read or write files themselves, except ``importers``,
which reads the project's other modules to see which names they use.
"""
