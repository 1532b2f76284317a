"""Stub of the d2l package root: its framework modules are the submodules."""
