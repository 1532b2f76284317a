"""Rule documentation printed by ``loaderdoctor rule CODE``, in ruff's sections.

``rule.<CODE>.summary`` is the one-line description that ``loaderdoctor rule``
lists; ``rule.<CODE>.doc`` is the Markdown body with the sections "What it
does", "Why is this bad?", "Example" and "Use instead", and optionally
"Known problems".
"""

MESSAGES = {
    # -- LD001 ------------------------------------------------------------------------
    "rule.LD001.summary": {
        "en": "DataLoader workers started while a module is being imported",
        "zh-CN": "在模块导入期间启动了 DataLoader worker",
    },
    "rule.LD001.doc": {
        "en": """\
## What it does
Finds DataLoader iterations that run while a module is being imported: at
module level, or in a function that a module-level statement calls, in the
same file, in another module of the project, or in a known library helper
such as d2l's `train_ch3`. It reports only loaders whose `num_workers` may
be above 0, and shows the chain of calls from the module-level statement to
the iteration and where `num_workers` got its value.

## Why is this bad?
Under the spawn start method (always on Windows, the default on macOS, and
on Linux from Python 3.14, whose forkserver also re-imports the script),
every DataLoader worker starts a new interpreter and imports the main script
again as `__mp_main__`. Module-level code runs again in each worker; when it
iterates the loader, the worker tries to start workers of its own before it
has finished starting, and multiprocessing raises "An attempt has been made
to start a new process before the current process has finished its
bootstrapping phase". The parent then reports "DataLoader worker exited
unexpectedly".

Iteration means a `for` loop, a comprehension, `iter()` or `next(iter())`,
`enumerate`, `zip`, `list`, `tqdm(...)`, a function that iterates a loader
it receives, or a method reached through `self`. Building a DataLoader at
module level does not start workers and is not reported.

## Example
```python
from torch.utils.data import DataLoader

loader = DataLoader(dataset, batch_size=64, num_workers=4)
for images, labels in loader:
    train_step(images, labels)
```

## Use instead
```python
from torch.utils.data import DataLoader


def main():
    loader = DataLoader(dataset, batch_size=64, num_workers=4)
    for images, labels in loader:
        train_step(images, labels)


if __name__ == "__main__":
    main()
```

## Fix safety
`--fix` moves the module-level statements that start workers, and the ones
after them that must run with them, into a `main()` function called under
`if __name__ == "__main__":`. Imports, functions, classes and the constants
that they use stay at module level, so workers still find them. The fix is
unsafe, and applied only with `--unsafe-fixes`, when a name that another
module of the project imports would move into `main()`, when a function or
class that may run in a worker reads a moved name, or when the module is
imported only for its side effects. The message says which.

## Known problems
The check follows only code that it can read: the file, the project's own
modules and its built-in catalog of library helpers. A value of
`num_workers` that cannot be determined statically is reported as unknown.
`0 if os.name == "nt" else 4` is safe on Windows only, and the message says
so. In a notebook the rule does not apply, because the kernel's `__main__`
is never imported again.
""",
        "zh-CN": """\
## 作用
查找在模块导入期间就会执行的 DataLoader 遍历：位于模块顶层，或位于模块顶层语句
调用的函数中，无论该函数在同一文件、项目的其他模块，还是已知的库辅助函数（例如
d2l 的 `train_ch3`）中。只报告 `num_workers` 可能大于 0 的 loader，并给出从模块
顶层语句到遍历位置的调用链，以及 `num_workers` 的取值来源。

## 为什么不好？
在 spawn 启动方式下（Windows 上总是如此，macOS 上是默认方式，Linux 上从
Python 3.14 起默认的 forkserver 也会重新导入脚本），每个 DataLoader worker 都会
启动新的解释器，并以 `__mp_main__` 的身份重新导入主脚本。模块顶层的代码会在每个
worker 中再执行一遍；如果其中遍历了 loader，worker 就会在自身尚未启动完成时试图
再启动自己的 worker，multiprocessing 于是抛出 "An attempt has been made to start
a new process before the current process has finished its bootstrapping phase"，
随后父进程报告 "DataLoader worker exited unexpectedly"。

遍历包括 `for` 循环、推导式、`iter()` 或 `next(iter())`、`enumerate`、`zip`、
`list`、`tqdm(...)`、遍历其参数的函数，以及通过 `self` 调用到的方法。只在模块顶层
创建 DataLoader 不会启动 worker，不会被报告。

## 示例
```python
from torch.utils.data import DataLoader

loader = DataLoader(dataset, batch_size=64, num_workers=4)
for images, labels in loader:
    train_step(images, labels)
```

## 改为
```python
from torch.utils.data import DataLoader


def main():
    loader = DataLoader(dataset, batch_size=64, num_workers=4)
    for images, labels in loader:
        train_step(images, labels)


if __name__ == "__main__":
    main()
```

## 修复的安全性
`--fix` 会把启动 worker 的模块顶层语句，以及其后必须与它们一起运行的语句，移进一个在 `if __name__ == "__main__":` 下调用的 `main()` 函数。import、函数、类以及它们用到的常量留在模块顶层，worker 仍然能找到它们。如果项目中另一个模块导入的名字会被移进 `main()`，如果可能在 worker 中运行的函数或类读取了被移走的名字，或者该模块只是为了副作用而被导入，修复就是不安全的，只有加上 `--unsafe-fixes` 才会应用。消息会说明是哪种情况。

## 已知问题
本检查只跟踪它能读到的代码：当前文件、项目自己的模块，以及内置的库辅助函数目录。
无法静态确定的 `num_workers` 会被报告为未知。`0 if os.name == "nt" else 4` 只在
Windows 上安全，消息中会说明这一点。在 notebook 中本规则不适用，因为内核的
`__main__` 不会被重新导入。
""",
    },
    # -- LD002 ------------------------------------------------------------------------
    "rule.LD002.summary": {
        "en": "Process pool, process or executor started while a module is being imported",
        "zh-CN": "在模块导入期间启动了进程池、进程或执行器",
    },
    "rule.LD002.doc": {
        "en": """\
## What it does
Finds child processes started while a module is being imported, by starters
other than DataLoader: `multiprocessing` and `torch.multiprocessing`
`Pool(...)` and `Process(...).start()`, `concurrent.futures.ProcessPoolExecutor`
(at its first `submit` or `map`), `torch.multiprocessing.spawn` and
`start_processes`, and Hugging Face `datasets` `map` and `filter` with
`num_proc` above 1. Like LD001, it follows calls made at module level into
functions of the file and of the project.

## Why is this bad?
Under spawn every child process imports the main script again. The
module-level statement that started the pool runs again in the child, which
then tries to start processes while it is still starting up and fails with
the "bootstrapping phase" RuntimeError. A `Pool` keeps replacing its dead
workers, so the program may never end while the same traceback repeats; a
`ProcessPoolExecutor` turns the failure into `BrokenProcessPool`.
`torch.multiprocessing.spawn` always uses spawn, so it fails this way on
every platform.

## Example
```python
import multiprocessing as mp

with mp.Pool(processes=4) as pool:
    features = pool.map(featurize, range(1000))
```

## Use instead
```python
import multiprocessing as mp


def main():
    with mp.Pool(processes=4) as pool:
        features = pool.map(featurize, range(1000))


if __name__ == "__main__":
    main()
```

## Fix safety
The same rewrite as LD001: the statement that starts the pool or process,
and what must run with it, moves into `main()` under the guard. It is unsafe
under the same conditions as LD001's.

## Known problems
A starter that uses the fork start method (`mp.get_context("fork")`) is not
reported. A `datasets.Dataset` is recognised when it comes from a
`datasets` function such as `load_dataset`; a dataset that comes from code
that check cannot read is not followed. In a notebook the rule does not
apply, because the kernel's `__main__` is never imported again.
""",
        "zh-CN": """\
## 作用
查找在模块导入期间由 DataLoader 以外的方式启动的子进程：`multiprocessing` 和
`torch.multiprocessing` 的 `Pool(...)` 与 `Process(...).start()`、
`concurrent.futures.ProcessPoolExecutor`（在第一次 `submit` 或 `map` 时）、
`torch.multiprocessing.spawn` 与 `start_processes`，以及 `num_proc` 大于 1 的
Hugging Face `datasets` 的 `map` 和 `filter`。与 LD001 一样，它会从模块顶层的
调用跟进到本文件和本项目的函数中。

## 为什么不好？
在 spawn 下每个子进程都会重新导入主脚本。启动进程池的那条模块顶层语句会在子进程中
再次执行，子进程于是在尚未启动完成时试图启动新进程，并以 "bootstrapping phase"
RuntimeError 失败。`Pool` 会不断替换死掉的 worker，程序可能永远不会结束，同样的
traceback 反复出现；`ProcessPoolExecutor` 则把失败变成 `BrokenProcessPool`。
`torch.multiprocessing.spawn` 总是使用 spawn，所以在所有平台上都会这样失败。

## 示例
```python
import multiprocessing as mp

with mp.Pool(processes=4) as pool:
    features = pool.map(featurize, range(1000))
```

## 改为
```python
import multiprocessing as mp


def main():
    with mp.Pool(processes=4) as pool:
        features = pool.map(featurize, range(1000))


if __name__ == "__main__":
    main()
```

## 修复的安全性
与 LD001 相同的改写：启动进程池或进程的语句以及必须与它一起运行的代码移进保护代码块下的 `main()`。不安全的条件与 LD001 相同。

## 已知问题
使用 fork 启动方式（`mp.get_context("fork")`）的进程不会被报告。只有来自
`load_dataset` 等 `datasets` 函数的 `datasets.Dataset` 才能被识别；来自本检查
读不到的代码的数据集不会被跟踪。在 notebook 中本规则不适用，因为内核的
`__main__` 不会被重新导入。
""",
    },
    # -- LD003 ------------------------------------------------------------------------
    "rule.LD003.summary": {
        "en": "Code that DataLoader workers need is defined where they cannot import it",
        "zh-CN": "DataLoader worker 需要的代码定义在它们无法导入的位置",
    },
    "rule.LD003.doc": {
        "en": """\
## What it does
Finds classes and named functions that a DataLoader with workers sends to
them (the dataset's class, `collate_fn`, `worker_init_fn`, and the classes
and functions stored on the dataset, such as transforms) when they are
defined where a spawned worker cannot import them:

- inside the `if __name__ == "__main__":` block of a script;
- in a Jupyter notebook;
- in a package's `__main__.py`, which workers never run again when the
  package runs with `python -m`;
- for the dataset's own class, inside a function.

Lambdas, functions defined inside a function, and other classes defined
inside a function are reported by LD004. The `sampler` and `batch_sampler`
stay in the main process, so their classes are not checked.

## Why is this bad?
Under spawn and forkserver, starting a worker pickles the dataset,
`collate_fn` and `worker_init_fn`. Pickle stores a class or function by its
module and name, and the worker imports it again. A spawned worker imports
the script as `__mp_main__`, where the guarded block does not run, so the
definition is missing: "Can't get attribute 'MyDataset' on <module
'__mp_main__'>". A notebook's `__main__` has no file at all, so no guard
helps there. A class defined inside a function cannot be pickled even in
the main process ("Can't pickle local object"); that finding carries the
kind `unpicklable-object`. Under fork (the Linux default before Python 3.14)
nothing is pickled, which is why such code often worked on Linux.

## Example
```python
from torch.utils.data import DataLoader, Dataset

if __name__ == "__main__":
    class Squares(Dataset):
        def __len__(self):
            return 16

        def __getitem__(self, i):
            return i * i

    for batch in DataLoader(Squares(), batch_size=4, num_workers=2):
        print(batch)
```

## Use instead
```python
from torch.utils.data import DataLoader, Dataset


class Squares(Dataset):
    def __len__(self):
        return 16

    def __getitem__(self, i):
        return i * i


if __name__ == "__main__":
    for batch in DataLoader(Squares(), batch_size=4, num_workers=2):
        print(batch)
```

In a notebook, move the class into a .py module next to the notebook (for
example `data.py`) and import it with `from data import Squares`; or use
`num_workers=0` when the notebook runs on Windows or macOS.

## Notebooks
Notebooks are checked cell by cell: code cells are read in order, and
IPython magics (`%time`, `%%bash`) and shell escapes (`!pip ...`) are
skipped. The bodies of `%%time`, `%%timeit`, `%%capture` and `%%prun` cells
are checked as Python. A finding in a notebook names the cell and the line in
the cell (`notebook.ipynb:cell 3:5:1` in text output, `cell` and `cell_line`
in JSON), and its `line` is the line of the .ipynb file that holds that
source line, so an editor opened on the raw file lands on it. LD001, LD002
and LD006 do not apply in a notebook.

## Fix safety
A class or function defined inside the `if __name__ == "__main__":` block
moves to module level, where workers can import it. One defined inside a
function moves out only when it uses nothing from that function. Otherwise
there is no automatic fix and the message says why. Notebooks are never
rewritten.

## Known problems
Only code reached from the module's top level or from its guard is
followed; a loader built in a method that only a framework calls is not
seen. A script meant to be pasted into an interactive console is checked as
a script, where module-level definitions are importable.
""",
        "zh-CN": """\
## 作用
查找带 worker 的 DataLoader 要发送给 worker 的类和具名函数（数据集的类、
`collate_fn`、`worker_init_fn`，以及保存在数据集上的类和函数，例如 transform），
当它们定义在 spawn 出来的 worker 无法导入的位置时报告：

- 脚本的 `if __name__ == "__main__":` 代码块里；
- Jupyter notebook 里；
- 包的 `__main__.py` 里（用 `python -m` 运行包时，worker 不会重新执行它）；
- 对于数据集本身的类：定义在函数内部。

lambda、定义在函数内部的函数，以及其他定义在函数内部的类由 LD004 报告。
`sampler` 和 `batch_sampler` 留在主进程中，所以不检查它们的类。

## 为什么不好？
在 spawn 和 forkserver 下，启动 worker 时会 pickle 数据集、`collate_fn` 和
`worker_init_fn`。pickle 按模块和名称保存类与函数，worker 再重新导入它们。spawn
出来的 worker 以 `__mp_main__` 的身份导入脚本，受保护的代码块不会执行，于是找不到
这些定义："Can't get attribute 'MyDataset' on <module '__mp_main__'>"。notebook 的
`__main__` 根本没有对应的文件，所以加什么保护都没用。定义在函数内部的类在主进程中
就无法 pickle（"Can't pickle local object"），这类报告的 kind 为
`unpicklable-object`。在 fork 下（Python 3.14 之前 Linux 的默认方式）不会 pickle
任何东西，所以这类代码往往在 Linux 上能运行。

## 示例
```python
from torch.utils.data import DataLoader, Dataset

if __name__ == "__main__":
    class Squares(Dataset):
        def __len__(self):
            return 16

        def __getitem__(self, i):
            return i * i

    for batch in DataLoader(Squares(), batch_size=4, num_workers=2):
        print(batch)
```

## 改为
```python
from torch.utils.data import DataLoader, Dataset


class Squares(Dataset):
    def __len__(self):
        return 16

    def __getitem__(self, i):
        return i * i


if __name__ == "__main__":
    for batch in DataLoader(Squares(), batch_size=4, num_workers=2):
        print(batch)
```

在 notebook 中，把类移到 notebook 旁边的 .py 模块里（例如 `data.py`），再用
`from data import Squares` 导入；或者在 Windows、macOS 上运行该 notebook 时使用
`num_workers=0`。

## Notebook
notebook 按单元格检查：按顺序读取代码单元格，跳过 IPython 魔法命令（`%time`、
`%%bash`）和 shell 命令（`!pip ...`）。`%%time`、`%%timeit`、`%%capture` 和
`%%prun` 单元格的内容按 Python 检查。notebook 中的报告会给出单元格编号和单元格内
的行号（文本输出为 `notebook.ipynb:cell 3:5:1`，JSON 中为 `cell` 和
`cell_line`），其 `line` 是 .ipynb 文件中存放该行源码的行，用编辑器打开原始文件
即可定位。LD001、LD002 和 LD006 不适用于 notebook。

## 修复的安全性
定义在 `if __name__ == "__main__":` 代码块中的类或函数会被移到模块顶层，worker 就能导入它。定义在函数内部的类或函数，只有在不使用该函数中任何名字时才会被移出；否则没有自动修复，消息会说明原因。notebook 从不改写。

## 已知问题
只跟踪从模块顶层或保护代码块出发能到达的代码；只由框架调用的方法中创建的 loader
看不到。准备粘贴到交互式控制台中运行的脚本会被当作脚本检查，而脚本中模块顶层的
定义是可以导入的。
""",
    },
    # -- LD004 ------------------------------------------------------------------------
    "rule.LD004.summary": {
        "en": "Lambda, local function or local class sent to DataLoader workers",
        "zh-CN": "lambda、局部函数或局部类被发送给 DataLoader worker",
    },
    "rule.LD004.doc": {
        "en": """\
## What it does
Finds lambdas, functions defined inside another function, and objects of
classes defined inside a function that reach the workers of a DataLoader
with workers: as `collate_fn` or `worker_init_fn`, or stored on the dataset,
for example in a transform pipeline (`transforms.Lambda(lambda x: ...)`,
`Compose([...])`). It follows `functools.partial` objects and the arguments
kept by torchvision transforms and datasets and by `torch.utils.data`
wrappers such as `Subset`.

Named functions defined at module level, methods of module-level classes,
and `functools.partial` of them are fine and are not reported.

## Why is this bad?
Under spawn and forkserver the loader pickles what it sends to each worker.
Pickle stores a function by its module and name; a lambda has no usable name
("Can't pickle <function <lambda>>: attribute lookup <lambda> on __main__
failed") and a local function or class has a name with `<locals>` in it,
which cannot be looked up ("Can't pickle local object
'build.<locals>.collate'"). The error is raised in the main process when the
first worker starts. Under fork (the Linux default before Python 3.14)
nothing is pickled, so such code often worked on Linux until Python 3.14.

## Example
```python
from torch.utils.data import DataLoader


def make_loader(dataset, pad):
    return DataLoader(dataset, batch_size=8, num_workers=4,
                      collate_fn=lambda batch: pad_batch(batch, pad))
```

## Use instead
```python
import functools

from torch.utils.data import DataLoader


def pad_collate(batch, pad):
    return pad_batch(batch, pad)


def make_loader(dataset, pad):
    return DataLoader(dataset, batch_size=8, num_workers=4,
                      collate_fn=functools.partial(pad_collate, pad=pad))
```

## Known problems
Lambdas created in a comprehension and stored in a list are not followed.
A loader built in a method that only a framework calls is not seen. The
dataset's own class, when it is defined inside a function, is reported by
LD003.
""",
        "zh-CN": """\
## 作用
查找被发送给带 worker 的 DataLoader 的 lambda、定义在其他函数内部的函数，以及
定义在函数内部的类的对象：作为 `collate_fn` 或 `worker_init_fn`，或保存在数据集
上，例如在 transform 流水线中（`transforms.Lambda(lambda x: ...)`、
`Compose([...])`）。它会跟进 `functools.partial` 对象、torchvision 的 transform 和
数据集保存的参数，以及 `Subset` 等 `torch.utils.data` 包装器。

在模块顶层定义的具名函数、模块顶层类的方法，以及它们的 `functools.partial` 都没有
问题，不会被报告。

## 为什么不好？
在 spawn 和 forkserver 下，loader 会 pickle 发送给每个 worker 的对象。pickle 按
模块和名称保存函数；lambda 没有可用的名称（"Can't pickle <function <lambda>>:
attribute lookup <lambda> on __main__ failed"），局部函数或局部类的名称中带有
`<locals>`，无法查找（"Can't pickle local object 'build.<locals>.collate'"）。
错误在主进程启动第一个 worker 时抛出。在 fork 下（Python 3.14 之前 Linux 的默认
方式）不会 pickle 任何东西，所以这类代码往往在 Linux 上一直能运行，直到
Python 3.14。

## 示例
```python
from torch.utils.data import DataLoader


def make_loader(dataset, pad):
    return DataLoader(dataset, batch_size=8, num_workers=4,
                      collate_fn=lambda batch: pad_batch(batch, pad))
```

## 改为
```python
import functools

from torch.utils.data import DataLoader


def pad_collate(batch, pad):
    return pad_batch(batch, pad)


def make_loader(dataset, pad):
    return DataLoader(dataset, batch_size=8, num_workers=4,
                      collate_fn=functools.partial(pad_collate, pad=pad))
```

## 已知问题
在推导式中创建并存入列表的 lambda 不会被跟踪。只由框架调用的方法中创建的 loader
看不到。定义在函数内部的数据集类本身由 LD003 报告。
""",
    },
    # -- LD005 ------------------------------------------------------------------------
    "rule.LD005.summary": {
        "en": "Dataset keeps an open handle, lock, generator or module that workers cannot receive",
        "zh-CN": "数据集持有 worker 无法接收的打开句柄、锁、生成器或模块",
    },
    "rule.LD005.doc": {
        "en": """\
## What it does
Finds objects sent to DataLoader workers that keep, on `self`, something
pickle cannot store: an open file (`open`, `gzip.open`, `zipfile.ZipFile`,
`tarfile.open`), an `h5py.File`, an LMDB environment, a `sqlite3` or other
database connection, a `threading` lock, a socket, a generator, or a module
object. The finding points at the statement that stores it, usually in
`__init__`. Classes that define `__getstate__`, `__reduce__` or
`__reduce_ex__` control their pickled state and are not reported.

## Why is this bad?
Under spawn and forkserver the dataset is pickled for every worker. Pickling
fails in the main process with errors such as "cannot pickle
'_io.BufferedReader' object", "h5py objects cannot be pickled", "cannot
pickle 'Environment' object" or "cannot pickle '_thread.lock' object". Even
under fork, sharing one open HDF5 or LMDB handle between processes is
unsafe.

## Example
```python
import h5py
from torch.utils.data import Dataset


class Frames(Dataset):
    def __init__(self, path):
        self.file = h5py.File(path, "r")

    def __len__(self):
        return len(self.file["x"])

    def __getitem__(self, i):
        return self.file["x"][i]
```

## Use instead
```python
import h5py
from torch.utils.data import Dataset


class Frames(Dataset):
    def __init__(self, path):
        self.path = path
        self.file = None
        with h5py.File(path, "r") as file:
            self.length = len(file["x"])

    def __len__(self):
        return self.length

    def __getitem__(self, i):
        if self.file is None:
            # Opened once in each worker, on first use.
            self.file = h5py.File(self.path, "r")
        return self.file["x"][i]

    def __getstate__(self):
        state = self.__dict__.copy()
        state["file"] = None
        return state
```

## Known problems
Handles kept in containers built by comprehensions, and handles opened by
library code that check cannot read, are not seen. A module is recognised
when it was bound by an `import` statement in the analysed files.
`multiprocessing` locks are not reported: they can be passed to workers
when they start.
""",
        "zh-CN": """\
## 作用
查找被发送给 DataLoader worker 的对象在 `self` 上保存了 pickle 无法保存的东西：
打开的文件（`open`、`gzip.open`、`zipfile.ZipFile`、`tarfile.open`）、
`h5py.File`、LMDB 环境、`sqlite3` 或其他数据库连接、`threading` 锁、socket、
生成器或模块对象。报告指向保存它的语句，通常在 `__init__` 中。定义了
`__getstate__`、`__reduce__` 或 `__reduce_ex__` 的类自行控制被 pickle 的状态，
不会被报告。

## 为什么不好？
在 spawn 和 forkserver 下，数据集会为每个 worker pickle 一次。pickle 在主进程中
就会失败，错误如 "cannot pickle '_io.BufferedReader' object"、"h5py objects
cannot be pickled"、"cannot pickle 'Environment' object" 或 "cannot pickle
'_thread.lock' object"。即使在 fork 下，在多个进程之间共享同一个打开的 HDF5 或
LMDB 句柄也不安全。

## 示例
```python
import h5py
from torch.utils.data import Dataset


class Frames(Dataset):
    def __init__(self, path):
        self.file = h5py.File(path, "r")

    def __len__(self):
        return len(self.file["x"])

    def __getitem__(self, i):
        return self.file["x"][i]
```

## 改为
```python
import h5py
from torch.utils.data import Dataset


class Frames(Dataset):
    def __init__(self, path):
        self.path = path
        self.file = None
        with h5py.File(path, "r") as file:
            self.length = len(file["x"])

    def __len__(self):
        return self.length

    def __getitem__(self, i):
        if self.file is None:
            # 在每个 worker 中首次使用时打开一次。
            self.file = h5py.File(self.path, "r")
        return self.file["x"][i]

    def __getstate__(self):
        state = self.__dict__.copy()
        state["file"] = None
        return state
```

## 已知问题
保存在由推导式构建的容器中的句柄，以及由本检查读不到的库代码打开的句柄，都看不到。
只有在被分析的文件中由 `import` 语句绑定的模块才会被识别为模块。`multiprocessing`
的锁不会被报告：它们可以在 worker 启动时传递过去。
""",
    },
    # -- LD006 ------------------------------------------------------------------------
    "rule.LD006.summary": {
        "en": "set_start_method called at module level, or after the start method is fixed",
        "zh-CN": "在模块顶层调用 set_start_method，或在启动方式已确定后再调用",
    },
    "rule.LD006.doc": {
        "en": """\
## What it does
Finds `multiprocessing.set_start_method(...)` and
`torch.multiprocessing.set_start_method(...)` calls without `force=True`
that run while a module is being imported (also through an imported module
that calls it at its top level), and calls that run after the start method
was already fixed by an earlier call, by `get_start_method()` or
`get_context()`, or by starting processes or DataLoader workers.

## Why is this bad?
A spawned child sets the parent's start method before it imports the main
script again. When the script calls `set_start_method` at module level, the
call runs again in every child and raises "RuntimeError: context has already
been set"; with a DataLoader the parent then reports that a worker exited
unexpectedly. A second call in the same process raises the same error at
once.

## Example
```python
import torch.multiprocessing as mp

mp.set_start_method("spawn")


def main():
    ...


if __name__ == "__main__":
    main()
```

## Use instead
```python
import torch.multiprocessing as mp


def main():
    ...


if __name__ == "__main__":
    mp.set_start_method("spawn")
    main()
```

Or leave the global start method alone and choose it where it is needed:
`DataLoader(..., multiprocessing_context="spawn")` or
`mp.get_context("spawn").Pool()`.

## Fix safety
The `set_start_method(...)` call moves under `if __name__ == "__main__":`
together with the code that starts processes. A second call after the start
method was already fixed has no automatic fix.

## Known problems
A call with `force=True` is not reported: it replaces the start method
without an error. Neither is a call inside a `try` whose `except` clause
catches `RuntimeError`, nor one behind an `if` that tests
`get_start_method(...)`. Only earlier calls that run on every path count as fixing
the start method; one inside an `if`, a loop or an `except` clause does
not. A call that sets `"fork"` at module level is not reported, because
forked children do not import the script again. In a notebook the rule does
not apply.
""",
        "zh-CN": """\
## 作用
查找在模块导入期间执行、且没有 `force=True` 的
`multiprocessing.set_start_method(...)` 和
`torch.multiprocessing.set_start_method(...)` 调用（包括被导入的模块在其顶层调用
的情况），以及在启动方式已经被确定之后才执行的调用：之前的另一次调用、
`get_start_method()` 或 `get_context()`、启动进程或 DataLoader worker 都会确定
启动方式。

## 为什么不好？
spawn 出来的子进程在重新导入主脚本之前，会先设置成父进程的启动方式。如果脚本在
模块顶层调用 `set_start_method`，这个调用会在每个子进程中再次执行，并抛出
"RuntimeError: context has already been set"；使用 DataLoader 时，父进程随后会
报告 worker 意外退出。在同一进程中第二次调用会立即抛出同样的错误。

## 示例
```python
import torch.multiprocessing as mp

mp.set_start_method("spawn")


def main():
    ...


if __name__ == "__main__":
    main()
```

## 改为
```python
import torch.multiprocessing as mp


def main():
    ...


if __name__ == "__main__":
    mp.set_start_method("spawn")
    main()
```

或者不改全局启动方式，在需要的地方指定：
`DataLoader(..., multiprocessing_context="spawn")` 或
`mp.get_context("spawn").Pool()`。

## 修复的安全性
`set_start_method(...)` 调用会和启动进程的代码一起移到 `if __name__ == "__main__":` 下。在启动方式已经确定之后的第二次调用没有自动修复。

## 已知问题
带 `force=True` 的调用不会被报告：它会替换启动方式而不报错。位于 `except` 子句捕获
`RuntimeError` 的 `try` 中的调用，以及位于检查 `get_start_method(...)` 的 `if` 之后的
调用，也不会被报告。只有在每条执行路径上
都会执行的更早调用才算确定了启动方式；位于 `if`、循环或 `except` 子句中的调用不算。
在模块顶层设置 `"fork"` 的调用不会被报告，因为 fork 出来的子进程不会重新导入脚本。
在 notebook 中本规则不适用。
""",
    },
}
