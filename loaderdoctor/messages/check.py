"""Messages of ``loaderdoctor check``: findings, the report around them, errors."""

MESSAGES = {
    "check.platform.windows": {"en": "Windows", "zh-CN": "Windows"},
    "check.platform.macos": {"en": "macOS", "zh-CN": "macOS"},
    "check.platform.linux": {"en": "Linux", "zh-CN": "Linux"},
    "check.platform.linux-314": {
        "en": "Linux from Python 3.14",
        "zh-CN": "Python 3.14 起的 Linux",
    },
    "check.list.join": {"en": "{items} and {last}", "zh-CN": "{items} 和 {last}"},
    "check.list.separator": {"en": ", ", "zh-CN": "、"},
    "check.sentence.separator": {"en": ". ", "zh-CN": "。"},
    "check.where.line": {"en": "line {line}", "zh-CN": "第 {line} 行"},
    "check.value.unknown": {"en": "unknown", "zh-CN": "未知"},
    "check.LD001.message": {
        "en": (
            "DataLoader workers start while this module is being imported (num_workers={workers}, "
            "started at {start}); under spawn every worker re-imports the module, "
            "runs this line again and fails"
        ),
        "zh-CN": (
            "本模块在导入期间就启动了 DataLoader worker（num_workers={workers}，在{start}启动）；"
            "在 spawn 下每个 worker 都会重新导入本模块、再次执行这一行，于是失败"
        ),
    },
    "check.LD001.message-unknown": {
        "en": (
            "A DataLoader is iterated while this module is being imported ({start}) "
            "with `{expression}`, whose value cannot be determined statically; if num_workers is "
            "above 0, every spawned worker re-imports the module, runs this line again and fails"
        ),
        "zh-CN": (
            "本模块在导入期间就遍历了 DataLoader（{start}），其 `{expression}` 的值无法静态确定；"
            "只要 num_workers 大于 0，每个 spawn 出来的 worker 都会重新导入本模块、再次执行这一行，于是失败"
        ),
    },
    "check.LD001.platforms": {
        "en": "This fails on {where}",
        "zh-CN": "这会在 {where} 上失败",
    },
    "check.LD001.platforms-except": {
        "en": "num_workers is 0 only on {safe}, so this still fails on {where}",
        "zh-CN": "num_workers 只在 {safe} 上为 0，所以在 {where} 上仍会失败",
    },
    "check.LD001.partly-unknown": {
        "en": "Some values of num_workers cannot be determined statically",
        "zh-CN": "num_workers 的部分取值无法静态确定",
    },
    "check.LD001.help": {
        "en": 'Move the module-level code into a function such as `main()` and call it under `if __name__ == "__main__":`',
        "zh-CN": '把模块顶层的代码移进 `main()` 之类的函数，并在 `if __name__ == "__main__":` 下调用它',
    },
    "check.where.cell": {"en": "cell {cell}, line {line}", "zh-CN": "第 {cell} 个单元格第 {line} 行"},
    # Two sentences of one message: a space between them in English, none in Chinese.
    "check.sentence.join": {"en": "{first} {second}", "zh-CN": "{first}{second}"},
    # Shared by the rules that look at what workers receive (LD003 to LD005).
    "check.workers.platforms": {
        "en": "This fails under spawn and forkserver: on {where}; under fork (the Linux default before Python 3.14) it works.",
        "zh-CN": "这在 spawn 和 forkserver 下会失败：即在 {where} 上；在 fork 下（Python 3.14 之前 Linux 的默认方式）则没有问题。",
    },
    "check.workers.context-spawn": {
        "en": 'The DataLoader asks for multiprocessing_context="{method}", so this fails on every platform.',
        "zh-CN": 'DataLoader 指定了 multiprocessing_context="{method}"，所以在所有平台上都会失败。',
    },
    "check.workers.unknown": {
        "en": "This matters only if `{expression}` is above 0, and its value cannot be determined statically.",
        "zh-CN": "只有当 `{expression}` 大于 0 时才会出问题，而它的值无法静态确定。",
    },
    "check.LD002.message": {
        "en": (
            "`{starter}` starts child processes while this module is being imported (at {start}); "
            "under spawn every child re-imports the module, runs this line again and fails."
        ),
        "zh-CN": (
            "本模块在导入期间就通过 `{starter}` 启动了子进程（在{start}）；"
            "在 spawn 下每个子进程都会重新导入本模块、再次执行这一行，于是失败。"
        ),
    },
    "check.LD002.platforms": {
        "en": "This fails on {where}.",
        "zh-CN": "这会在 {where} 上失败。",
    },
    "check.LD002.always-spawn": {
        "en": "`{starter}` always uses spawn, so this fails on every platform and every Python version.",
        "zh-CN": "`{starter}` 总是使用 spawn，所以在所有平台、所有 Python 版本上都会失败。",
    },
    "check.LD002.spawn-method": {
        "en": 'The start method here is "{method}", so this fails on every platform.',
        "zh-CN": '这里的启动方式是 "{method}"，所以在所有平台上都会失败。',
    },
    "check.LD002.num-proc-unknown": {
        "en": "The value of num_proc cannot be determined statically; a pool starts only if it is above 1.",
        "zh-CN": "num_proc 的值无法静态确定；只有它大于 1 时才会启动进程池。",
    },
    "check.LD002.help": {
        "en": 'Move the code that starts processes into a function such as `main()` and call it under `if __name__ == "__main__":`',
        "zh-CN": '把启动进程的代码移进 `main()` 之类的函数，并在 `if __name__ == "__main__":` 下调用它',
    },
    "check.LD003.message.guard": {
        "en": (
            '`{name}` is defined inside the `if __name__ == "__main__":` block, and the DataLoader at {loader} '
            "sends it to its workers through `{role}` (num_workers={workers}); a spawned worker re-imports this file "
            "as `__mp_main__`, skips the block and cannot find `{name}`."
        ),
        "zh-CN": (
            '`{name}` 定义在 `if __name__ == "__main__":` 代码块里，而位于{loader}的 DataLoader 会通过 `{role}` '
            "把它发送给 worker（num_workers={workers}）；spawn 出来的 worker 以 `__mp_main__` 的身份重新导入本文件，"
            "不会执行该代码块，因此找不到 `{name}`。"
        ),
    },
    "check.LD003.message.notebook": {
        "en": (
            "`{name}` is defined in the notebook, and the DataLoader at {loader} sends it to its workers through "
            "`{role}` (num_workers={workers}); the notebook's `__main__` has no file, so spawned workers cannot "
            'import `{name}`, and an `if __name__ == "__main__":` guard does not change that.'
        ),
        "zh-CN": (
            "`{name}` 定义在 notebook 里，而位于{loader}的 DataLoader 会通过 `{role}` 把它发送给 worker"
            "（num_workers={workers}）；notebook 的 `__main__` 没有对应的文件，spawn 出来的 worker 无法导入 `{name}`，"
            '加上 `if __name__ == "__main__":` 保护也无济于事。'
        ),
    },
    "check.LD003.message.main-package": {
        "en": (
            "`{name}` is defined in the package's `__main__.py`, and the DataLoader at {loader} sends it to its "
            "workers through `{role}` (num_workers={workers}); when the package runs with `python -m`, spawned "
            "workers do not run `__main__.py` again and cannot find `{name}`."
        ),
        "zh-CN": (
            "`{name}` 定义在包的 `__main__.py` 里，而位于{loader}的 DataLoader 会通过 `{role}` 把它发送给 worker"
            "（num_workers={workers}）；用 `python -m` 运行包时，spawn 出来的 worker 不会重新执行 `__main__.py`，"
            "因此找不到 `{name}`。"
        ),
    },
    "check.LD003.message.local-dataset": {
        "en": (
            "The dataset class `{name}` is defined inside function `{function}`, and the DataLoader at {loader} "
            "sends the dataset to its workers (num_workers={workers}); pickle finds classes by module and name, "
            "so it rejects this local class in the main process (`Can't pickle local object`)."
        ),
        "zh-CN": (
            "数据集类 `{name}` 定义在函数 `{function}` 内部，而位于{loader}的 DataLoader 会把数据集发送给 worker"
            "（num_workers={workers}）；pickle 按模块和名称查找类，所以在主进程中就会拒绝这个局部类"
            "（`Can't pickle local object`）。"
        ),
    },
    "check.LD003.help.guard": {
        "en": 'Move `{name}` to module level, above the `if __name__ == "__main__":` block, and keep only the statements that run things under it',
        "zh-CN": '把 `{name}` 移到模块顶层、`if __name__ == "__main__":` 代码块之前，代码块里只保留真正执行任务的语句',
    },
    "check.LD003.help.notebook": {
        "en": "Move `{name}` into a .py module next to the notebook and import it from there, or use num_workers=0 when the notebook runs on Windows or macOS",
        "zh-CN": "把 `{name}` 移到 notebook 旁边的 .py 模块里再导入；或者在 Windows、macOS 上运行该 notebook 时使用 num_workers=0",
    },
    "check.LD003.help.main-package": {
        "en": "Move `{name}` into another module of the package and import it in `__main__.py`",
        "zh-CN": "把 `{name}` 移到包内的其他模块里，再在 `__main__.py` 中导入它",
    },
    "check.LD003.help.local-dataset": {
        "en": "Define `{name}` at module level and pass the values it uses from `{function}` to its constructor",
        "zh-CN": "在模块顶层定义 `{name}`，把它从 `{function}` 中用到的值作为构造函数参数传入",
    },
    "check.LD004.message.lambda": {
        "en": (
            "A lambda reaches the workers of the DataLoader at {loader} through `{role}` (num_workers={workers}); "
            "spawn and forkserver pickle it, and pickle cannot store a lambda (`{qualname}`)."
        ),
        "zh-CN": (
            "一个 lambda 通过 `{role}` 被发送给位于{loader}的 DataLoader 的 worker（num_workers={workers}）；"
            "spawn 和 forkserver 需要 pickle 它，而 pickle 无法保存 lambda（`{qualname}`）。"
        ),
    },
    "check.LD004.message.nested-function": {
        "en": (
            "`{qualname}` is defined inside function `{function}` and reaches the workers of the DataLoader at "
            "{loader} through `{role}` (num_workers={workers}); pickle stores functions by module and name, so it "
            "rejects local functions (`Can't pickle local object`)."
        ),
        "zh-CN": (
            "`{qualname}` 定义在函数 `{function}` 内部，并通过 `{role}` 被发送给位于{loader}的 DataLoader 的 worker"
            "（num_workers={workers}）；pickle 按模块和名称保存函数，所以会拒绝局部函数（`Can't pickle local object`）。"
        ),
    },
    "check.LD004.message.local-class": {
        "en": (
            "`{qualname}` is a class defined inside function `{function}`, and an object of it reaches the workers "
            "of the DataLoader at {loader} through `{role}` (num_workers={workers}); pickle finds classes by module "
            "and name, so it rejects local classes (`Can't pickle local object`)."
        ),
        "zh-CN": (
            "`{qualname}` 是定义在函数 `{function}` 内部的类，它的对象通过 `{role}` 被发送给位于{loader}的 DataLoader 的 worker"
            "（num_workers={workers}）；pickle 按模块和名称查找类，所以会拒绝局部类（`Can't pickle local object`）。"
        ),
    },
    "check.LD004.help.lambda": {
        "en": "Replace the lambda with a function defined at module level with `def`; bind per-loader values with `functools.partial`",
        "zh-CN": "用在模块顶层以 `def` 定义的函数代替这个 lambda；每个 loader 各自的参数用 `functools.partial` 绑定",
    },
    "check.LD004.help.nested-function": {
        "en": "Define `{name}` at module level and bind the values it uses from `{function}` with `functools.partial`, or use a small callable class",
        "zh-CN": "在模块顶层定义 `{name}`，用 `functools.partial` 绑定它从 `{function}` 中用到的值，或者改用一个小的可调用类",
    },
    "check.LD004.help.local-class": {
        "en": "Define `{name}` at module level and pass the values it uses from `{function}` to its constructor",
        "zh-CN": "在模块顶层定义 `{name}`，把它从 `{function}` 中用到的值作为构造函数参数传入",
    },
    "check.LD005.message": {
        "en": (
            "`{owner}` holds {resource}, and the DataLoader at {loader} pickles it for every worker through `{role}` "
            "(num_workers={workers}); pickle cannot store {resource}."
        ),
        "zh-CN": (
            "`{owner}` 持有{resource}，而位于{loader}的 DataLoader 会通过 `{role}` 为每个 worker pickle 它"
            "（num_workers={workers}）；pickle 无法保存{resource}。"
        ),
    },
    "check.LD005.resource.file": {"en": "an open file", "zh-CN": "一个打开的文件"},
    "check.LD005.resource.zip": {"en": "an open zip archive", "zh-CN": "一个打开的 zip 压缩包"},
    "check.LD005.resource.tar": {"en": "an open tar archive", "zh-CN": "一个打开的 tar 压缩包"},
    "check.LD005.resource.h5py": {"en": "an open h5py file", "zh-CN": "一个打开的 h5py 文件"},
    "check.LD005.resource.hdf5": {"en": "an open HDF5 file", "zh-CN": "一个打开的 HDF5 文件"},
    "check.LD005.resource.netcdf": {"en": "an open netCDF file", "zh-CN": "一个打开的 netCDF 文件"},
    "check.LD005.resource.lmdb": {"en": "an LMDB environment", "zh-CN": "一个 LMDB 环境"},
    "check.LD005.resource.sqlite": {"en": "a SQLite connection", "zh-CN": "一个 SQLite 连接"},
    "check.LD005.resource.database": {"en": "a database connection", "zh-CN": "一个数据库连接"},
    "check.LD005.resource.lock": {"en": "a lock", "zh-CN": "一个锁"},
    "check.LD005.resource.socket": {"en": "a socket", "zh-CN": "一个 socket"},
    "check.LD005.resource.video": {"en": "an open video capture", "zh-CN": "一个打开的视频捕获对象"},
    "check.LD005.resource.writer": {
        "en": "a TensorBoard writer (with a background thread)",
        "zh-CN": "一个 TensorBoard writer（带后台线程）",
    },
    "check.LD005.resource.generator": {"en": "a generator", "zh-CN": "一个生成器"},
    "check.LD005.resource.module": {"en": "a module object", "zh-CN": "一个模块对象"},
    "check.LD005.help.reopen": {
        "en": (
            "Keep only the path in `__init__` and open it in the worker on first use (in `__getitem__` or "
            "`worker_init_fn`); if the main process opens it too, drop it in `__getstate__`"
        ),
        "zh-CN": (
            "`__init__` 里只保存路径，在 worker 中首次使用时再打开（在 `__getitem__` 或 `worker_init_fn` 中）；"
            "如果主进程也会打开它，就在 `__getstate__` 中把它去掉"
        ),
    },
    "check.LD005.help.recreate": {
        "en": "Create it in each process: drop it in `__getstate__` and create it again in `__setstate__`",
        "zh-CN": "在每个进程中各自创建：在 `__getstate__` 中去掉它，在 `__setstate__` 中重新创建",
    },
    "check.LD005.help.generator": {
        "en": (
            "Store the data (for example `list(...)`) or the arguments that create the generator, and create it "
            "in the worker, for example in `__iter__` of an IterableDataset"
        ),
        "zh-CN": (
            "保存数据本身（例如 `list(...)`）或创建生成器所需的参数，在 worker 中再创建生成器，"
            "例如在 IterableDataset 的 `__iter__` 中"
        ),
    },
    "check.LD005.help.module": {
        "en": "Store the module's name and import it where it is used, for example with `importlib.import_module(name)`",
        "zh-CN": "只保存模块名，在用到的地方再导入，例如用 `importlib.import_module(name)`",
    },
    "check.LD006.message": {
        "en": (
            "`set_start_method({method})` runs while this module is being imported (at {call}); a spawned child "
            "sets its start method before it re-imports the module, so this call raises `context has already been set` "
            "in every child."
        ),
        "zh-CN": (
            "本模块在导入期间就执行了 `set_start_method({method})`（在{call}）；spawn 出来的子进程在重新导入本模块之前"
            "已经设置好启动方式，所以这个调用会在每个子进程中抛出 `context has already been set`。"
        ),
    },
    "check.LD006.message-second": {
        "en": (
            "`set_start_method({method})` runs after the start method was already fixed at {earlier} by {reason}; "
            "without `force=True` this call raises `context has already been set`."
        ),
        "zh-CN": (
            "`set_start_method({method})` 执行时，启动方式已经在{earlier}由{reason}确定；"
            "不加 `force=True` 时这个调用会抛出 `context has already been set`。"
        ),
    },
    "check.LD006.fixed-by.set": {"en": "another `set_start_method` call", "zh-CN": "另一个 `set_start_method` 调用"},
    "check.LD006.fixed-by.call": {"en": "`{call}`", "zh-CN": "`{call}`"},
    "check.LD006.fixed-by.process": {"en": "starting `{starter}`", "zh-CN": "启动 `{starter}`"},
    "check.LD006.fixed-by.workers": {
        "en": "starting DataLoader workers",
        "zh-CN": "启动 DataLoader worker",
    },
    "check.LD006.help": {
        "en": (
            'Call `set_start_method` once, under `if __name__ == "__main__":`, or leave the global start method '
            'alone and pass `multiprocessing_context="spawn"` to the DataLoader'
        ),
        "zh-CN": (
            '只在 `if __name__ == "__main__":` 下调用一次 `set_start_method`；或者不改全局启动方式，'
            '而是给 DataLoader 传入 `multiprocessing_context="spawn"`'
        ),
    },
    # Notebooks that cannot be read.
    "check.notebook.invalid-json": {
        "en": "not a valid notebook: invalid JSON at line {line}, column {column}: {error}",
        "zh-CN": "不是有效的 notebook：第 {line} 行第 {column} 列的 JSON 无效：{error}",
    },
    "check.notebook.not-utf8": {
        "en": "not a valid notebook: the file is not UTF-8 ({error})",
        "zh-CN": "不是有效的 notebook：文件不是 UTF-8 编码（{error}）",
    },
    "check.notebook.no-cells": {
        "en": 'not a valid notebook: no list of cells under "cells"',
        "zh-CN": '不是有效的 notebook："cells" 下没有单元格列表',
    },
    "check.notebook.old-format": {
        "en": "nbformat {version} notebooks are not supported",
        "zh-CN": "不支持 nbformat {version} 格式的 notebook",
    },
    "check.notebook.bad-cell": {
        "en": "not a valid notebook: the source of cell {cell} is neither a string nor a list of strings",
        "zh-CN": "不是有效的 notebook：第 {cell} 个单元格的 source 既不是字符串也不是字符串列表",
    },
    "check.notebook.syntax-error": {
        "en": "syntax error in cell {cell}, line {line}: {error}",
        "zh-CN": "第 {cell} 个单元格第 {line} 行有语法错误：{error}",
    },
    "check.notebook.hint-resave": {
        "en": "open the notebook in Jupyter and save it again (Jupyter writes nbformat 4)",
        "zh-CN": "在 Jupyter 中打开该 notebook 并重新保存（Jupyter 会以 nbformat 4 格式保存）",
    },
    "check.notebook.hint-syntax": {
        "en": "fix the cell, or run it once in Jupyter to see the error",
        "zh-CN": "修正该单元格，或在 Jupyter 中运行一次查看错误",
    },
    "check.report.chain": {
        "en": "chain (the module-level statement first, the worker start last):",
        "zh-CN": "调用链（第一行是模块顶层语句，最后一行是启动 worker 的位置）：",
    },
    "check.report.chain-process": {
        "en": "chain (the module-level statement first, the process start last):",
        "zh-CN": "调用链（第一行是模块顶层语句，最后一行是启动子进程的位置）：",
    },
    "check.report.chain-start-method": {
        "en": "chain (the module-level statement first, the `set_start_method` call last):",
        "zh-CN": "调用链（第一行是模块顶层语句，最后一行是调用 `set_start_method` 的位置）：",
    },
    "check.report.library": {"en": "(library)", "zh-CN": "（库）"},
    "check.report.num-workers": {
        "en": "num_workers={value}, set here:",
        "zh-CN": "num_workers={value}，取值来自：",
    },
    "check.report.help": {"en": "help: {help}", "zh-CN": "建议：{help}"},
    "check.option.fix": {
        "en": "Apply the safe fixes to the files, then report the problems that remain.",
        "zh-CN": "把安全的修复写入文件，然后报告剩下的问题。",
    },
    "check.option.unsafe-fixes": {
        "en": "With --fix or --diff, also apply fixes that may change the program's behaviour.",
        "zh-CN": "与 --fix 或 --diff 一起使用时，也应用可能改变程序行为的修复。",
    },
    "check.option.diff": {
        "en": "Print the fixes as unified diffs instead of writing them; exit with status 1 if there is something to fix.",
        "zh-CN": "以 unified diff 格式打印修复内容而不写入文件；有可修复的内容时以退出码 1 结束。",
    },
    "check.fix.title.main": {
        "en": (
            'Move the module-level code that must not run on import into `{function}()`, called under '
            '`if __name__ == "__main__":`'
        ),
        "zh-CN": '把不能在导入时运行的模块顶层代码移进 `{function}()`，并在 `if __name__ == "__main__":` 下调用它',
    },
    "check.fix.title.lazy": {
        "en": "Compute {names} on first access instead of while the module is imported",
        "zh-CN": "把 {names} 改为在第一次访问时计算，而不是在导入模块时计算",
    },
    "check.fix.title.hoist": {
        "en": "Move `{name}` to module level, where spawned workers can import it",
        "zh-CN": "把 `{name}` 移到模块顶层，让 spawn 出来的 worker 能导入它",
    },
    "check.fix.title.manual": {"en": "No automatic fix", "zh-CN": "没有自动修复"},
    "check.fix.unsafe.worker-reads": {
        "en": (
            "`{user}` uses `{name}`, which `{function}()` would then set; spawned workers import the module "
            "without running `{function}()`, so `{user}` would not find `{name}` there"
        ),
        "zh-CN": (
            "`{user}` 用到了 `{name}`，而修复后 `{name}` 由 `{function}()` 设置；spawn 出来的 worker 导入模块时"
            "不会运行 `{function}()`，所以 `{user}` 在 worker 中找不到 `{name}`"
        ),
    },
    "check.fix.unsafe.worker-mutation": {
        "en": (
            "line {line} changes `{name}`, which `{user}` reads; after the fix that line runs only in the main "
            "process, so spawned workers see `{name}` unchanged"
        ),
        "zh-CN": (
            "第 {line} 行修改了 `{name}`，而 `{user}` 会读取它；修复后这一行只在主进程中运行，"
            "spawn 出来的 worker 看到的是未修改的 `{name}`"
        ),
    },
    "check.fix.unsafe.local-definition": {
        "en": (
            "`{name}` (line {line}) would be defined inside `{function}()`, where spawned workers cannot import it"
        ),
        "zh-CN": "`{name}`（第 {line} 行）会被定义在 `{function}()` 里面，spawn 出来的 worker 无法导入它",
    },
    "check.fix.unsafe.imported-side-effect": {
        "en": (
            "{importer} imports this module; after the fix this code runs only when the file is run as a "
            "script, not when it is imported"
        ),
        "zh-CN": "{importer} 导入了本模块；修复后这段代码只在本文件作为脚本运行时执行，被导入时不再执行",
    },
    "check.fix.unsafe.importer-uses": {
        "en": "{importer} uses `{name}` from this module, and the fix would move `{name}` into `{function}()`",
        "zh-CN": "{importer} 用到了本模块的 `{name}`，而修复会把 `{name}` 移进 `{function}()`",
    },
    "check.fix.unsafe.lazy": {
        "en": (
            "{importer} uses `{name}` from this module, so the code that sets it runs on the first access "
            "instead of during the import; anything that relied on it running during the import changes"
        ),
        "zh-CN": (
            "{importer} 用到了本模块的 `{name}`，所以设置它的代码改为在第一次访问时运行，而不是在导入时运行；"
            "依赖这段代码在导入时运行的地方会受到影响"
        ),
    },
    "check.fix.unsafe.project-too-large": {
        "en": "the project is too large to search completely, so another module may import this one unnoticed",
        "zh-CN": "项目太大，无法完整搜索，可能有其他模块导入了本模块而没有被发现",
    },
    "check.fix.unsafe.guard-global": {
        "en": (
            "`{name}` uses `{variable}`, which is set only in the `if __name__ == \"__main__\":` block; "
            "spawned workers would not have it"
        ),
        "zh-CN": "`{name}` 用到了 `{variable}`，而它只在 `if __name__ == \"__main__\":` 代码块里设置；spawn 出来的 worker 中没有它",
    },
    "check.fix.manual.notebook": {
        "en": "Notebooks are not rewritten; make the change that the help line describes by hand",
        "zh-CN": "不会改写 notebook；请按照建议手动修改",
    },
    "check.fix.manual.unanalysable": {
        "en": "the file cannot be analysed for a fix: {error}",
        "zh-CN": "无法为修复分析该文件：{error}",
    },
    "check.fix.manual.too-deep": {"en": "the code is nested too deeply", "zh-CN": "代码嵌套太深"},
    "check.fix.manual.no-statement": {
        "en": "no module-level statement to move was found at line {line}",
        "zh-CN": "在第 {line} 行没有找到需要移动的模块顶层语句",
    },
    "check.fix.manual.guarded": {
        "en": 'the statement already runs only under `if __name__ == "__main__":`; follow the help line by hand',
        "zh-CN": '该语句已经只在 `if __name__ == "__main__":` 下运行；请按照建议手动修改',
    },
    "check.fix.manual.import": {
        "en": "the code at fault runs in {where} while this line imports that module; fix that file",
        "zh-CN": "出问题的代码位于 {where}，在这一行导入该模块时运行；请修复那个文件",
    },
    "check.fix.manual.definition": {
        "en": "the processes start while `{name}` is being defined (in a decorator or class body); move that code into a function by hand",
        "zh-CN": "进程在定义 `{name}` 时（装饰器或类体中）就启动了；请手动把这段代码移进函数",
    },
    "check.fix.manual.guard-else": {
        "en": 'the `if __name__ == "__main__":` block at line {line} has an `else` branch, which the fix cannot merge',
        "zh-CN": '第 {line} 行的 `if __name__ == "__main__":` 代码块带有 `else` 分支，修复无法合并它',
    },
    "check.fix.manual.shared-line": {
        "en": "line {line} holds statements that would go to different places; put each statement on its own line first",
        "zh-CN": "第 {line} 行有几条语句需要移到不同的位置；请先把每条语句写在单独的一行",
    },
    "check.fix.manual.global": {
        "en": "the code to move contains a `global` or `nonlocal` statement (line {line})",
        "zh-CN": "需要移动的代码中有 `global` 或 `nonlocal` 语句（第 {line} 行）",
    },
    "check.fix.manual.star-import": {
        "en": "the code to move contains `from ... import *` (line {line}), which is not allowed inside a function",
        "zh-CN": "需要移动的代码中有 `from ... import *`（第 {line} 行），函数内部不允许这样写",
    },
    "check.fix.manual.definition-needs-moved": {
        "en": "`{name}` (line {line}) needs `{variable}` when it is defined, and the fix would move `{variable}` into a function",
        "zh-CN": "`{name}`（第 {line} 行）在定义时就需要 `{variable}`，而修复会把 `{variable}` 移进函数",
    },
    "check.fix.manual.rebinding": {
        "en": (
            "line {line} binds `{name}` again after line {reader} reads it; the fix would run line {line} "
            "first, so rename one of them"
        ),
        "zh-CN": "第 {line} 行在第 {reader} 行读取 `{name}` 之后又重新绑定了它；修复后第 {line} 行会先运行，请给其中一个改名",
    },
    "check.fix.manual.import-time-use": {
        "en": (
            "{importer} takes `{name}` from this module while it is itself imported (line {line}); turn the "
            "code into a function and call it from the guarded code of {importer}"
        ),
        "zh-CN": "{importer} 在自身被导入时（第 {line} 行）就读取了本模块的 `{name}`；请把这段代码改写成函数，并在 {importer} 受保护的代码中调用它",
    },
    "check.fix.manual.no-definition": {
        "en": "no class or function definition was found at line {line}",
        "zh-CN": "在第 {line} 行没有找到类或函数的定义",
    },
    "check.fix.manual.already-top-level": {
        "en": "`{name}` is already at module level; follow the help line by hand",
        "zh-CN": "`{name}` 已经位于模块顶层；请按照建议手动修改",
    },
    "check.fix.manual.main-package": {
        "en": "a package's `__main__.py` is never imported by spawned workers, so moving `{name}` within it does not help",
        "zh-CN": "spawn 出来的 worker 从不导入包的 `__main__.py`，所以在该文件内移动 `{name}` 没有用",
    },
    "check.fix.manual.nested-block": {
        "en": "`{name}` is defined inside a nested block (line {line}); move it to module level by hand",
        "zh-CN": "`{name}` 定义在嵌套的代码块中（第 {line} 行）；请手动把它移到模块顶层",
    },
    "check.fix.manual.name-clash": {
        "en": "the name `{name}` is bound more than once, so moving the definition could change which one the code uses",
        "zh-CN": "名称 `{name}` 被绑定了不止一次，移动该定义可能会改变代码用到的是哪一个",
    },
    "check.fix.manual.needs-guard-name": {
        "en": '`{name}` needs `{variable}` when it is defined, and `{variable}` is set in the `if __name__ == "__main__":` block',
        "zh-CN": '`{name}` 在定义时就需要 `{variable}`，而 `{variable}` 是在 `if __name__ == "__main__":` 代码块里设置的',
    },
    "check.fix.manual.closure": {
        "en": "`{name}` uses `{variable}` of the enclosing function `{function}`; pass it in as an argument or attribute instead",
        "zh-CN": "`{name}` 用到了外层函数 `{function}` 的 `{variable}`；请改为通过参数或属性传入",
    },
    "check.fix.code.lazy-comment": {
        "en": (
            "Computed on first access (PEP 562) instead of at import time, so that spawned\n"
            "workers can import this module without starting processes of their own."
        ),
        "zh-CN": "在第一次访问时计算（PEP 562），而不是在导入时计算，\n这样 spawn 出来的 worker 导入本模块时不会再启动自己的进程。",
    },
    "check.fix.error.invalid-result": {
        "en": "the fix produced code that does not parse ({error}, line {line}); the file was left unchanged",
        "zh-CN": "修复生成的代码无法解析（{error}，第 {line} 行）；文件保持不变",
    },
    "check.fix.error.encoding": {
        "en": "the fixed file cannot be stored as {encoding} ({error}); the file was left unchanged",
        "zh-CN": "修复后的文件无法以 {encoding} 编码保存（{error}）；文件保持不变",
    },
    "check.fix.error.changed": {
        "en": "the file changed while it was being fixed; it was left unchanged, run the command again",
        "zh-CN": "文件在修复过程中被修改了；文件保持不变，请重新运行命令",
    },
    "check.fix.error.write": {
        "en": "cannot write the fixed file: {error}",
        "zh-CN": "无法写入修复后的文件：{error}",
    },
    "check.fix.summary.fixed": {
        "en": "Fixed {count} problem(s) in {files} file(s).",
        "zh-CN": "修复了 {files} 个文件中的 {count} 个问题。",
    },
    "check.fix.summary.unsafe-available": {
        "en": "{count} problem(s) can be fixed with --unsafe-fixes.",
        "zh-CN": "有 {count} 个问题可以用 --unsafe-fixes 修复。",
    },
    "check.fix.summary.would-fix": {
        "en": "Would fix {count} problem(s) in {files} file(s).",
        "zh-CN": "将修复 {files} 个文件中的 {count} 个问题。",
    },
    "check.fix.summary.nothing": {"en": "Nothing to fix.", "zh-CN": "没有需要修复的内容。"},
    "check.fix.summary.none": {"en": "No fixes were applied.", "zh-CN": "没有应用任何修复。"},
    "check.report.fix-safe": {
        "en": "fix (--fix): {message}",
        "zh-CN": "修复（--fix）：{message}",
    },
    "check.report.fix-unsafe": {
        "en": "unsafe fix (--fix --unsafe-fixes): {message}. Unsafe because {reasons}.",
        "zh-CN": "不安全的修复（--fix --unsafe-fixes）：{message}。不安全的原因：{reasons}。",
    },
    "check.report.fix-manual": {
        "en": "no automatic fix: {reasons}.",
        "zh-CN": "没有自动修复：{reasons}。",
    },
    "check.report.fix-reasons-separator": {"en": "; ", "zh-CN": "；"},
    "check.report.found": {
        "en": "Found {count} problem(s).",
        "zh-CN": "发现 {count} 个问题。",
    },
    "check.report.clean": {
        "en": "No problems found in {files} file(s).",
        "zh-CN": "检查了 {files} 个文件，没有发现问题。",
    },
    "check.report.unreadable": {
        "en": "{count} file(s) could not be checked.",
        "zh-CN": "有 {count} 个文件无法检查。",
    },
    "check.error.label": {"en": "error:", "zh-CN": "错误："},
    # Chinese needs no space after a full-width stop or colon.
    "check.summary.join": {"en": "{first} {second}", "zh-CN": "{first}{second}"},
    "check.error.line": {"en": "{label} {reason}", "zh-CN": "{label}{reason}"},
    # Files and folders that cannot be read, decoded or parsed.
    "check.source.not-found": {"en": "no such file or folder", "zh-CN": "文件或目录不存在"},
    "check.source.hint-path": {"en": "check the path", "zh-CN": "检查路径是否正确"},
    "check.source.unreadable-folder": {"en": "cannot read folder: {error}", "zh-CN": "无法读取目录：{error}"},
    "check.source.unlistable-folder": {"en": "cannot list folder: {error}", "zh-CN": "无法列出目录内容：{error}"},
    "check.source.unknown-encoding": {
        "en": "unknown encoding {name!r} in the coding declaration",
        "zh-CN": "编码声明中的编码 {name!r} 无法识别",
    },
    "check.source.hint-coding": {
        "en": "fix the `# -*- coding: ... -*-` line",
        "zh-CN": "修正 `# -*- coding: ... -*-` 这一行",
    },
    "check.source.binary": {"en": "binary file (contains NUL bytes)", "zh-CN": "这是二进制文件（含有 NUL 字节）"},
    "check.source.hint-binary": {"en": "pass only Python sources", "zh-CN": "只传入 Python 源文件"},
    "check.source.undecodable": {
        "en": "cannot decode line {line} as {encoding}",
        "zh-CN": "无法按 {encoding} 解码第 {line} 行",
    },
    "check.source.hint-encoding": {
        "en": "save the file as UTF-8, or declare its encoding on the first line, e.g. `# -*- coding: gbk -*-`",
        "zh-CN": "把文件另存为 UTF-8，或在第一行声明它的编码，例如 `# -*- coding: gbk -*-`",
    },
    "check.source.too-large": {
        "en": "file is too large to check ({size} MiB)",
        "zh-CN": "文件太大（{size} MiB），不做检查",
    },
    "check.source.hint-too-large": {
        "en": "exclude generated files from the check",
        "zh-CN": "把自动生成的文件排除在检查之外",
    },
    "check.source.unreadable": {"en": "cannot read file: {error}", "zh-CN": "无法读取文件：{error}"},
    "check.source.syntax-error": {
        "en": "syntax error at line {line}: {error}",
        "zh-CN": "第 {line} 行有语法错误：{error}",
    },
    "check.source.hint-syntax": {
        "en": "check that the file is Python 3 source; syntax newer than Python {version}, which runs "
              "loaderdoctor, needs loaderdoctor installed under a newer Python",
        "zh-CN": "确认该文件是 Python 3 源码；如果用到了比运行 loaderdoctor 的 Python {version} 更新的语法，"
                 "请在更新版本的 Python 中安装 loaderdoctor",
    },
    "check.source.hint-python2": {
        "en": "this looks like Python 2 code, which spawn-era PyTorch cannot run; port it to Python 3",
        "zh-CN": "这看起来是 Python 2 代码，如今的 PyTorch 无法运行它；把它移植到 Python 3",
    },
    "check.source.too-deep": {"en": "the file is nested too deeply to parse", "zh-CN": "文件嵌套太深，无法解析"},
    "check.source.hint-too-deep": {"en": "split the expression", "zh-CN": "拆分这个表达式"},
    "check.source.unparsable": {"en": "cannot parse: {error}", "zh-CN": "无法解析：{error}"},
    "check.source.too-deep-to-analyse": {
        "en": "the code is nested too deeply to analyse",
        "zh-CN": "代码嵌套太深，无法分析",
    },
    "check.source.hint-too-deep-to-analyse": {
        "en": "simplify the nesting or exclude the file",
        "zh-CN": "减少嵌套层数，或把这个文件排除在检查之外",
    },
    "check.internal-error": {
        "en": "internal error while checking: {type}: {error}",
        "zh-CN": "检查时发生内部错误：{type}: {error}",
    },
    "check.internal-error-hint": {
        "en": "please report this with the file that triggers it",
        "zh-CN": "请报告这个问题，并附上触发它的文件",
    },
    "check.cache.unwritable": {
        "en": "could not write the cache at {folder}: {error}",
        "zh-CN": "无法写入缓存目录 {folder}：{error}",
    },
    # Integrations: configuration, worker starters, statistics, SARIF and GitHub output.
    "check.worker-starter.workers": {
        "en": "chosen inside {name}",
        "zh-CN": "由 {name} 内部决定",
    },
    "check.config.invalid-value": {
        "en": "{path}: invalid value for `{setting}` in {section}: expected {expected}, got {value}",
        "zh-CN": "{path}：{section} 中 `{setting}` 的值无效：应为{expected}，实际为 {value}",
    },
    "check.config.unknown-key": {
        "en": "{path}: unknown key `{setting}` in {section}; known keys: {keys}",
        "zh-CN": "{path}：{section} 中有未知的键 `{setting}`；可用的键：{keys}",
    },
    "check.config.duplicate-key": {
        "en": "{path}: `{setting}` is set twice in {section} (as written and with the other spelling of - and _)",
        "zh-CN": "{path}：{section} 中 `{setting}` 被设置了两次（一次按原样，一次用 - 与 _ 互换的写法）",
    },
    "check.config.invalid-toml": {
        "en": "{path}: invalid TOML: {error}",
        "zh-CN": "{path}：TOML 格式错误：{error}",
    },
    "check.config.invalid-cfg": {
        "en": "{path}: cannot read the file as INI: {error}",
        "zh-CN": "{path}：无法按 INI 格式读取该文件：{error}",
    },
    "check.config.unreadable": {
        "en": "{path}: cannot read the configuration file: {error}",
        "zh-CN": "{path}：无法读取配置文件：{error}",
    },
    "check.config.not-found": {
        "en": "{path}: configuration file not found",
        "zh-CN": "{path}：找不到配置文件",
    },
    "check.config.no-section": {
        "en": "{path}: the file has no {section} section",
        "zh-CN": "{path}：文件中没有 {section} 配置节",
    },
    "check.config.not-a-table": {
        "en": "{path}: {section} must be a table of settings",
        "zh-CN": "{path}：{section} 必须是一个由设置项组成的表",
    },
    "check.config.config-and-isolated": {
        "en": "--config and --isolated cannot be used together: --isolated ignores every configuration file",
        "zh-CN": "--config 与 --isolated 不能同时使用：--isolated 会忽略所有配置文件",
    },
    "check.config.invalid-option": {
        "en": "invalid value for {option}: expected {expected}, got {value}",
        "zh-CN": "{option} 的值无效：应为{expected}，实际为 {value}",
    },
    "check.config.expect.codes": {
        "en": 'rule codes or their prefixes, such as "LD001" or "LD"; the rules are {codes}',
        "zh-CN": '规则代码或其前缀，例如 "LD001" 或 "LD"；现有的规则是 {codes}',
    },
    "check.config.expect.string-list": {
        "en": 'a list of strings, e.g. ["LD001"]',
        "zh-CN": '字符串列表，例如 ["LD001"]',
    },
    "check.config.expect.patterns": {
        "en": 'non-empty glob patterns such as "data/" or "*_pb2.py"',
        "zh-CN": '非空的通配符模式，例如 "data/" 或 "*_pb2.py"',
    },
    "check.config.expect.qualnames": {
        "en": 'qualified names with their module, such as "mypkg.data.FastLoader"',
        "zh-CN": '带模块路径的完整名称，例如 "mypkg.data.FastLoader"',
    },
    "check.config.expect.per-file-table": {
        "en": 'a table of glob patterns to lists of rule codes, e.g. "tests/*" = ["LD001"] under [tool.loaderdoctor.per-file-ignores]',
        "zh-CN": '由通配符模式映射到规则代码列表的表，例如在 [tool.loaderdoctor.per-file-ignores] 下写 "tests/*" = ["LD001"]',
    },
    "check.config.expect.per-file-pairs": {
        "en": '"pattern: CODES" pairs, e.g. "tests/*: LD001" (one pair per line)',
        "zh-CN": '"模式: 代码" 形式的配对，例如 "tests/*: LD001"（每行一对）',
    },
    "check.config.got-table": {"en": "a table", "zh-CN": "一个表"},
    "check.statistics.none": {
        "en": "No problems found.",
        "zh-CN": "没有发现问题。",
    },
    "check.github.title": {
        "en": "loaderdoctor {code} ({name})",
        "zh-CN": "loaderdoctor {code}（{name}）",
    },
    "check.github.cell": {"en": "cell {cell}, line {line}", "zh-CN": "第 {cell} 个单元格第 {line} 行"},
    "check.sarif.unreadable": {
        "en": "{path} could not be checked: {reason}",
        "zh-CN": "{path} 无法检查：{reason}",
    },
    "check.sarif.library": {
        "en": "library module {module}: {text}",
        "zh-CN": "库模块 {module}：{text}",
    },
}
