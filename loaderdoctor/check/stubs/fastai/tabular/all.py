"""Stub of ``from fastai.tabular.all import *``."""
from fastai.data.core import *  # noqa: F401,F403
