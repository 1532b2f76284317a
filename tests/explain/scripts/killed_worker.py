"""A worker that the kernel kills with SIGKILL, the way the out-of-memory killer does."""
import os
import signal

import torch
from torch.utils.data import DataLoader, Dataset


class Doomed(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, index):
        os.kill(os.getpid(), signal.SIGKILL)
        return torch.zeros(1)


if __name__ == "__main__":
    for batch in DataLoader(Doomed(), batch_size=2, num_workers=1):
        print(batch)
