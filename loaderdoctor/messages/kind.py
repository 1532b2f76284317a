"""Texts of the failure kinds, shared by check, probe and explain.

Each kind has a title, what happened, why it happens, and the fix, written
for someone who has just met the error. The texts take no placeholders, so
they are printed as they are (braces in code examples need no escaping).
"""

_GUARD_CODE_EN = (
    "    def main():\n"
    "        ...  # build the DataLoader, train, evaluate\n"
    "\n"
    "    if __name__ == \"__main__\":\n"
    "        main()"
)

_GUARD_CODE_ZH = (
    "    def main():\n"
    "        ...  # 创建 DataLoader、训练、评估\n"
    "\n"
    "    if __name__ == \"__main__\":\n"
    "        main()"
)

_FREEZE_CODE = (
    "    if __name__ == \"__main__\":\n"
    "        multiprocessing.freeze_support()\n"
    "        main()"
)

MESSAGES = {
    # -- unguarded-start ---------------------------------------------------
    "kind.unguarded-start.title": {
        "en": "Workers were started while the main script was being imported",
        "zh-CN": "在导入主脚本的过程中启动了 worker 进程",
    },
    "kind.unguarded-start.what": {
        "en": "Your script starts worker processes (a DataLoader with num_workers > 0, a Pool, a Process) "
              "from code that runs at module level. Each worker is a new Python process that imports your "
              "script again, so it ran the same code and tried to start workers of its own before it had "
              "finished starting. Python stops this with the RuntimeError \"An attempt has been made to start "
              "a new process before the current process has finished its bootstrapping phase\", and the "
              "workers die.",
        "zh-CN": "你的脚本在模块顶层运行的代码中启动了 worker 进程（num_workers > 0 的 DataLoader、Pool 或 Process）。"
                 "每个 worker 进程都是一个新的 Python 进程，它会重新导入你的脚本，于是又执行了同样的代码，"
                 "在自己还没启动完成时就想再启动一批 worker 进程。Python 会用 RuntimeError "
                 "\"An attempt has been made to start a new process before the current process has finished "
                 "its bootstrapping phase\" 阻止这种情况，worker 进程随即退出。",
    },
    "kind.unguarded-start.why": {
        "en": "On Windows and macOS, workers are started with spawn; on Linux with Python 3.14 and later, with "
              "forkserver. Both start a fresh interpreter that imports the main script under the name "
              "__mp_main__ and runs every statement that is not inside `if __name__ == \"__main__\":`. With "
              "fork, the old Linux default, workers were copies of the running process and never imported the "
              "script again, which is why the same code may have worked on Linux.",
        "zh-CN": "在 Windows 和 macOS 上，worker 进程用 spawn 方式启动；在 Python 3.14 及以后的 Linux 上用 forkserver。"
                 "这两种方式都会启动一个全新的解释器，以 __mp_main__ 的名字导入主脚本，并执行所有不在 "
                 "`if __name__ == \"__main__\":` 之内的语句。以前 Linux 默认使用 fork，worker 进程是当前进程的副本，"
                 "不会重新导入脚本，所以同样的代码在 Linux 上可能一直能运行。",
    },
    "kind.unguarded-start.fix": {
        "en": "Keep imports, classes and functions at module level, and move the code that does the work "
              "(building the DataLoader, the training loop, evaluation) into a function that runs only when "
              "the file is executed as a script:\n\n" + _GUARD_CODE_EN + "\n\n"
              "If the worker start is in a module that your script imports, remove that side effect from "
              "the module: put the code into a function and call it from main(). Setting num_workers=0 hides "
              "the error but also turns off parallel loading.",
        "zh-CN": "import、类和函数留在模块顶层；把真正干活的代码（创建 DataLoader、训练循环、评估）移到一个函数里，"
                 "只在直接运行这个文件时才调用它：\n\n" + _GUARD_CODE_ZH + "\n\n"
                 "如果启动 worker 进程的代码位于被脚本导入的模块中，就要去掉那个模块在导入时的副作用："
                 "把代码放进函数，再从 main() 调用。把 num_workers 设为 0 虽然能让错误消失，"
                 "但也关闭了并行加载。",
    },

    # -- missing-in-worker -------------------------------------------------
    "kind.missing-in-worker.title": {
        "en": "A worker cannot find a class or function",
        "zh-CN": "worker 进程找不到某个类或函数",
    },
    "kind.missing-in-worker.what": {
        "en": "Workers receive your Dataset, collate_fn and similar objects as a pickle, which refers to "
              "classes and functions by module and name. The worker imports that module again to look the "
              "name up, and the name was not there.",
        "zh-CN": "worker 进程通过 pickle 接收你的 Dataset、collate_fn 等对象，pickle 只记录类和函数所在的模块和名字。"
                 "worker 进程重新导入那个模块去查找这个名字，结果没有找到。",
    },
    "kind.missing-in-worker.why": {
        "en": "A spawned worker imports your main script as __mp_main__, so code inside "
              "`if __name__ == \"__main__\":` does not run there: a class defined inside that block does not "
              "exist in the worker. Notebooks, the interactive console, `python -c` and scripts piped on "
              "standard input have no file that a worker could import at all.",
        "zh-CN": "spawn 启动的 worker 进程以 __mp_main__ 的名字导入主脚本，`if __name__ == \"__main__\":` 里的代码不会执行，"
                 "所以在这个代码块里定义的类在 worker 进程中并不存在。Notebook、交互式控制台、`python -c` "
                 "以及通过标准输入传入的脚本，根本没有可供 worker 进程导入的文件。",
    },
    "kind.missing-in-worker.fix": {
        "en": "Define Dataset classes, collate functions, transforms and worker_init_fn at module level of a "
              ".py file, outside `if __name__ == \"__main__\":`, and keep only the code that runs things under "
              "the guard. In a notebook, put these definitions in a .py file next to the notebook and import "
              "them from there. Run scripts as files (`python train.py`), not from standard input.",
        "zh-CN": "把 Dataset 类、collate 函数、变换和 worker_init_fn 定义在 .py 文件的模块顶层，"
                 "放在 `if __name__ == \"__main__\":` 之外，保护块里只保留真正执行任务的代码。"
                 "在 Notebook 中，把这些定义放到 Notebook 旁边的 .py 文件里，再从那里导入。"
                 "以文件方式运行脚本（`python train.py`），不要通过标准输入传入。",
    },

    # -- unpicklable-object ------------------------------------------------
    "kind.unpicklable-object.title": {
        "en": "Something sent to the workers cannot be pickled",
        "zh-CN": "要发送给 worker 进程的对象无法被 pickle",
    },
    "kind.unpicklable-object.what": {
        "en": "Under spawn and forkserver, the main process pickles the Dataset, collate_fn, worker_init_fn "
              "and everything they refer to, and sends them to each worker. One of these objects cannot be "
              "pickled, so starting the workers failed.",
        "zh-CN": "在 spawn 和 forkserver 方式下，主进程会把 Dataset、collate_fn、worker_init_fn 以及它们引用的所有对象"
                 "用 pickle 序列化后发送给每个 worker 进程。其中有一个对象无法被 pickle，所以启动 worker 进程失败了。",
    },
    "kind.unpicklable-object.why": {
        "en": "pickle stores a function or class as its module and name, so lambdas, functions defined inside "
              "other functions and local classes cannot be pickled. Live resources cannot be pickled either: "
              "open files, locks, generators, modules, database connections, h5py and lmdb handles. With "
              "fork, the old Linux default, nothing was pickled, which is why the same code may have worked "
              "there.",
        "zh-CN": "pickle 只按模块和名字保存函数或类，所以 lambda、定义在其他函数内部的函数以及局部类都无法被 pickle。"
                 "正在使用的资源也不行：打开的文件、锁、生成器、模块、数据库连接、h5py 和 lmdb 的句柄。"
                 "以前 Linux 默认的 fork 方式不需要 pickle，所以同样的代码在那里可能一直能运行。",
    },
    "kind.unpicklable-object.fix": {
        "en": "Define functions and classes at module level. To pass parameters, use functools.partial with a "
              "module-level function, or a small module-level class with __call__. Store only what is needed "
              "to reopen a resource (a path or a URL) on the Dataset and open it in the worker, for example "
              "on the first __getitem__ call or in worker_init_fn; drop open handles in __getstate__.",
        "zh-CN": "把函数和类定义在模块顶层。需要传参数时，用 functools.partial 包装一个顶层函数，"
                 "或者写一个带 __call__ 的顶层小类。Dataset 上只保存重新打开资源所需的信息（路径或 URL），"
                 "在 worker 进程中再打开它，例如在第一次调用 __getitem__ 时或在 worker_init_fn 中打开；"
                 "并在 __getstate__ 中去掉已打开的句柄。",
    },

    # -- start-method-already-set ------------------------------------------
    "kind.start-method-already-set.title": {
        "en": "The start method was set twice",
        "zh-CN": "启动方式被设置了两次",
    },
    "kind.start-method-already-set.what": {
        "en": "multiprocessing.set_start_method() raised \"context has already been set\": the start method "
              "had already been chosen when the call ran.",
        "zh-CN": "multiprocessing.set_start_method() 抛出了 \"context has already been set\"："
                 "调用时启动方式已经确定了。",
    },
    "kind.start-method-already-set.why": {
        "en": "The start method can be set only once per process. A spawned worker has its start method set "
              "before it imports your script again, so a set_start_method() call at module level fails in "
              "every worker. In the main process, an earlier call, get_start_method(), get_context(), a Queue "
              "or a DataLoader can already have fixed it.",
        "zh-CN": "每个进程只能设置一次启动方式。spawn 启动的 worker 进程在重新导入你的脚本之前就已经设置好了启动方式，"
                 "所以模块顶层的 set_start_method() 调用会在每个 worker 进程中失败。在主进程中，"
                 "更早的一次调用、get_start_method()、get_context()、Queue 或 DataLoader 都可能已经把它确定下来。",
    },
    "kind.start-method-already-set.fix": {
        "en": "Call set_start_method() once, inside `if __name__ == \"__main__\":`, before anything else starts "
              "processes. Better, leave the global setting alone and pass the method to the DataLoader "
              "(`DataLoader(..., multiprocessing_context=\"spawn\")`) or use "
              "`multiprocessing.get_context(\"spawn\")`.",
        "zh-CN": "只在 `if __name__ == \"__main__\":` 之内、在启动任何进程之前调用一次 set_start_method()。"
                 "更好的做法是不改全局设置，而是把启动方式传给 DataLoader"
                 "（`DataLoader(..., multiprocessing_context=\"spawn\")`），"
                 "或者使用 `multiprocessing.get_context(\"spawn\")`。",
    },

    # -- worker-exception --------------------------------------------------
    "kind.worker-exception.title": {
        "en": "An exception was raised inside a DataLoader worker",
        "zh-CN": "DataLoader worker 进程中抛出了异常",
    },
    "kind.worker-exception.what": {
        "en": "Your Dataset, sampler, collate_fn or worker_init_fn raised an exception in a worker process. "
              "The DataLoader passed it to the main process and raised it again there; the part after "
              "\"Original Traceback\" shows where it happened in the worker.",
        "zh-CN": "你的 Dataset、sampler、collate_fn 或 worker_init_fn 在 worker 进程中抛出了异常。"
                 "DataLoader 把它传回主进程并重新抛出；\"Original Traceback\" 之后的部分显示了它在 worker 进程中的位置。",
    },
    "kind.worker-exception.why": {
        "en": "The error is in the code that loads samples. If the same code works with num_workers=0 or with "
              "fork, look for state that a spawned worker does not have: a global variable that only code "
              "under `if __name__ == \"__main__\":` sets, configuration done in the main process only, or a "
              "CUDA context.",
        "zh-CN": "错误出在加载样本的代码里。如果同样的代码在 num_workers=0 或 fork 方式下能正常运行，"
                 "就要找 spawn 启动的 worker 进程缺少的状态：只在 `if __name__ == \"__main__\":` 中赋值的全局变量、"
                 "只在主进程中做过的配置，或者 CUDA 上下文。",
    },
    "kind.worker-exception.fix": {
        "en": "Fix the line named in the original traceback. To debug it, run the loader with num_workers=0, "
              "which runs the same code in the main process with an ordinary traceback. Pass the configuration "
              "that a worker needs to the Dataset's constructor (it is pickled with the Dataset) or apply it "
              "in worker_init_fn, instead of relying on globals set under the guard.",
        "zh-CN": "修复原始回溯（Original Traceback）中指出的那一行。调试时把 num_workers 设为 0，"
                 "同样的代码会在主进程中运行，并给出普通的回溯信息。worker 进程需要的配置应通过 Dataset 的构造函数传入"
                 "（它会随 Dataset 一起被 pickle），或者在 worker_init_fn 中设置，"
                 "不要依赖只在保护块中赋值的全局变量。",
    },

    # -- worker-exited -----------------------------------------------------
    "kind.worker-exited.title": {
        "en": "A DataLoader worker exited unexpectedly",
        "zh-CN": "DataLoader worker 进程意外退出",
    },
    "kind.worker-exited.what": {
        "en": "A worker process ended without sending a result. The main process only sees that the worker "
              "is gone: \"DataLoader worker (pid(s) ...) exited unexpectedly\".",
        "zh-CN": "一个 worker 进程还没有返回结果就结束了。主进程只知道这个 worker 进程没了："
                 "\"DataLoader worker (pid(s) ...) exited unexpectedly\"。",
    },
    "kind.worker-exited.why": {
        "en": "This message is a consequence, not a cause. The worker printed its own error first, usually "
              "higher up in the same console (a RuntimeError about the bootstrapping phase, an AttributeError "
              "about a missing attribute, \"context has already been set\", [WinError 1455]). An exit without "
              "any message usually means that the operating system killed the worker, for example because "
              "memory ran out.",
        "zh-CN": "这条消息是结果而不是原因。worker 进程通常会先在同一个控制台里更靠前的位置打印自己的错误"
                 "（关于 bootstrapping phase 的 RuntimeError、找不到属性的 AttributeError、"
                 "\"context has already been set\"、[WinError 1455] 等）。如果没有任何消息就退出了，"
                 "通常是操作系统杀掉了 worker 进程，例如内存耗尽。",
    },
    "kind.worker-exited.fix": {
        "en": "Look for the first error above this message and fix that one. If there is none, run with "
              "num_workers=0 to see the error in the main process, and check whether the machine ran out of "
              "memory.",
        "zh-CN": "在这条消息上方找到第一个错误并修复它。如果没有，就用 num_workers=0 运行，在主进程中查看错误，"
                 "并检查机器是否耗尽了内存。",
    },

    # -- worker-killed -----------------------------------------------------
    "kind.worker-killed.title": {
        "en": "A DataLoader worker was killed by a signal",
        "zh-CN": "DataLoader worker 进程被信号杀死",
    },
    "kind.worker-killed.what": {
        "en": "A worker process was ended by a signal instead of an exception: Killed (SIGKILL), Segmentation "
              "fault (SIGSEGV), Aborted, Terminated or Floating point exception.",
        "zh-CN": "worker 进程不是因为异常，而是被信号终止的：Killed（SIGKILL）、Segmentation fault（SIGSEGV）、"
                 "Aborted、Terminated 或 Floating point exception。",
    },
    "kind.worker-killed.why": {
        "en": "Killed usually means that the operating system's out-of-memory killer stopped the worker: each "
              "worker holds its own copy of everything it touches, and spawned workers also load torch again. "
              "A segmentation fault means that native code crashed in the worker, often a library that is not "
              "safe to use after fork, or binary packages that do not match.",
        "zh-CN": "Killed 通常表示操作系统的内存不足处理机制（OOM killer）杀掉了 worker 进程：每个 worker 进程都持有"
                 "它用到的所有数据的副本，spawn 启动的 worker 进程还要重新加载 torch。Segmentation fault 表示 worker 进程中的"
                 "本地代码崩溃了，常见原因是某个库在 fork 之后不能安全使用，或者二进制包的版本不匹配。",
    },
    "kind.worker-killed.fix": {
        "en": "For Killed: use fewer workers, a smaller batch_size or prefetch_factor, and keep large data in "
              "numpy arrays or tensors instead of Python lists; check `dmesg` or the container's memory limit. "
              "For a segmentation fault: run with num_workers=0 to find the crashing call, and open files and "
              "native handles inside each worker instead of in the main process.",
        "zh-CN": "对于 Killed：减少 worker 进程数量，减小 batch_size 或 prefetch_factor，"
                 "把大量数据放在 numpy 数组或张量中而不是 Python 列表里；查看 `dmesg` 或容器的内存限制。"
                 "对于 Segmentation fault：用 num_workers=0 运行以找到崩溃的调用，"
                 "并在每个 worker 进程内部打开文件和本地句柄，而不是在主进程中打开。",
    },

    # -- shared-memory-exhausted -------------------------------------------
    "kind.shared-memory-exhausted.title": {
        "en": "Workers ran out of shared memory",
        "zh-CN": "worker 进程的共享内存不足",
    },
    "kind.shared-memory-exhausted.what": {
        "en": "Workers hand batches to the main process through shared memory (/dev/shm on Linux). It was "
              "full, so a worker could not store the next batch (\"unable to allocate shared memory\", \"No "
              "space left on device\" or a Bus error).",
        "zh-CN": "worker 进程通过共享内存（Linux 上的 /dev/shm）把批数据交给主进程。共享内存已满，"
                 "worker 进程无法存放下一批数据（\"unable to allocate shared memory\"、\"No space left on device\" "
                 "或 Bus error）。",
    },
    "kind.shared-memory-exhausted.why": {
        "en": "Docker gives containers a 64 MB /dev/shm by default, and every worker keeps up to "
              "prefetch_factor batches in it at once. Large batches times many workers do not fit.",
        "zh-CN": "Docker 默认只给容器 64 MB 的 /dev/shm，而每个 worker 进程会同时在其中保存最多 prefetch_factor 批数据。"
                 "批数据很大、worker 进程又多时就放不下了。",
    },
    "kind.shared-memory-exhausted.fix": {
        "en": "Give the container more shared memory (`docker run --shm-size=8g` or `--ipc=host`; in "
              "Kubernetes, mount an emptyDir with medium: Memory at /dev/shm), or use less of it: fewer "
              "workers, a smaller batch_size or prefetch_factor. The file_system sharing strategy does not "
              "help, because it uses the same /dev/shm.",
        "zh-CN": "给容器更多共享内存（`docker run --shm-size=8g` 或 `--ipc=host`；在 Kubernetes 中，"
                 "把 medium: Memory 的 emptyDir 挂载到 /dev/shm），或者少用一些：减少 worker 进程，"
                 "减小 batch_size 或 prefetch_factor。改用 file_system 共享策略没有帮助，因为它用的是同一个 /dev/shm。",
    },

    # -- too-many-open-files -----------------------------------------------
    "kind.too-many-open-files.title": {
        "en": "Too many open files",
        "zh-CN": "打开的文件过多",
    },
    "kind.too-many-open-files.what": {
        "en": "The main process or a worker hit the limit of open file descriptors while passing tensors "
              "between processes (\"Too many open files\", \"received 0 items of ancdata\").",
        "zh-CN": "主进程或 worker 进程在进程间传递张量时达到了打开文件描述符的上限"
                 "（\"Too many open files\"、\"received 0 items of ancdata\"）。",
    },
    "kind.too-many-open-files.why": {
        "en": "With the default file_descriptor sharing strategy on Linux, every tensor received from a worker "
              "keeps a file descriptor open for as long as it is alive. Keeping many small tensors from "
              "batches, for example by appending them to a list, uses up the limit set by `ulimit -n`.",
        "zh-CN": "在 Linux 默认的 file_descriptor 共享策略下，从 worker 进程收到的每个张量在存活期间都会占用一个打开的"
                 "文件描述符。保留大量来自批数据的小张量（例如把它们追加到列表里）会耗尽 `ulimit -n` 设定的上限。",
    },
    "kind.too-many-open-files.fix": {
        "en": "Do not keep received tensors alive: convert them with .item() or .tolist(), or clone() them. "
              "Raise the limit with `ulimit -n`, or call "
              "`torch.multiprocessing.set_sharing_strategy(\"file_system\")` at module level, so that the "
              "workers, which import the script again, use it too.",
        "zh-CN": "不要让收到的张量一直存活：用 .item() 或 .tolist() 转换，或者 clone() 一份。"
                 "用 `ulimit -n` 提高上限，或者在模块顶层调用 "
                 "`torch.multiprocessing.set_sharing_strategy(\"file_system\")`，"
                 "这样重新导入脚本的 worker 进程也会使用它。",
    },

    # -- paging-file-too-small ---------------------------------------------
    "kind.paging-file-too-small.title": {
        "en": "The Windows paging file is too small",
        "zh-CN": "Windows 页面文件太小",
    },
    "kind.paging-file-too-small.what": {
        "en": "A worker could not load torch's DLLs: \"[WinError 1455] The paging file is too small for this "
              "operation to complete\" (the text is in the language of your Windows).",
        "zh-CN": "worker 进程无法加载 torch 的 DLL：\"[WinError 1455] 页面文件太小，无法完成操作。\""
                 "（这段文字的语言取决于你的 Windows）。",
    },
    "kind.paging-file-too-small.why": {
        "en": "Each spawned worker is a new Python process that imports your script and torch again. torch's "
              "CUDA libraries reserve a lot of virtual memory, and Windows must back it with RAM plus the "
              "paging file. With many workers the total exceeds that limit.",
        "zh-CN": "每个 spawn 启动的 worker 进程都是一个新的 Python 进程，会重新导入你的脚本和 torch。"
                 "torch 的 CUDA 库会预留大量虚拟内存，Windows 必须用物理内存加页面文件来保证它。"
                 "worker 进程一多，总量就超过了这个上限。",
    },
    "kind.paging-file-too-small.fix": {
        "en": "Use fewer workers (num_workers=2 or 4 instead of 8 or more), keep them alive between epochs "
              "with persistent_workers=True, and let Windows manage the paging file size or make it larger "
              "(System Properties > Advanced > Performance > Virtual memory). Do not import large packages "
              "at module level of the main script when the workers do not need them.",
        "zh-CN": "减少 worker 进程（用 num_workers=2 或 4，而不是 8 或更多），用 persistent_workers=True 让它们在各个 "
                 "epoch 之间保持存活，并让 Windows 自动管理页面文件大小或把它调大"
                 "（系统属性 > 高级 > 性能 > 虚拟内存）。worker 进程用不到的大型包，不要在主脚本的模块顶层导入。",
    },

    # -- broken-pipe -------------------------------------------------------
    "kind.broken-pipe.title": {
        "en": "The connection to a worker broke",
        "zh-CN": "与 worker 进程的连接断开了",
    },
    "kind.broken-pipe.what": {
        "en": "BrokenPipeError or \"EOFError: Ran out of input\": the main process and a worker lost the pipe "
              "between them while the worker was being started.",
        "zh-CN": "BrokenPipeError 或 \"EOFError: Ran out of input\"：在启动 worker 进程的过程中，"
                 "主进程和 worker 进程之间的管道断开了。",
    },
    "kind.broken-pipe.why": {
        "en": "This is almost always a consequence. If the worker died during start-up (for example with the "
              "bootstrapping RuntimeError), the main process gets BrokenPipeError while writing to it. On "
              "Windows the worker is started before the main process has finished pickling its arguments, so "
              "a pickling error in the main process leaves the worker with \"EOFError: Ran out of input\".",
        "zh-CN": "这几乎总是其他错误的结果。如果 worker 进程在启动时就死掉了（例如出现了 bootstrapping 相关的 RuntimeError），"
                 "主进程向它写数据时就会得到 BrokenPipeError。在 Windows 上，worker 进程在主进程 pickle 完参数之前就已启动，"
                 "所以主进程中的 pickle 错误会让 worker 进程得到 \"EOFError: Ran out of input\"。",
    },
    "kind.broken-pipe.fix": {
        "en": "Look for the first error in the log, in the main process or in a worker, and fix that one: "
              "usually an unguarded script or an object that cannot be pickled. `loaderdoctor check` on the "
              "script finds both.",
        "zh-CN": "在日志中找到第一个错误（无论出现在主进程还是 worker 进程中）并修复它：通常是没有保护的脚本，"
                 "或者无法 pickle 的对象。对脚本运行 `loaderdoctor check` 可以找出这两种问题。",
    },

    # -- cuda-in-forked-worker ---------------------------------------------
    "kind.cuda-in-forked-worker.title": {
        "en": "CUDA was used in a forked worker",
        "zh-CN": "在 fork 出的 worker 进程中使用了 CUDA",
    },
    "kind.cuda-in-forked-worker.what": {
        "en": "A worker started with fork tried to use the GPU: \"Cannot re-initialize CUDA in forked "
              "subprocess\".",
        "zh-CN": "用 fork 方式启动的 worker 进程试图使用 GPU：\"Cannot re-initialize CUDA in forked subprocess\"。",
    },
    "kind.cuda-in-forked-worker.why": {
        "en": "The main process had already initialised CUDA, and a CUDA context cannot be copied into a "
              "forked process. The Dataset, collate_fn or worker_init_fn calls .cuda(), .to(\"cuda\") or "
              "another torch.cuda function.",
        "zh-CN": "主进程已经初始化了 CUDA，而 CUDA 上下文无法复制到 fork 出的进程中。"
                 "Dataset、collate_fn 或 worker_init_fn 调用了 .cuda()、.to(\"cuda\") 或其他 torch.cuda 函数。",
    },
    "kind.cuda-in-forked-worker.fix": {
        "en": "Return CPU tensors from the Dataset and move each batch to the GPU in the training loop; "
              "`pin_memory=True` with `.to(device, non_blocking=True)` keeps this fast. If the workers really "
              "need CUDA, start them with spawn (`multiprocessing_context=\"spawn\"`), but then each worker "
              "creates its own CUDA context and uses several hundred MB of GPU memory.",
        "zh-CN": "让 Dataset 返回 CPU 张量，在训练循环中再把每批数据移到 GPU；"
                 "配合 `pin_memory=True` 和 `.to(device, non_blocking=True)` 仍然很快。"
                 "如果 worker 进程确实需要 CUDA，就用 spawn 方式启动它们（`multiprocessing_context=\"spawn\"`），"
                 "但这样每个 worker 进程都会创建自己的 CUDA 上下文，各占用几百 MB 显存。",
    },

    # -- frozen-without-freeze-support -------------------------------------
    "kind.frozen-without-freeze-support.title": {
        "en": "A frozen program runs its main code again in every worker",
        "zh-CN": "打包成可执行文件的程序在每个 worker 进程中重新运行了主代码",
    },
    "kind.frozen-without-freeze-support.what": {
        "en": "The program was packaged as an executable (PyInstaller, cx_Freeze). Each worker is that "
              "executable started again, and it ran your main code instead of becoming a worker: it started "
              "processes again or rejected the worker's command line arguments (\"--multiprocessing-fork\").",
        "zh-CN": "程序被打包成了可执行文件（PyInstaller、cx_Freeze）。每个 worker 进程都是再次启动的这个可执行文件，"
                 "它没有变成 worker 进程，而是运行了你的主代码：要么又去启动进程，要么拒绝了 worker 进程的命令行参数"
                 "（\"--multiprocessing-fork\"）。",
    },
    "kind.frozen-without-freeze-support.why": {
        "en": "A frozen executable has no script that a worker could import, so multiprocessing relies on "
              "freeze_support() to recognise a worker start and take over before your code runs. Without "
              "that call, your program starts from the beginning in every worker.",
        "zh-CN": "可执行文件中没有可供 worker 进程导入的脚本，因此 multiprocessing 依靠 freeze_support() "
                 "识别出这是在启动 worker 进程，并在你的代码运行之前接管。没有这个调用，"
                 "你的程序会在每个 worker 进程中从头运行。",
    },
    "kind.frozen-without-freeze-support.fix": {
        "en": "Call multiprocessing.freeze_support() as the first statement under the guard, before argument "
              "parsing:\n\n" + _FREEZE_CODE + "\n\n"
              "Also keep all work out of module level, as for any program that uses spawn.",
        "zh-CN": "在保护块中的第一条语句、解析命令行参数之前调用 multiprocessing.freeze_support()：\n\n"
                 + _FREEZE_CODE + "\n\n"
                 "同时和所有使用 spawn 的程序一样，不要在模块顶层做实际工作。",
    },

    # -- worker-timeout ----------------------------------------------------
    "kind.worker-timeout.title": {
        "en": "Loading data timed out",
        "zh-CN": "加载数据超时",
    },
    "kind.worker-timeout.what": {
        "en": "No batch arrived in time: \"DataLoader timed out after N seconds\", or the run stopped making "
              "progress and was stopped.",
        "zh-CN": "没有按时收到批数据：\"DataLoader timed out after N seconds\"，或者运行停止推进后被终止了。",
    },
    "kind.worker-timeout.why": {
        "en": "A worker is stuck or too slow: waiting on a lock or a network resource, deadlocked after fork, "
              "or blocked at start-up. A run that hangs right after a bootstrapping error is an unguarded "
              "script with a large Dataset: the main process waits forever to send the Dataset to a worker "
              "that has already died.",
        "zh-CN": "某个 worker 进程卡住了或太慢：在等待锁或网络资源、fork 之后死锁，或者在启动时被阻塞。"
                 "如果紧跟在 bootstrapping 错误之后卡住，那是脚本没有保护而 Dataset 又很大："
                 "主进程一直在等着把 Dataset 发给一个已经死掉的 worker 进程。",
    },
    "kind.worker-timeout.fix": {
        "en": "Run with num_workers=0 to see whether loading one sample is slow or stuck. If the log also "
              "shows a failure at worker start-up, fix that failure first. Give the DataLoader a timeout (for "
              "example timeout=120) so that a hang becomes an error.",
        "zh-CN": "用 num_workers=0 运行，看看加载单个样本是慢还是卡住了。如果日志中还有 worker 进程启动时的错误，"
                 "先修复那个错误。给 DataLoader 设置 timeout（例如 timeout=120），让卡住变成报错。",
    },
}
