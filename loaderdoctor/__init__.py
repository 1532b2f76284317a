"""Find, reproduce and explain PyTorch DataLoader worker failures under spawn.

The package has three ways in that share one catalog of failure kinds:
``check`` (static analysis), ``probe`` (runs a script with spawned workers)
and ``explain`` (reads a pasted log).
"""

__version__ = "0.1.0"
