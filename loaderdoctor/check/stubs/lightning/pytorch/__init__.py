"""Stub of ``lightning.pytorch``, the same API as ``pytorch_lightning``."""
from pytorch_lightning import LightningDataModule, LightningModule, Trainer
