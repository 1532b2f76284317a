"""Stub of PyTorch Geometric's package root."""
