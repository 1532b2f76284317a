"""Stub of fastai.text."""
