"""Stub of the fastai package root."""
