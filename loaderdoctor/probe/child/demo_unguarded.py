"""Softmax regression in the style of Dive into Deep Learning, without the __main__ guard.

Synthetic 28x28 images stand in for Fashion-MNIST. The training call at
the bottom runs at module level, so every spawned DataLoader worker, which
re-imports this file as __mp_main__, starts training (and workers) again.
"""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def get_dataloader_workers():
    return 2


def load_data(batch_size):
    images = torch.rand(256, 1, 28, 28)
    labels = torch.randint(0, 10, (256,))
    train = TensorDataset(images[:192], labels[:192])
    test = TensorDataset(images[192:], labels[192:])
    return (DataLoader(train, batch_size, shuffle=True, num_workers=get_dataloader_workers()),
            DataLoader(test, batch_size, shuffle=False, num_workers=get_dataloader_workers()))


def train_epoch(net, train_iter, loss, updater):
    for X, y in train_iter:
        error = loss(net(X), y)
        updater.zero_grad()
        error.backward()
        updater.step()
    return float(error)


def train(net, train_iter, test_iter, loss, num_epochs, updater):
    for epoch in range(num_epochs):
        print("epoch", epoch + 1, "loss", round(train_epoch(net, train_iter, loss, updater), 4))


batch_size = 64
train_iter, test_iter = load_data(batch_size)
net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
loss = nn.CrossEntropyLoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.1)
train(net, train_iter, test_iter, loss, 3, trainer)  # noqa: LD001 - unguarded on purpose: the demonstration
