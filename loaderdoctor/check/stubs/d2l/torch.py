"""Stub of ``d2l.torch``, the helper module of Dive into Deep Learning.

Both editions (d2l 0.17 for the 2nd-edition Chinese book, d2l 1.x for the
English book) build Fashion-MNIST loaders with 4 workers and ship training
helpers that iterate the loaders they receive.
"""
from torch.utils import data


def get_dataloader_workers():
    """Use 4 processes to read the data."""
    return 4


def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


def load_data_fashion_mnist(batch_size, resize=None):
    mnist_train = None
    mnist_test = None
    return (data.DataLoader(mnist_train, batch_size, shuffle=True,
                            num_workers=get_dataloader_workers()),
            data.DataLoader(mnist_test, batch_size, shuffle=False,
                            num_workers=get_dataloader_workers()))


def evaluate_accuracy(net, data_iter):
    for X, y in data_iter:
        pass


def evaluate_accuracy_gpu(net, data_iter, device=None):
    for X, y in data_iter:
        pass


def evaluate_loss(net, data_iter, loss):
    for X, y in data_iter:
        pass


def train_epoch_ch3(net, train_iter, loss, updater):
    for X, y in train_iter:
        pass


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    for epoch in range(num_epochs):
        train_epoch_ch3(net, train_iter, loss, updater)
        evaluate_accuracy(net, test_iter)


def predict_ch3(net, test_iter, n=6):
    for X, y in test_iter:
        break


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    for epoch in range(num_epochs):
        for i, (X, y) in enumerate(train_iter):
            pass
        evaluate_accuracy_gpu(net, test_iter)


def train_ch13(net, train_iter, test_iter, loss, trainer, num_epochs, devices=None):
    for epoch in range(num_epochs):
        for i, (features, labels) in enumerate(train_iter):
            pass
        evaluate_accuracy_gpu(net, test_iter)


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    for _ in range(num_epochs):
        for X, y in data_iter:
            pass


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    for _ in range(num_epochs):
        for X, y in data_iter:
            pass


class HyperParameters:
    def save_hyperparameters(self, ignore=[]):
        pass


class DataModule(HyperParameters):
    """d2l 1.x: the base of its data classes; loaders use ``self.num_workers``."""

    def __init__(self, root='../data', num_workers=4):
        self.root = root
        self.num_workers = num_workers

    def get_dataloader(self, train):
        raise NotImplementedError

    def train_dataloader(self):
        return self.get_dataloader(train=True)

    def val_dataloader(self):
        return self.get_dataloader(train=False)

    def get_tensorloader(self, tensors, train, indices=slice(0, None)):
        dataset = data.TensorDataset(*tensors)
        return data.DataLoader(dataset, self.batch_size, shuffle=train)


class FashionMNIST(DataModule):
    def __init__(self, batch_size=64, resize=(28, 28)):
        super().__init__()
        self.batch_size = batch_size
        self.resize = resize

    def get_dataloader(self, train):
        data_set = None
        return data.DataLoader(data_set, self.batch_size, shuffle=train,
                               num_workers=self.num_workers)


class Trainer(HyperParameters):
    """d2l 1.x: ``fit`` iterates the data module's loaders every epoch."""

    def __init__(self, max_epochs, num_gpus=0, gradient_clip_val=0):
        self.max_epochs = max_epochs

    def prepare_data(self, data):
        self.train_dataloader = data.train_dataloader()
        self.val_dataloader = data.val_dataloader()

    def fit(self, model, data):
        self.prepare_data(data)
        for self.epoch in range(self.max_epochs):
            self.fit_epoch()

    def fit_epoch(self):
        for batch in self.train_dataloader:
            pass
        if self.val_dataloader is None:
            return
        for batch in self.val_dataloader:
            pass
