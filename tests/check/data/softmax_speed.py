"""Softmax regression from scratch, as a Dive into Deep Learning reader wrote it.

The shape matches the script behind a Windows log: its own train_ch3 is called
at module level on line 95 and iterates, on line 50, a loader that
d2l.load_data_fashion_mnist builds with 4 workers (get_dataloader_workers()
returns 4 in both editions of the book).
"""
import time

import torch
from d2l import torch as d2l

batch_size = 256
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size)

num_inputs = 784
num_outputs = 10

W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition


def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)


def cross_entropy(y_hat, y):
    return - torch.log(y_hat[range(len(y_hat)), y])


def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    train_losses, train_accs, test_accs = [], [], []
    for epoch in range(num_epochs):
        start = time.time()
        total_loss, total_acc, count = 0.0, 0.0, 0
        # one pass over the training data; the loader's workers start here
        for X, y in train_iter:
            y_hat = net(X)
            l = loss(y_hat, y)
            updater(X.shape[0], l)
            total_loss += float(l.sum())
            total_acc += accuracy(y_hat, y)
            count += y.numel()
        test_acc = evaluate(net, test_iter)
        train_losses.append(total_loss / count)
        train_accs.append(total_acc / count)
        test_accs.append(test_acc)
        print(f"epoch {epoch + 1}, {time.time() - start:.1f} s")
    return train_losses, train_accs, test_accs


def evaluate(net, data_iter):
    correct, total = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += accuracy(net(X), y)
            total += y.numel()
    return correct / total


lr = 0.1


def optimizer(batch_size, l):
    l.sum().backward()
    with torch.no_grad():
        for param in (W, b):
            param -= lr * param.grad / batch_size
            param.grad.zero_()


loss = cross_entropy
num_epochs = 10

# The book's chapter 3 calls d2l.train_ch3; this reader timed their own copy
# to compare it with the vectorised version of the previous section, and
# printed the per-epoch time.
print("training softmax regression for", num_epochs, "epochs")



train_losses, train_accs, test_accs = train_ch3(net, train_iter, test_iter, loss, num_epochs, optimizer)
print("final test accuracy", test_accs[-1])
