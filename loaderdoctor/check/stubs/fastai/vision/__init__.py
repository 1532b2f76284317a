"""Stub of fastai.vision."""
