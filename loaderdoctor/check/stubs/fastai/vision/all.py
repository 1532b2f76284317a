"""Stub of ``from fastai.vision.all import *``."""
from fastai.data.core import *  # noqa: F401,F403
