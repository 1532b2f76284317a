"""Softmax regression shaped like a Dive into Deep Learning reader's script
from a Windows log: the module-level training call is on line 95, the loop
that starts the workers on line 50, and the loaders use 4 workers.
Synthetic data replaces Fashion-MNIST, and bench_probe.py checks the lines.
"""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def get_dataloader_workers():
    return 4


def load_data(batch_size):
    images = torch.rand(512, 1, 28, 28)
    labels = torch.randint(0, 10, (512,))
    train = TensorDataset(images[:384], labels[:384])
    test = TensorDataset(images[384:], labels[384:])
    return (DataLoader(train, batch_size, shuffle=True, num_workers=get_dataloader_workers()),
            DataLoader(test, batch_size, shuffle=False, num_workers=get_dataloader_workers()))


class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def __getitem__(self, index):
        return self.data[index]


def accuracy(y_hat, y):
    return float((y_hat.argmax(dim=1) == y).sum())


def evaluate_accuracy(net, data_iter):
    metric = Accumulator(2)
    for X, y in data_iter:
        metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    train_losses, train_accs, test_accs = [], [], []
    for epoch in range(num_epochs):
        metric = Accumulator(3)
        for X, y in train_iter:
            y_hat = net(X)
            error = loss(y_hat, y)
            updater.zero_grad()
            error.mean().backward()
            updater.step()
            metric.add(float(error.sum()), accuracy(y_hat, y), y.numel())
        train_losses.append(metric[0] / metric[2])
        train_accs.append(metric[1] / metric[2])
        test_accs.append(evaluate_accuracy(net, test_iter))
        print("epoch %d: loss %.3f, train acc %.3f, test acc %.3f"
              % (epoch + 1, train_losses[-1], train_accs[-1], test_accs[-1]))
    return train_losses, train_accs, test_accs


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


def predict_ch3(net, test_iter, n=6):
    for X, y in test_iter:
        break
    predictions = net(X).argmax(dim=1)
    return list(zip(y[:n].tolist(), predictions[:n].tolist()))


# Hyperparameters as in the book's chapter on the concise implementation.
batch_size = 256
lr = 0.1
num_epochs = 10

train_iter, test_iter = load_data(batch_size)

net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
net.apply(init_weights)

loss = nn.CrossEntropyLoss(reduction="none")
optimizer = torch.optim.SGD(net.parameters(), lr=lr)

# The book trains for ten epochs; every epoch starts 4 workers for training
# and 4 for evaluation, and every spawned worker re-imports this file.



train_losses, train_accs, test_accs = train_ch3(net, train_iter, test_iter, loss, num_epochs, optimizer)
print(predict_ch3(net, test_iter))
