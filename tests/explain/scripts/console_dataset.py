"""Plain multiprocessing, no torch: run with `python -c "$(cat console_dataset.py)"`.

The class lives in a __main__ without a file, so a spawned child cannot find it.
"""
import multiprocessing


class Sample:
    def __init__(self, value):
        self.value = value


def show(sample):
    print(sample.value)


if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=show, args=(Sample(3),))
    child.start()
    child.join()
