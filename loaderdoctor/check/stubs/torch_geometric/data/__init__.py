"""Stub of ``torch_geometric.data``: old releases exported DataLoader here too."""
from torch_geometric.loader import DataLoader, DenseDataLoader  # noqa: F401 - re-exported
