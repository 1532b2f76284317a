"""A DataLoader iterated at module level with one worker.

With a single worker the child's traceback is printed whole before the
parent notices the exit and prints its own, so tests can cut the output
into the child's part and the parent's part.
"""
import torch
from torch.utils.data import DataLoader, TensorDataset

loader = DataLoader(TensorDataset(torch.arange(8.0)), batch_size=2, num_workers=1)
for (batch,) in loader:  # noqa: LD001 - the failure these tests need
    print(batch.sum().item())
