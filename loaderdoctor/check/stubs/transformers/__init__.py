"""Stub of Hugging Face ``transformers``: ``Trainer`` and its training arguments.

``Trainer.train``, ``evaluate`` and ``predict`` build DataLoaders with
``num_workers=args.dataloader_num_workers`` (0 unless set) and iterate them.
"""
from torch.utils.data import DataLoader


class TrainingArguments:
    def __init__(self, output_dir=None, dataloader_num_workers=0, **kwargs):
        self.output_dir = output_dir
        self.dataloader_num_workers = dataloader_num_workers


class Seq2SeqTrainingArguments(TrainingArguments):
    pass


class Trainer:
    def __init__(self, model=None, args=None, data_collator=None, train_dataset=None, eval_dataset=None,
                 **kwargs):
        if args is None:
            args = TrainingArguments()
        self.args = args
        self.data_collator = data_collator
        self.train_dataset = train_dataset
        self.eval_dataset = eval_dataset

    def get_train_dataloader(self):
        return DataLoader(self.train_dataset, collate_fn=self.data_collator,
                          num_workers=self.args.dataloader_num_workers)

    def get_eval_dataloader(self, eval_dataset=None):
        return DataLoader(eval_dataset or self.eval_dataset, collate_fn=self.data_collator,
                          num_workers=self.args.dataloader_num_workers)

    def train(self, resume_from_checkpoint=None, **kwargs):
        for batch in self.get_train_dataloader():
            pass

    def evaluate(self, eval_dataset=None, **kwargs):
        for batch in self.get_eval_dataloader(eval_dataset):
            pass

    def predict(self, test_dataset, **kwargs):
        for batch in self.get_eval_dataloader(test_dataset):
            pass


class Seq2SeqTrainer(Trainer):
    pass
