"""Stub of PyTorch Lightning (``pytorch_lightning``, also ``lightning.pytorch``).

``Trainer.fit`` and its siblings iterate the loaders they are given, the
loaders of a ``LightningDataModule``, or the ``*_dataloader`` hooks of the
model. Workers start in the first iteration of each.
"""


class LightningModule:
    pass


class LightningDataModule:
    def train_dataloader(self):
        return None

    def val_dataloader(self):
        return None

    def test_dataloader(self):
        return None

    def predict_dataloader(self):
        return None


def _iterate(loaders):
    for batch in loaders:
        pass


class Trainer:
    def __init__(self, *args, **kwargs):
        self.kwargs = kwargs

    def fit(self, model, train_dataloaders=None, val_dataloaders=None, datamodule=None, ckpt_path=None):
        if train_dataloaders is not None:
            _iterate(train_dataloaders)
        if val_dataloaders is not None:
            _iterate(val_dataloaders)
        if datamodule is not None:
            _iterate(datamodule.train_dataloader())
            _iterate(datamodule.val_dataloader())
        else:
            _iterate(model.train_dataloader())

    def validate(self, model=None, dataloaders=None, ckpt_path=None, verbose=True, datamodule=None):
        if dataloaders is not None:
            _iterate(dataloaders)
        if datamodule is not None:
            _iterate(datamodule.val_dataloader())

    def test(self, model=None, dataloaders=None, ckpt_path=None, verbose=True, datamodule=None):
        if dataloaders is not None:
            _iterate(dataloaders)
        if datamodule is not None:
            _iterate(datamodule.test_dataloader())

    def predict(self, model=None, dataloaders=None, datamodule=None, return_predictions=None, ckpt_path=None):
        if dataloaders is not None:
            _iterate(dataloaders)
        if datamodule is not None:
            _iterate(datamodule.predict_dataloader())
