"""A worker whose native code crashes: torch's handler prints its own line, with a NUL byte."""
import ctypes

import torch
from torch.utils.data import DataLoader, Dataset


class Crashing(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, index):
        ctypes.string_at(0)
        return torch.zeros(1)


if __name__ == "__main__":
    for batch in DataLoader(Crashing(), batch_size=2, num_workers=1):
        print(batch)
