"""A Dataset that starts a multiprocessing Pool inside a DataLoader worker."""
from multiprocessing import Pool

import torch
from torch.utils.data import DataLoader, Dataset


class Squares(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, index):
        with Pool(2) as pool:
            return torch.tensor(pool.map(abs, [index, -index]))


if __name__ == "__main__":
    for batch in DataLoader(Squares(), batch_size=2, num_workers=1):
        print(batch)
