"""Stub of fastai's data loaders and learners.

fastai's DataLoader defaults ``num_workers`` to the machine's CPU count
(``defaults.cpus``, at most 16), so its loaders start workers unless told
otherwise, and a learner's ``fit`` iterates them.
"""
import os


class DataLoader:
    def __init__(self, dataset=None, bs=64, num_workers=None, **kwargs):
        if num_workers is None:
            num_workers = min(16, os.cpu_count())
        self.num_workers = num_workers
        self.loader = _TorchLoader(dataset, num_workers=num_workers)

    def __iter__(self):
        for batch in self.loader:
            yield batch


from torch.utils.data import DataLoader as _TorchLoader  # noqa: E402


class DataLoaders:
    def __init__(self, *loaders, **kwargs):
        self.loaders = loaders
        self.train = loaders[0] if loaders else None
        self.valid = loaders[1] if len(loaders) > 1 else None

    @classmethod
    def _make(cls, num_workers=None, **kwargs):
        return cls(DataLoader(num_workers=num_workers), DataLoader(num_workers=num_workers))

    @classmethod
    def from_dsets(cls, *datasets, num_workers=None, **kwargs):
        return cls._make(num_workers)

    @classmethod
    def from_folder(cls, path, num_workers=None, **kwargs):
        return cls._make(num_workers)

    @classmethod
    def from_df(cls, df, path='.', num_workers=None, **kwargs):
        return cls._make(num_workers)

    @classmethod
    def from_csv(cls, path, csv_fname='labels.csv', num_workers=None, **kwargs):
        return cls._make(num_workers)

    @classmethod
    def from_name_func(cls, path, fnames, label_func, num_workers=None, **kwargs):
        return cls._make(num_workers)

    @classmethod
    def from_path_func(cls, path, fnames, label_func, num_workers=None, **kwargs):
        return cls._make(num_workers)

    @classmethod
    def from_lists(cls, path, fnames, labels, num_workers=None, **kwargs):
        return cls._make(num_workers)


class ImageDataLoaders(DataLoaders):
    pass


class TextDataLoaders(DataLoaders):
    pass


class TabularDataLoaders(DataLoaders):
    pass


class SegmentationDataLoaders(DataLoaders):
    pass


class Learner:
    def __init__(self, dls, model=None, **kwargs):
        self.dls = dls

    def fit(self, n_epoch=1, *args, **kwargs):
        for batch in self.dls.train:
            pass
        for batch in self.dls.valid:
            pass

    def fit_one_cycle(self, n_epoch=1, *args, **kwargs):
        self.fit(n_epoch)

    def fine_tune(self, epochs=1, *args, **kwargs):
        self.fit(epochs)

    def lr_find(self, *args, **kwargs):
        for batch in self.dls.train:
            break

    def validate(self, ds_idx=1, dl=None, **kwargs):
        for batch in self.dls.valid:
            pass


def vision_learner(dls, arch=None, **kwargs):
    return Learner(dls)


def cnn_learner(dls, arch=None, **kwargs):
    return Learner(dls)


def unet_learner(dls, arch=None, **kwargs):
    return Learner(dls)


def tabular_learner(dls, **kwargs):
    return Learner(dls)


def text_classifier_learner(dls, arch=None, **kwargs):
    return Learner(dls)


def language_model_learner(dls, arch=None, **kwargs):
    return Learner(dls)
