"""Stub of fastai.tabular."""
