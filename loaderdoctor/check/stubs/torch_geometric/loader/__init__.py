"""Stub of ``torch_geometric.loader``: its loaders are DataLoader subclasses.

They take ``num_workers`` like torch's DataLoader (default 0) and start
workers when iterated.
"""
from torch.utils.data import DataLoader as _TorchDataLoader


class DataLoader(_TorchDataLoader):
    pass


class NeighborLoader(_TorchDataLoader):
    pass


class LinkNeighborLoader(_TorchDataLoader):
    pass


class ClusterLoader(_TorchDataLoader):
    pass


class GraphSAINTRandomWalkSampler(_TorchDataLoader):
    pass


class HGTLoader(_TorchDataLoader):
    pass


class DenseDataLoader(_TorchDataLoader):
    pass
