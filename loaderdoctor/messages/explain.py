"""Messages of ``loaderdoctor explain``: per-failure sentences, report headings, help and errors.

Keys ending in ``.one``/``.other`` are chosen by a count, for English plurals.
"""

MESSAGES = {
    # -- command line ------------------------------------------------------
    "explain.help.command": {
        "en": "Explain a DataLoader or multiprocessing failure from a log or a pasted traceback.\n\n"
              "Reads the LOG files, or standard input when none is given. Exit status: 0 when the log shows "
              "no known failure, 1 when it does, 2 when the input cannot be read.",
        "zh-CN": "根据日志或粘贴的回溯信息，解释 DataLoader 或 multiprocessing 的故障。\n\n"
                 "读取 LOG 文件；未指定文件时读取标准输入。退出状态：日志中没有已知故障时为 0，"
                 "有故障时为 1，无法读取输入时为 2。",
    },
    "explain.help.format": {
        "en": "Output format: full (explanation with code examples, the default), concise (one line per "
              "failure) or json.",
        "zh-CN": "输出格式：full（带代码示例的完整解释，默认）、concise（每个故障一行）或 json。",
    },
    "explain.help.source": {
        "en": "Folder that contains your scripts, for a log from another machine. Paths in the log are "
              "matched by their last components.",
        "zh-CN": "存放你的脚本的文件夹，用于分析来自其他机器的日志。日志中的路径按末尾几级目录匹配。",
    },
    "explain.help.check": {
        "en": "Run `loaderdoctor check` on the scripts that the log names, and say which finding matches "
              "(default: on).",
        "zh-CN": "对日志中出现的脚本运行 `loaderdoctor check`，并指出对应的检查结果（默认：开启）。",
    },
    "explain.error.unreadable": {
        "en": "cannot read {path}: {reason}",
        "zh-CN": "无法读取 {path}：{reason}",
    },
    "explain.stdin": {
        "en": "standard input",
        "zh-CN": "标准输入",
    },

    # -- report ------------------------------------------------------------
    "explain.summary.none": {
        "en": "{source}: no known DataLoader or multiprocessing failure found ({lines} lines read).",
        "zh-CN": "{source}：没有发现已知的 DataLoader 或 multiprocessing 故障（共读取 {lines} 行）。",
    },
    "explain.summary.found.one": {
        "en": "{source}: 1 failure found.",
        "zh-CN": "{source}：发现 1 个故障。",
    },
    "explain.summary.found.other": {
        "en": "{source}: {count} failures found.",
        "zh-CN": "{source}：发现 {count} 个故障。",
    },
    "explain.summary.unlisted": {
        "en": "{count} more distinct failures are in the log but not listed; fix the ones above and run again.",
        "zh-CN": "日志中还有 {count} 个不同的故障没有列出；先修复上面这些，再重新运行。",
    },
    "explain.count.workers": {
        "en": "The log shows this {count} times, once for each worker process that hit it.",
        "zh-CN": "日志中出现了 {count} 次，每个遇到它的 worker 进程各一次。",
    },
    "explain.count.times": {
        "en": "The log shows this {count} times.",
        "zh-CN": "日志中出现了 {count} 次。",
    },
    "explain.heading.happened": {"en": "What happened", "zh-CN": "发生了什么"},
    "explain.heading.why": {"en": "Why", "zh-CN": "原因"},
    "explain.heading.where": {"en": "Where", "zh-CN": "位置"},
    "explain.heading.fix": {"en": "How to fix", "zh-CN": "如何修复"},
    "explain.heading.consequences": {
        "en": "Caused by this failure (not separate problems)",
        "zh-CN": "由这个故障引起（不是另外的问题）",
    },
    "explain.heading.check": {"en": "Static check", "zh-CN": "静态检查"},
    "explain.heading.evidence": {"en": "From the log", "zh-CN": "日志原文"},
    "explain.role.module-level": {
        "en": "runs at module level, so every worker runs it again",
        "zh-CN": "在模块顶层运行，因此每个 worker 进程都会再运行一次",
    },
    "explain.role.worker-start": {
        "en": "starts the worker processes",
        "zh-CN": "启动 worker 进程",
    },
    "explain.role.definition": {
        "en": "defined here",
        "zh-CN": "在这里定义",
    },
    "explain.role.frame.first": {
        "en": "your code closest to the error",
        "zh-CN": "离错误最近的你的代码",
    },
    "explain.role.frame": {
        "en": "also in the traceback",
        "zh-CN": "回溯中的其他位置",
    },
    "explain.where.location": {
        "en": "{path}, line {line}: {role}",
        "zh-CN": "{path}，第 {line} 行：{role}",
    },
    "explain.where.none": {
        "en": "The log shows no line of your own code for this failure.",
        "zh-CN": "日志中没有显示与这个故障有关的你自己的代码行。",
    },
    "explain.check.match": {
        "en": "{code} at {file}:{line} reports the same problem: {message}",
        "zh-CN": "{file}:{line} 处的 {code} 报告的是同一个问题：{message}",
    },
    "explain.check.related": {
        "en": "{code} at {file}:{line} reports the same kind of problem in this file: {message}",
        "zh-CN": "{file}:{line} 处的 {code} 报告了这个文件中的同类问题：{message}",
    },
    "explain.check.no_match": {
        "en": "`loaderdoctor check` found nothing in {files} that matches this failure.",
        "zh-CN": "`loaderdoctor check` 在 {files} 中没有找到与这个故障对应的问题。",
    },
    "explain.check.not_found": {
        "en": "Your script is not on this machine at the path in the log; pass --source DIR to compare "
              "with `loaderdoctor check`.",
        "zh-CN": "在本机上找不到日志中路径对应的脚本；可以用 --source DIR 指定脚本所在目录，"
                 "以便与 `loaderdoctor check` 的结果对照。",
    },
    "explain.check.unavailable": {
        "en": "`loaderdoctor check` is not available in this installation.",
        "zh-CN": "当前安装中没有可用的 `loaderdoctor check`。",
    },
    "explain.check.failed": {
        "en": "`loaderdoctor check` could not analyse the script: {error}",
        "zh-CN": "`loaderdoctor check` 无法分析该脚本：{error}",
    },
    "explain.concise.located": {
        "en": "{path}:{line}: {kind}: {message}",
        "zh-CN": "{path}:{line}: {kind}: {message}",
    },
    "explain.concise.unlocated": {
        "en": "{source}: {kind}: {message}",
        "zh-CN": "{source}: {kind}: {message}",
    },

    # -- what happened, per failure ----------------------------------------
    "explain.message.unguarded-start.same": {
        "en": "Line {line} of {file} runs at module level and starts worker processes. Every spawned worker "
              "imports {file} again, reaches this line and tries to start workers of its own before it has "
              "finished starting.",
        "zh-CN": "{file} 的第 {line} 行在模块顶层运行，并启动了 worker 进程。每个 spawn 启动的 worker 进程都会重新导入 "
                 "{file}，执行到这一行，在自己还没启动完成时又试图启动新的 worker 进程。",
    },
    "explain.message.unguarded-start.call": {
        "en": "Line {line} of {file} runs at module level and, through line {start_line} of {start_file}, "
              "starts worker processes. Every spawned worker imports {file} again, runs line {line} and tries "
              "to start workers of its own before it has finished starting.",
        "zh-CN": "{file} 的第 {line} 行在模块顶层运行，并经由 {start_file} 的第 {start_line} 行启动了 worker 进程。"
                 "每个 spawn 启动的 worker 进程都会重新导入 {file}，再次执行第 {line} 行，"
                 "在自己还没启动完成时又试图启动新的 worker 进程。",
    },
    "explain.message.unguarded-start.import": {
        "en": "Line {line} of {file} starts worker processes while {file} is being imported (it is imported "
              "at line {import_line} of {import_file}). Every spawned worker imports your program again, so "
              "it runs this line and tries to start workers of its own before it has finished starting.",
        "zh-CN": "{file} 的第 {line} 行在 {file} 被导入时就启动了 worker 进程（导入语句在 {import_file} 的第 "
                 "{import_line} 行）。每个 spawn 启动的 worker 进程都会重新导入你的程序，于是执行到这一行，"
                 "在自己还没启动完成时又试图启动新的 worker 进程。",
    },
    "explain.message.unguarded-start.unknown": {
        "en": "A spawned worker tried to start worker processes of its own while it was still importing the "
              "main script. The log does not show which line of your code did it; `loaderdoctor check` on "
              "the script finds it.",
        "zh-CN": "一个 spawn 启动的 worker 进程在导入主脚本的过程中试图启动自己的 worker 进程。日志中没有显示是你代码的哪一行"
                 "造成的；对脚本运行 `loaderdoctor check` 可以找到它。",
    },
    "explain.message.unguarded-start.forkserver": {
        "en": "The connection to the forkserver process was lost while starting a worker. From Python "
              "3.13.8 and 3.14.1 the forkserver imports the main script once before it starts workers, so "
              "this most likely means that the script starts workers at import time; the forkserver's own "
              "traceback, when it was printed, names the line.",
        "zh-CN": "启动 worker 进程时与 forkserver 进程的连接断开了。从 Python 3.13.8 和 3.14.1 开始，"
                 "forkserver 会在启动 worker 进程之前先导入一次主脚本，所以这很可能意味着脚本在导入时就启动了 worker 进程；"
                 "如果打印了 forkserver 自己的回溯信息，其中会指出是哪一行。",
    },
    "explain.message.unguarded-start.forkserver.at": {
        "en": "The connection to the forkserver process was lost when line {line} of {file} started a "
              "worker. From Python 3.13.8 and 3.14.1 the forkserver imports the main script once before it "
              "starts workers, so this most likely means that the script starts workers at import time; the "
              "forkserver's own traceback, when it was printed, names the line.",
        "zh-CN": "{file} 的第 {line} 行启动 worker 进程时，与 forkserver 进程的连接断开了。从 Python 3.13.8 和 3.14.1 "
                 "开始，forkserver 会在启动 worker 进程之前先导入一次主脚本，所以这很可能意味着脚本在导入时就启动了"
                 "worker 进程；如果打印了 forkserver 自己的回溯信息，其中会指出是哪一行。",
    },
    "explain.message.frozen-without-freeze-support": {
        "en": "The program is a frozen executable, and each worker process ran the program's main code "
              "again instead of becoming a worker.",
        "zh-CN": "这个程序是打包后的可执行文件，每个 worker 进程都重新运行了程序的主代码，而没有变成 worker 进程。",
    },
    "explain.message.missing-in-worker.guard.in-guard": {
        "en": "Workers could not find {name}: it is defined inside `if __name__ == \"__main__\":` at line "
              "{line} of {file}, and a spawned worker imports {file} as __mp_main__, where that block does "
              "not run.",
        "zh-CN": "worker 进程找不到 {name}：它定义在 {file} 第 {line} 行的 `if __name__ == \"__main__\":` 之内，"
                 "而 spawn 启动的 worker 进程以 __mp_main__ 的名字导入 {file}，不会执行这个代码块。",
    },
    "explain.message.missing-in-worker.guard.in-function": {
        "en": "Workers could not find {name}: it is defined inside a function at line {line} of {file}, so "
              "it is not a name of the module that a worker imports.",
        "zh-CN": "worker 进程找不到 {name}：它定义在 {file} 第 {line} 行的一个函数内部，"
                 "所以不是 worker 进程导入的模块中的名字。",
    },
    "explain.message.missing-in-worker.guard": {
        "en": "Workers could not find {name} in {file}, which they import as __mp_main__. It is probably "
              "defined inside `if __name__ == \"__main__\":` or created while the program runs.",
        "zh-CN": "worker 进程在以 __mp_main__ 名字导入的 {file} 中找不到 {name}。"
                 "它很可能定义在 `if __name__ == \"__main__\":` 之内，或者是在程序运行过程中才创建的。",
    },
    "explain.message.missing-in-worker.no-file": {
        "en": "Workers could not find {name}: it was defined in a notebook, an interactive console or a "
              "`python -c` program, which a spawned worker cannot import.",
        "zh-CN": "worker 进程找不到 {name}：它是在 Notebook、交互式控制台或 `python -c` 程序中定义的，"
                 "spawn 启动的 worker 进程无法导入这些代码。",
    },
    "explain.message.missing-in-worker.stdin": {
        "en": "The script was read from standard input (`python - < script.py`). Spawned workers try to "
              "import it again from a file named <stdin>, which does not exist.",
        "zh-CN": "脚本是从标准输入读取的（`python - < script.py`）。spawn 启动的 worker 进程会试图从名为 <stdin> "
                 "的文件重新导入它，而这个文件并不存在。",
    },
    "explain.message.unpicklable-object.local.at": {
        "en": "{qualname} is defined inside a function (line {line} of {file}), so it cannot be pickled and "
              "sent to the worker processes.",
        "zh-CN": "{qualname} 定义在一个函数内部（{file} 第 {line} 行），因此无法被 pickle 并发送给 worker 进程。",
    },
    "explain.message.unpicklable-object.local": {
        "en": "{qualname} is defined inside a function, so it cannot be pickled and sent to the worker "
              "processes.",
        "zh-CN": "{qualname} 定义在一个函数内部，因此无法被 pickle 并发送给 worker 进程。",
    },
    "explain.message.unpicklable-object.lambda.at": {
        "en": "The lambda at line {line} of {file} cannot be pickled and sent to the worker processes: "
              "pickle finds a function by its name, and every lambda is named <lambda>.",
        "zh-CN": "{file} 第 {line} 行的 lambda 无法被 pickle 并发送给 worker 进程："
                 "pickle 按名字查找函数，而所有 lambda 的名字都是 <lambda>。",
    },
    "explain.message.unpicklable-object.lambda": {
        "en": "A lambda cannot be pickled and sent to the worker processes: pickle finds a function by its "
              "name, and every lambda is named <lambda>.",
        "zh-CN": "lambda 无法被 pickle 并发送给 worker 进程：pickle 按名字查找函数，而所有 lambda 的名字都是 <lambda>。",
    },
    "explain.message.unpicklable-object.lookup": {
        "en": "{qualname} cannot be pickled and sent to the worker processes ({reason}).",
        "zh-CN": "{qualname} 无法被 pickle 并发送给 worker 进程（{reason}）。",
    },
    "explain.message.unpicklable-object.type": {
        "en": "An object sent to the workers holds a {type} object ({what}), which cannot be pickled.",
        "zh-CN": "发送给 worker 进程的对象中包含一个 {type} 对象（{what}），它无法被 pickle。",
    },
    "explain.message.unpicklable-object.warning": {
        "en": "torch could not pickle the arguments of a worker process; the pickling error itself is not "
              "in the log.",
        "zh-CN": "torch 无法 pickle worker 进程的参数；日志中没有 pickle 错误本身。",
    },
    "explain.message.unpicklable-object.generic": {
        "en": "An object sent to the worker processes cannot be pickled ({reason}).",
        "zh-CN": "发送给 worker 进程的某个对象无法被 pickle（{reason}）。",
    },
    "explain.note.worker-argument": {
        "en": "Python names the DataLoader argument it was pickling: {argument}.",
        "zh-CN": "Python 指出了正在 pickle 的 DataLoader 参数：{argument}。",
    },
    "explain.object.file": {"en": "an open file", "zh-CN": "一个打开的文件"},
    "explain.object.lock": {"en": "a lock", "zh-CN": "一个锁"},
    "explain.object.generator": {"en": "a generator", "zh-CN": "一个生成器"},
    "explain.object.module": {"en": "a module", "zh-CN": "一个模块"},
    "explain.object.database": {"en": "a database connection", "zh-CN": "一个数据库连接"},
    "explain.object.h5py": {"en": "an open HDF5 file or dataset", "zh-CN": "一个打开的 HDF5 文件或数据集"},
    "explain.object.lmdb": {"en": "an open LMDB environment", "zh-CN": "一个打开的 LMDB 环境"},
    "explain.object.iterator": {
        "en": "a running DataLoader iterator",
        "zh-CN": "一个正在运行的 DataLoader 迭代器",
    },
    "explain.object.socket": {"en": "a socket or event loop", "zh-CN": "一个套接字或事件循环"},
    "explain.object.other": {"en": "a live resource", "zh-CN": "一个正在使用的资源"},
    "explain.message.start-method-already-set": {
        "en": "set_start_method() was called after the start method had already been set.",
        "zh-CN": "在启动方式已经设置之后又调用了 set_start_method()。",
    },
    "explain.message.start-method-already-set.worker": {
        "en": "Line {line} of {file} calls set_start_method() at module level. Every spawned worker imports "
              "{file} again, and by then its start method is already set, so the call fails in the worker.",
        "zh-CN": "{file} 的第 {line} 行在模块顶层调用了 set_start_method()。每个 spawn 启动的 worker 进程都会重新导入 "
                 "{file}，而此时它的启动方式已经设置好了，所以这个调用在 worker 进程中失败。",
    },
    "explain.message.start-method-already-set.parent": {
        "en": "Line {line} of {file} calls set_start_method() after the start method had already been set "
              "(by an earlier call, get_start_method(), get_context(), a Queue or a DataLoader).",
        "zh-CN": "{file} 的第 {line} 行调用 set_start_method() 时，启动方式已经被设置过了"
                 "（被更早的一次调用、get_start_method()、get_context()、Queue 或 DataLoader 设置）。",
    },
    "explain.message.worker-exception": {
        "en": "DataLoader worker {worker} raised {exception} while loading data.",
        "zh-CN": "DataLoader worker 进程 {worker} 在加载数据时抛出了 {exception}。",
    },
    "explain.message.worker-exception.at": {
        "en": "DataLoader worker {worker} raised {exception} at line {line} of {file}.",
        "zh-CN": "DataLoader worker 进程 {worker} 在 {file} 的第 {line} 行抛出了 {exception}。",
    },
    "explain.message.worker-exception.anonymous": {
        "en": "A DataLoader worker raised {exception} while loading data.",
        "zh-CN": "一个 DataLoader worker 进程在加载数据时抛出了 {exception}。",
    },
    "explain.message.worker-exception.anonymous.at": {
        "en": "A DataLoader worker raised {exception} at line {line} of {file}.",
        "zh-CN": "一个 DataLoader worker 进程在 {file} 的第 {line} 行抛出了 {exception}。",
    },
    "explain.message.worker-exception.daemonic": {
        "en": "DataLoader workers are daemonic processes, and a daemonic process may not start processes of "
              "its own: this line starts a Pool, a Process or a DataLoader with num_workers > 0 inside a "
              "worker. Do that work before the loader (in the main process), use threads there, or give the "
              "inner DataLoader num_workers=0.",
        "zh-CN": "DataLoader 的 worker 进程是守护进程（daemonic），守护进程不能再启动自己的子进程："
                 "这一行在 worker 进程里创建了 Pool、Process 或 num_workers > 0 的 DataLoader。"
                 "请把这部分工作移到 DataLoader 之前、在主进程中完成，或者在这里改用线程，"
                 "或者把内层 DataLoader 的 num_workers 设为 0。",
    },
    "explain.message.worker-exception.global": {
        "en": "{name} is None at module level (line {module_line}) and gets its value only at line "
              "{changed_line}, in code that a spawned worker does not run: the worker imports {file} again "
              "and sees None.",
        "zh-CN": "{name} 在模块顶层的值是 None（第 {module_line} 行），只在第 {changed_line} 行被赋值，"
                 "而 spawn 启动的 worker 进程不会运行那段代码：worker 进程重新导入 {file} 后看到的是 None。",
    },
    "explain.message.worker-exited": {
        "en": "A DataLoader worker exited unexpectedly. Its own error is not in this log; it was printed by "
              "the worker, usually earlier in the console.",
        "zh-CN": "一个 DataLoader worker 进程意外退出。它自己的错误不在这份日志中；那是由 worker 进程打印的，"
                 "通常在控制台中更靠前的位置。",
    },
    "explain.message.worker-exited.pids.one": {
        "en": "A DataLoader worker exited unexpectedly (pid {pids}). Its own error is not in this log; it "
              "was printed by the worker, usually earlier in the console.",
        "zh-CN": "一个 DataLoader worker 进程意外退出（pid {pids}）。它自己的错误不在这份日志中；"
                 "那是由 worker 进程打印的，通常在控制台中更靠前的位置。",
    },
    "explain.message.worker-exited.pids.other": {
        "en": "{count} DataLoader workers exited unexpectedly (pids {pids}). Their own errors are not in this "
              "log; they were printed by the workers, usually earlier in the console.",
        "zh-CN": "{count} 个 DataLoader worker 进程意外退出（pid {pids}）。它们自己的错误不在这份日志中；"
                 "那是由 worker 进程打印的，通常在控制台中更靠前的位置。",
    },
    "explain.message.worker-exited.pool": {
        "en": "A process of a process pool terminated abruptly, and the pool cannot be used any more. The "
              "process's own error is not in this log.",
        "zh-CN": "进程池中的一个进程突然终止，进程池无法再使用。这个进程自己的错误不在这份日志中。",
    },
    "explain.message.worker-exited.spawn": {
        "en": "Process {rank} started by torch.multiprocessing.spawn exited with exit code {code}. Its own "
              "error is not in this log.",
        "zh-CN": "torch.multiprocessing.spawn 启动的进程 {rank} 以退出码 {code} 退出。它自己的错误不在这份日志中。",
    },
    "explain.message.worker-killed": {
        "en": "DataLoader worker {pid} was killed by the signal \"{signal}\".",
        "zh-CN": "DataLoader worker 进程 {pid} 被信号 \"{signal}\" 杀死。",
    },
    "explain.message.worker-killed.oom": {
        "en": "This is usually the out-of-memory killer.",
        "zh-CN": "这通常是内存不足处理机制（OOM killer）所为。",
    },
    "explain.message.worker-killed.segfault": {
        "en": "Native code crashed inside the worker.",
        "zh-CN": "worker 进程中的本地代码崩溃了。",
    },
    "explain.message.worker-killed.other": {
        "en": "The worker did not end with a Python exception.",
        "zh-CN": "worker 进程不是因为 Python 异常而结束的。",
    },
    "explain.message.shared-memory-exhausted": {
        "en": "A worker could not put a batch into shared memory (/dev/shm) because it was full.",
        "zh-CN": "共享内存（/dev/shm）已满，worker 进程无法把批数据放进去。",
    },
    "explain.message.shared-memory-exhausted.at": {
        "en": "A worker could not put a batch into shared memory (/dev/shm) because it was full; your code "
              "closest to it is line {line} of {file}.",
        "zh-CN": "共享内存（/dev/shm）已满，worker 进程无法把批数据放进去；离它最近的你的代码是 {file} 的第 {line} 行。",
    },
    "explain.message.too-many-open-files": {
        "en": "The limit of open files was reached while tensors were passed between processes.",
        "zh-CN": "在进程间传递张量时达到了打开文件数的上限。",
    },
    "explain.message.too-many-open-files.at": {
        "en": "The limit of open files was reached while tensors were passed between processes; your code "
              "closest to it is line {line} of {file}.",
        "zh-CN": "在进程间传递张量时达到了打开文件数的上限；离它最近的你的代码是 {file} 的第 {line} 行。",
    },
    "explain.message.paging-file-too-small": {
        "en": "A worker could not load torch's DLLs because the Windows paging file is too small "
              "([WinError 1455]).",
        "zh-CN": "Windows 页面文件太小，worker 进程无法加载 torch 的 DLL（[WinError 1455]）。",
    },
    "explain.message.paging-file-too-small.at": {
        "en": "A worker could not load torch's DLLs because the Windows paging file is too small "
              "([WinError 1455]); it happened at line {line} of {file}, which every worker runs again.",
        "zh-CN": "Windows 页面文件太小，worker 进程无法加载 torch 的 DLL（[WinError 1455]）；"
                 "出错位置是 {file} 的第 {line} 行，每个 worker 进程都会再运行一次这一行。",
    },
    "explain.message.broken-pipe.pipe": {
        "en": "The pipe to a worker broke (BrokenPipeError). This is what the main process sees when the "
              "worker died first; the worker's own error is not in this log.",
        "zh-CN": "到 worker 进程的管道断开了（BrokenPipeError）。这是 worker 进程先死掉时主进程看到的现象；"
                 "worker 进程自己的错误不在这份日志中。",
    },
    "explain.message.broken-pipe.eof": {
        "en": "A worker received an incomplete message from the main process (EOFError: Ran out of input). "
              "On Windows this is what a worker sees when the main process failed to pickle its arguments; "
              "that error is not in this log.",
        "zh-CN": "worker 进程从主进程收到的消息不完整（EOFError: Ran out of input）。在 Windows 上，"
                 "主进程 pickle 参数失败时 worker 进程看到的就是这个；那个错误不在这份日志中。",
    },
    "explain.message.cuda-in-forked-worker": {
        "en": "A worker started with fork used CUDA, which the main process had already initialised.",
        "zh-CN": "用 fork 启动的 worker 进程使用了 CUDA，而主进程已经初始化过 CUDA。",
    },
    "explain.message.cuda-in-forked-worker.at": {
        "en": "A worker started with fork used CUDA at line {line} of {file}, after the main process had "
              "already initialised CUDA.",
        "zh-CN": "用 fork 启动的 worker 进程在 {file} 的第 {line} 行使用了 CUDA，而主进程已经初始化过 CUDA。",
    },
    "explain.message.worker-timeout": {
        "en": "No batch arrived from the workers within {seconds} seconds.",
        "zh-CN": "在 {seconds} 秒内没有从 worker 进程收到批数据。",
    },
    "explain.message.worker-timeout.hang": {
        "en": "The run stopped making progress and a watchdog stopped it after {after}.",
        "zh-CN": "运行停止推进，看门狗在 {after} 后终止了它。",
    },

    # -- consequences ------------------------------------------------------
    "explain.consequence.worker-exited.pids.one": {
        "en": "{count} worker process exited unexpectedly (pid {pids}).",
        "zh-CN": "{count} 个 worker 进程意外退出（pid {pids}）。",
    },
    "explain.consequence.worker-exited.pids.other": {
        "en": "{count} worker processes exited unexpectedly (pids {pids}).",
        "zh-CN": "{count} 个 worker 进程意外退出（pid {pids}）。",
    },
    "explain.consequence.worker-exited.dataloader.one": {
        "en": "{count} worker process exited unexpectedly.",
        "zh-CN": "{count} 个 worker 进程意外退出。",
    },
    "explain.consequence.worker-exited.dataloader.other": {
        "en": "{count} worker processes exited unexpectedly.",
        "zh-CN": "{count} 个 worker 进程意外退出。",
    },
    "explain.consequence.worker-exited.pool.one": {
        "en": "The process pool broke because its worker died (BrokenProcessPool).",
        "zh-CN": "进程池因为 worker 进程死掉而无法使用（BrokenProcessPool）。",
    },
    "explain.consequence.worker-exited.pool.other": {
        "en": "The process pool broke because its workers died (BrokenProcessPool, {count} times).",
        "zh-CN": "进程池因为 worker 进程死掉而无法使用（BrokenProcessPool，{count} 次）。",
    },
    "explain.consequence.worker-exited.spawn.one": {
        "en": "Process {rank} started by torch.multiprocessing.spawn exited with exit code {code}.",
        "zh-CN": "torch.multiprocessing.spawn 启动的进程 {rank} 以退出码 {code} 退出。",
    },
    "explain.consequence.worker-exited.spawn.other": {
        "en": "Processes started by torch.multiprocessing.spawn exited ({count} times).",
        "zh-CN": "torch.multiprocessing.spawn 启动的进程退出了（{count} 次）。",
    },
    "explain.consequence.broken-pipe.pipe.one": {
        "en": "BrokenPipeError: the main process could not finish sending data to a worker that had "
              "already died.",
        "zh-CN": "BrokenPipeError：主进程无法把数据发完，因为接收的 worker 进程已经死掉了。",
    },
    "explain.consequence.broken-pipe.pipe.other": {
        "en": "BrokenPipeError ({count} times): the main process could not finish sending data to workers "
              "that had already died.",
        "zh-CN": "BrokenPipeError（{count} 次）：主进程无法把数据发完，因为接收的 worker 进程已经死掉了。",
    },
    "explain.consequence.broken-pipe.eof.one": {
        "en": "EOFError: Ran out of input: a worker received an incomplete message because the main process "
              "failed while sending it.",
        "zh-CN": "EOFError: Ran out of input：主进程在发送过程中失败，worker 进程收到的消息不完整。",
    },
    "explain.consequence.broken-pipe.eof.other": {
        "en": "EOFError: Ran out of input ({count} times): workers received incomplete messages because the "
              "main process failed while sending them.",
        "zh-CN": "EOFError: Ran out of input（{count} 次）：主进程在发送过程中失败，worker 进程收到的消息不完整。",
    },
    "explain.consequence.broken-pipe.forkserver.one": {
        "en": "The main process lost its connection to the forkserver, which had died while importing the "
              "script.",
        "zh-CN": "主进程与 forkserver 的连接断开了，forkserver 在导入脚本时已经死掉。",
    },
    "explain.consequence.broken-pipe.forkserver.other": {
        "en": "The main process lost its connection to the forkserver ({count} times), which had died while "
              "importing the script.",
        "zh-CN": "主进程与 forkserver 的连接断开了（{count} 次），forkserver 在导入脚本时已经死掉。",
    },
    "explain.consequence.worker-killed.signal.one": {
        "en": "A worker was then stopped (signal Terminated) while the program shut down.",
        "zh-CN": "随后一个 worker 进程在程序退出时被终止（信号 Terminated）。",
    },
    "explain.consequence.worker-killed.signal.other": {
        "en": "{count} workers were then stopped (signal Terminated) while the program shut down.",
        "zh-CN": "随后 {count} 个 worker 进程在程序退出时被终止（信号 Terminated）。",
    },
    "explain.consequence.worker-timeout.hang.one": {
        "en": "The main process then hung, waiting for a worker that had died, and was stopped after {after}.",
        "zh-CN": "随后主进程一直在等待已经死掉的 worker 进程而卡住，在 {after} 后被终止。",
    },
    "explain.consequence.worker-timeout.hang.other": {
        "en": "The main process then hung, waiting for workers that had died, and was stopped "
              "({count} times).",
        "zh-CN": "随后主进程一直在等待已经死掉的 worker 进程而卡住，并被终止（{count} 次）。",
    },
    "explain.consequence.worker-timeout.dataloader.one": {
        "en": "The DataLoader then timed out after {seconds} seconds.",
        "zh-CN": "随后 DataLoader 在 {seconds} 秒后超时。",
    },
    "explain.consequence.worker-timeout.dataloader.other": {
        "en": "The DataLoader then timed out ({count} times).",
        "zh-CN": "随后 DataLoader 超时（{count} 次）。",
    },
}
