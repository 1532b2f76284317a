"""A loader whose worker is slower than the DataLoader's timeout."""
import time

import torch
from torch.utils.data import DataLoader, Dataset


class Slow(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, index):
        time.sleep(30)
        return torch.zeros(1)


if __name__ == "__main__":
    for batch in DataLoader(Slow(), batch_size=2, num_workers=1, timeout=1):
        print(batch)
