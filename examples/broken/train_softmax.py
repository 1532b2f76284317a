"""Softmax regression in the style of Dive into Deep Learning, chapter 3.

Synthetic Fashion-MNIST-shaped data, so nothing is downloaded. The training
call at the bottom runs at module level, as in the book's notebooks turned
into a script. Under spawn (Windows, macOS, Linux from Python 3.14) every
DataLoader worker re-imports this file, reaches that call again and fails
while it is still starting up.

    loaderdoctor check examples/broken/train_softmax.py
"""
import torch
from torch import nn
from torch.utils import data


def get_dataloader_workers():
    """Use 4 processes to read the data, as the book's helper does."""
    return 4


def load_data_synthetic(batch_size, n_train=1024, n_test=256):
    generator = torch.Generator().manual_seed(0)
    centers = torch.randn(10, 28 * 28, generator=generator)

    def make(n):
        labels = torch.randint(0, 10, (n,), generator=generator)
        images = centers[labels] + 0.5 * torch.randn(n, 28 * 28, generator=generator)
        return data.TensorDataset(images.reshape(n, 1, 28, 28), labels)

    return (data.DataLoader(make(n_train), batch_size, shuffle=True,
                            num_workers=get_dataloader_workers()),
            data.DataLoader(make(n_test), batch_size, shuffle=False,
                            num_workers=get_dataloader_workers()))


def accuracy(y_hat, y):
    return float((y_hat.argmax(dim=1) == y).sum())


def evaluate_accuracy(net, data_iter):
    correct, total = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += accuracy(net(X), y)
            total += y.numel()
    return correct / total


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    for epoch in range(num_epochs):
        for X, y in train_iter:
            l = loss(net(X), y)
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        print(f"epoch {epoch + 1}, test accuracy {evaluate_accuracy(net, test_iter):.3f}")


batch_size = 256
train_iter, test_iter = load_data_synthetic(batch_size)
net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))
loss = nn.CrossEntropyLoss(reduction="none")
trainer = torch.optim.SGD(net.parameters(), lr=0.1)
num_epochs = 2
train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
