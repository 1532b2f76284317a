"""Stub of the ``lightning`` package: ``import lightning as L`` then ``L.Trainer``."""
from pytorch_lightning import LightningDataModule, LightningModule, Trainer
