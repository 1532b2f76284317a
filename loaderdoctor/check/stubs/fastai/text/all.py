"""Stub of ``from fastai.text.all import *``."""
from fastai.data.core import *  # noqa: F401,F403
