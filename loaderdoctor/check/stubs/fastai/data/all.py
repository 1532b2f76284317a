"""Stub of ``from fastai.data.all import *``."""
from fastai.data.core import *  # noqa: F401,F403
