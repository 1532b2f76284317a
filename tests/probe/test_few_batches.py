"""A loader with fewer batches than workers leaves the last workers idle; that is not a hang."""

import textwrap

from loaderdoctor.probe import probe_script

SCRIPT = """
import torch
from torch.utils.data import DataLoader, TensorDataset


def main():
    # One batch for three workers: workers 1 and 2 never receive an index.
    loader = DataLoader(TensorDataset(torch.arange(4.0)), batch_size=4, num_workers=3)
    print("batches", sum(1 for _ in loader))


if __name__ == "__main__":
    main()
"""


def test_idle_workers_are_not_a_timeout(tmp_path):
    script = tmp_path / "one_batch.py"
    script.write_text(textwrap.dedent(SCRIPT))
    report = probe_script(script, static_check=False)
    assert report["failures"] == []
    assert [failure["kind"] for failure in report["failures"]] == []
