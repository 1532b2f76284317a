"""Messages of ``loaderdoctor probe``: help, progress, the run report, the environment report."""

_SEEN = {
    "start-method-already-set": (
        "A process called `set_start_method()` after the start method was already set ({error}).",
        "某个进程在启动方式已经设定之后又调用了 `set_start_method()`（{error}）。",
    ),
    "worker-exited": (
        "A DataLoader worker exited without reporting an error ({error}).",
        "某个 DataLoader worker 没有报告错误就退出了（{error}）。",
    ),
    "worker-killed": (
        "A DataLoader worker was killed by a signal ({error}).",
        "某个 DataLoader worker 被信号终止（{error}）。",
    ),
    "shared-memory-exhausted": (
        "Workers ran out of shared memory (/dev/shm) while sending batches ({error}).",
        "worker 发送批数据时共享内存（/dev/shm）不足（{error}）。",
    ),
    "too-many-open-files": (
        "The process ran out of file descriptors while receiving batches from workers ({error}).",
        "从 worker 接收批数据时进程的文件描述符用尽（{error}）。",
    ),
    "paging-file-too-small": (
        "Windows could not commit memory for a worker ({error}).",
        "Windows 无法为 worker 提交内存（{error}）。",
    ),
    "broken-pipe": (
        "A pipe to a worker broke ({error}); the cause is usually reported above it.",
        "与 worker 之间的管道断开（{error}）；原因通常在它之前的输出中。",
    ),
    "cuda-in-forked-worker": (
        "A forked worker tried to use CUDA ({error}).",
        "通过 fork 启动的 worker 试图使用 CUDA（{error}）。",
    ),
    "frozen-without-freeze-support": (
        "A frozen program ran its main code again in a child process ({error}).",
        "打包后的程序在子进程中再次执行了主程序代码（{error}）。",
    ),
    "worker-timeout": (
        "A DataLoader gave up waiting for its workers ({error}).",
        "DataLoader 等待 worker 超时（{error}）。",
    ),
    "unguarded-start": ("{error}", "{error}"),
    "missing-in-worker": ("{error}", "{error}"),
    "unpicklable-object": ("{error}", "{error}"),
    "worker-exception": ("{error}", "{error}"),
}

_FIX = {
    "unguarded-start": (
        "Move the statements that build and iterate loaders (or start processes) into a function, "
        "and call it under `if __name__ == \"__main__\":`. Classes and functions may stay at module level.",
        "把创建和遍历 DataLoader（或启动进程）的语句移进一个函数，并在 `if __name__ == \"__main__\":` "
        "下调用它。类和函数的定义可以留在模块顶层。",
    ),
    "missing-in-worker": (
        "Define the class or function at module level of an importable file, outside the "
        "`if __name__ == \"__main__\":` block; in a notebook, move it into a .py module and import it.",
        "把这个类或函数定义在可导入文件的模块顶层，放在 `if __name__ == \"__main__\":` 块之外；"
        "在 notebook 中则把它移到一个 .py 模块里再导入。",
    ),
    "unpicklable-object": (
        "Pass only picklable objects to workers: module-level functions and classes (use "
        "`functools.partial` for parameters) instead of lambdas and local functions, and open files, "
        "database connections and locks lazily in each worker instead of storing them on the Dataset.",
        "只把可 pickle 的对象交给 worker：用模块顶层的函数和类（参数用 `functools.partial` 绑定）代替 "
        "lambda 和局部函数；文件、数据库连接和锁应在每个 worker 中按需打开，不要保存在 Dataset 上。",
    ),
    "start-method-already-set": (
        "Call `set_start_method()` once, under `if __name__ == \"__main__\":`, or pass "
        "`multiprocessing_context=` to the DataLoader instead of changing the global start method.",
        "只在 `if __name__ == \"__main__\":` 下调用一次 `set_start_method()`，或者给 DataLoader 传 "
        "`multiprocessing_context=`，不要修改全局启动方式。",
    ),
    "worker-exception": (
        "Fix the error raised in the worker. Under spawn, workers re-import the script as "
        "`__mp_main__`, so module state that is set only under the `__main__` guard is missing there: "
        "pass such settings to the Dataset or set them in `worker_init_fn`.",
        "修正 worker 中抛出的错误。在 spawn 下 worker 以 `__mp_main__` 重新导入脚本，只在 `__main__` "
        "保护块中设置的模块状态在 worker 里并不存在：把这些设置传给 Dataset，或在 `worker_init_fn` 中设置。",
    ),
    "worker-exited": (
        "Look for the error the worker printed before it exited; rerun with num_workers=0 to see it "
        "in the main process.",
        "查找 worker 退出前打印的错误；用 num_workers=0 重新运行可以在主进程中看到它。",
    ),
    "worker-killed": (
        "Each spawned worker holds its own copy of the interpreter and torch: use fewer workers, "
        "smaller prefetch_factor, or keep data in shared tensors; check the memory limit of the "
        "machine or container.",
        "每个 spawn 启动的 worker 都有自己的一份解释器和 torch：减少 worker 数、减小 prefetch_factor，"
        "或把数据放在共享张量中；并检查机器或容器的内存上限。",
    ),
    "shared-memory-exhausted": (
        "Give /dev/shm more space (Docker: `--shm-size` or `--ipc=host`), or send smaller batches "
        "with fewer workers or a smaller prefetch_factor.",
        "增大 /dev/shm（Docker：`--shm-size` 或 `--ipc=host`），或者用更少的 worker、更小的 "
        "prefetch_factor 发送更小的批数据。",
    ),
    "too-many-open-files": (
        "Do not keep received tensors alive (convert them to Python values or clone them), raise "
        "`ulimit -n`, or call `torch.multiprocessing.set_sharing_strategy('file_system')` at module "
        "level so that workers use it too.",
        "不要一直持有收到的张量（转成 Python 值或 clone），提高 `ulimit -n`，或在模块顶层调用 "
        "`torch.multiprocessing.set_sharing_strategy('file_system')`，让 worker 也使用它。",
    ),
    "paging-file-too-small": (
        "Use fewer workers and persistent_workers=True, or enlarge the Windows paging file.",
        "减少 worker 数并设置 persistent_workers=True，或增大 Windows 分页文件。",
    ),
    "broken-pipe": (
        "Fix the error reported before the broken pipe (usually a pickling or bootstrap error).",
        "修正管道断开之前报告的错误（通常是 pickle 错误或启动阶段的错误）。",
    ),
    "cuda-in-forked-worker": (
        "Keep workers on the CPU and move batches to the GPU in the training loop "
        "(pin_memory=True, non_blocking=True).",
        "让 worker 只在 CPU 上工作，在训练循环中再把批数据移到 GPU（pin_memory=True，non_blocking=True）。",
    ),
    "frozen-without-freeze-support": (
        "Call `multiprocessing.freeze_support()` as the first statement under "
        "`if __name__ == \"__main__\":`.",
        "在 `if __name__ == \"__main__\":` 下的第一条语句调用 `multiprocessing.freeze_support()`。",
    ),
    "worker-timeout": (
        "Read the stacks above to see where the script and its workers wait. Under spawn a large "
        "pickled dataset blocks each worker start; keep bulk data in tensors or files and guard the "
        "script with `if __name__ == \"__main__\":`.",
        "查看上面的调用栈，找出脚本和 worker 在哪里等待。在 spawn 下，pickle 后很大的数据集会阻塞每个 "
        "worker 的启动；把大数据放在张量或文件中，并用 `if __name__ == \"__main__\":` 保护脚本。",
    ),
}

MESSAGES = {
    # Help
    "probe.help.command": {
        "en": (
            "Run SCRIPT with DataLoader workers started by spawn and explain what fails.\n\n"
            "SCRIPT runs as __main__ in a child interpreter, from its own folder, with ARGS. Each "
            "loader stops after its first batch (see --batches and --full); the first worker of a "
            "loader starts alone, so a failure shows after one worker start. The whole process tree "
            "is killed at the end. Without SCRIPT: report the environment, the cost of one spawned "
            "worker, a recommended num_workers and a demonstration.\n\n"
            "Exit status: 0 no failure, 1 a failure reproduced, 2 the probe could not run."
        ),
        "zh-CN": (
            "以 spawn 方式启动 DataLoader worker 来运行 SCRIPT，并解释失败的原因。\n\n"
            "SCRIPT 在子解释器中作为 __main__、在其所在目录下带着 ARGS 运行。每个 DataLoader 在第一个批次后"
            "停止（见 --batches 和 --full）；每个 DataLoader 的第一个 worker 单独启动，因此启动一个 worker "
            "后就能看到失败。结束时会终止整个进程树。不带 SCRIPT 时：报告运行环境、一个 spawn worker 的开销、"
            "建议的 num_workers，并做一次演示。\n\n"
            "退出状态：0 没有失败，1 复现了失败，2 探测本身无法运行。"
        ),
    },
    "probe.help.python": {
        "en": (
            "Interpreter that runs the script (default: the one running loaderdoctor). "
            "It needs torch, not loaderdoctor."
        ),
        "zh-CN": "运行脚本的解释器（默认：运行 loaderdoctor 的解释器）。它需要 torch，不需要 loaderdoctor。",
    },
    "probe.help.start-method": {
        "en": "Start method the script's processes use by default; 'default' keeps the platform's.",
        "zh-CN": "脚本中进程默认使用的启动方式；'default' 表示保持平台默认值。",
    },
    "probe.help.batches": {
        "en": "Batches each loader delivers before its iteration ends.",
        "zh-CN": "每个 DataLoader 在结束本轮遍历前交付的批次数。",
    },
    "probe.help.full": {
        "en": "Let the script run to its end instead of stopping after the first batches.",
        "zh-CN": "让脚本运行到结束，而不是在第一批数据后停止。",
    },
    "probe.help.timeout": {
        "en": (
            "Seconds without progress before the run is stopped as hung "
            "(default: sized from the measured cost of a worker start)."
        ),
        "zh-CN": "没有进展多少秒后按卡死处理并停止运行（默认：根据实测的 worker 启动开销确定）。",
    },
    "probe.help.format": {"en": "Output format.", "zh-CN": "输出格式。"},
    "probe.help.no-check": {
        "en": "Do not compare the result with `loaderdoctor check`.",
        "zh-CN": "不与 `loaderdoctor check` 的结果对比。",
    },
    "probe.help.no-demo": {
        "en": "Without SCRIPT: skip the demonstration of the failure and its fix.",
        "zh-CN": "不带 SCRIPT 时：跳过失败及其修复的演示。",
    },
    "probe.help.show-output": {
        "en": "Print the script's own output after the report.",
        "zh-CN": "在报告之后打印脚本自己的输出。",
    },
    "probe.help.lang": {"en": "Language of messages: en or zh-CN.", "zh-CN": "消息语言：en 或 zh-CN。"},
    # Errors
    "probe.error.launch-failed": {
        "en": "cannot start the interpreter {python}: {error}",
        "zh-CN": "无法启动解释器 {python}：{error}",
    },
    "probe.error.python-not-found": {
        "en": "interpreter not found: {python} (give a path or a command on PATH)",
        "zh-CN": "找不到解释器：{python}（请给出路径或 PATH 中的命令）",
    },
    "probe.error.script-not-found": {
        "en": "script not found or not a file: {script}",
        "zh-CN": "脚本不存在或不是文件：{script}",
    },
    "probe.error.forkserver-windows": {
        "en": "--start-method forkserver is not available on Windows; use spawn",
        "zh-CN": "Windows 上没有 --start-method forkserver；请使用 spawn",
    },
    "probe.error.child-did-not-start": {
        "en": "the interpreter exited before it ran the script: {detail}",
        "zh-CN": "解释器在运行脚本之前就退出了：{detail}",
    },
    # Progress
    "probe.progress.start": {"en": "running {script}", "zh-CN": "正在运行 {script}"},
    "probe.progress.torch": {"en": "torch imported in {seconds} s", "zh-CN": "导入 torch 用时 {seconds} 秒"},
    "probe.progress.workers-starting": {"en": "starting {count} workers", "zh-CN": "正在启动 {count} 个 worker"},
    "probe.progress.worker-ready": {
        "en": "workers started: {ready} of {total} (after {seconds} s)",
        "zh-CN": "已启动 worker：{ready}/{total}（用时 {seconds} 秒）",
    },
    "probe.progress.first-batch": {"en": "first batch after {seconds} s", "zh-CN": "第一个批次用时 {seconds} 秒"},
    "probe.progress.failure-seen": {
        "en": "a process reported a failure; stopping",
        "zh-CN": "有进程报告了失败；正在停止",
    },
    "probe.progress.timeout": {
        "en": "no progress for {seconds} s; dumping stacks and stopping",
        "zh-CN": "{seconds} 秒没有进展；正在转储调用栈并停止",
    },
    # Failure messages
    "probe.message.unguarded-start": {
        "en": (
            "Workers were started while a spawned process was importing the main module again: "
            "{module_path}:{module_line} runs at import time and starts processes at "
            "{start_path}:{start_line}."
        ),
        "zh-CN": (
            "spawn 启动的进程在重新导入主模块时又启动了 worker：{module_path}:{module_line} 在导入时执行，"
            "并在 {start_path}:{start_line} 启动进程。"
        ),
    },
    "probe.message.missing-in-worker": {
        "en": "Workers cannot find `{name}`: it is not defined when the main module is imported as `__mp_main__`.",
        "zh-CN": "worker 找不到 `{name}`：主模块以 `__mp_main__` 导入时它没有被定义。",
    },
    "probe.message.unpicklable-object": {
        "en": "What the workers receive cannot be pickled: {what} ({error}).",
        "zh-CN": "交给 worker 的对象无法 pickle：{what}（{error}）。",
    },
    "probe.message.worker-exception": {
        "en": "A worker raised an exception: {error}.",
        "zh-CN": "某个 worker 抛出了异常：{error}。",
    },
    "probe.message.worker-timeout": {
        "en": "Nothing progressed for {seconds} s: no batch, no worker start, no work in the main process.",
        "zh-CN": "{seconds} 秒内没有任何进展：没有批数据、没有 worker 启动，主进程也没有工作。",
    },
    "probe.message.blocked-start": {
        "en": (
            "The script is stuck starting a worker: it writes {size} of pickled arguments into a pipe "
            "that the worker never reads."
        ),
        "zh-CN": "脚本卡在启动 worker 上：它向管道写入 {size} 的 pickle 参数，而 worker 从未读取。",
    },
    "probe.evidence.blocked-start": {
        "en": "the script was blocked writing {size} of pickled worker arguments to a worker that had already failed",
        "zh-CN": "脚本正阻塞在向一个已经失败的 worker 写入 {size} 的 pickle 参数上",
    },
    "probe.evidence.strategy-parent-only": {
        "en": (
            "set_sharing_strategy('{strategy}') on line {line} ran only in the main process; "
            "the workers, which re-import the script, use {workers}"
        ),
        "zh-CN": (
            "第 {line} 行的 set_sharing_strategy('{strategy}') 只在主进程中执行；"
            "重新导入脚本的 worker 使用的是 {workers}"
        ),
    },
    "probe.evidence.kept-batches": {
        "en": "line {line} keeps every received batch alive, and each one holds shared-memory file descriptors",
        "zh-CN": "第 {line} 行让收到的每个批次一直存活，而每个批次都占用共享内存的文件描述符",
    },
    "probe.evidence.loader-size": {
        "en": (
            "the DataLoader created on line {line} uses batch_size={batch_size} and num_workers={workers}; "
            "each worker keeps up to prefetch_factor batches in shared memory"
        ),
        "zh-CN": (
            "第 {line} 行创建的 DataLoader 使用 batch_size={batch_size}、num_workers={workers}；"
            "每个 worker 最多在共享内存中保留 prefetch_factor 个批次"
        ),
    },
    # Run report
    "probe.text.title": {
        "en": "Probe of {script} (Python {python}, start method {method})",
        "zh-CN": "探测 {script}（Python {python}，启动方式 {method}）",
    },
    "probe.text.no-loaders": {"en": "No DataLoader was created.", "zh-CN": "没有创建 DataLoader。"},
    "probe.text.loader": {
        "en": "DataLoader created at {where}: num_workers={workers}, batch_size={batch_size}",
        "zh-CN": "DataLoader 创建于 {where}：num_workers={workers}，batch_size={batch_size}",
    },
    "probe.text.iteration": {
        "en": "iterated at {where} ({method}): first batch after {first}",
        "zh-CN": "在 {where} 遍历（{method}）：第一个批次用时 {first}",
    },
    "probe.text.worker": {
        "en": "worker {id}: pid {pid}, started in {ready}, first batch {first}, USS {uss}, received {pickled} pickled",
        "zh-CN": "worker {id}：pid {pid}，启动用时 {ready}，第一个批次 {first}，USS {uss}，收到 {pickled} pickle 数据",
    },
    "probe.text.other-processes": {
        "en": "Other processes started by the script: {count} ({targets})",
        "zh-CN": "脚本启动的其他进程：{count} 个（{targets}）",
    },
    "probe.text.ok": {
        "en": "No failure: every loader delivered its batches with spawned workers.",
        "zh-CN": "没有失败：每个 DataLoader 都通过 spawn 启动的 worker 交付了批数据。",
    },
    "probe.text.script-failed": {
        "en": "The script failed (exit code {code}), but not with a known DataLoader worker failure.",
        "zh-CN": "脚本失败了（退出码 {code}），但不是已知的 DataLoader worker 失败。",
    },
    "probe.text.failed": {"en": "Failures reproduced: {count}", "zh-CN": "复现的失败：{count} 个"},
    "probe.text.times": {"en": "(printed {count} times)", "zh-CN": "（出现 {count} 次）"},
    "probe.text.hang": {
        "en": (
            "Under spawn this hangs for ever on CPython before 3.13.8: "
            "the pickled worker arguments are larger than the pipe buffer."
        ),
        "zh-CN": "在 spawn 下，CPython 3.13.8 之前的版本会永远卡住：pickle 后的 worker 参数超过了管道缓冲区。",
    },
    "probe.text.help": {"en": "help:", "zh-CN": "建议："},
    "probe.text.consequences": {"en": "followed by: {kinds}", "zh-CN": "随后出现：{kinds}"},
    "probe.text.stacks": {
        "en": "Stacks of {count} processes when the run was stopped (innermost frame first):",
        "zh-CN": "停止运行时 {count} 个进程的调用栈（最内层的帧在前）：",
    },
    "probe.text.static-unavailable": {
        "en": "Static analysis: not available ({error}).",
        "zh-CN": "静态分析：不可用（{error}）。",
    },
    "probe.text.static-none": {"en": "no finding", "zh-CN": "没有发现"},
    "probe.text.static-agreed": {
        "en": "Static analysis agrees: {findings}.",
        "zh-CN": "静态分析结果一致：{findings}。",
    },
    "probe.text.static-disagreed": {
        "en": "Static analysis does not agree: {findings}.",
        "zh-CN": "静态分析结果不一致：{findings}。",
    },
    "probe.text.run": {
        "en": "Script exit code {code} after {seconds} s; {reason}; {processes} processes seen.",
        "zh-CN": "脚本在 {seconds} 秒后以退出码 {code} 结束；{reason}；共见到 {processes} 个进程。",
    },
    "probe.text.leftovers": {
        "en": "These processes could not be killed: {pids}",
        "zh-CN": "以下进程无法终止：{pids}",
    },
    "probe.text.no-leftovers": {
        "en": "No process of the run is left.",
        "zh-CN": "本次运行的进程已全部结束。",
    },
    "probe.stop.exited": {"en": "the script ended", "zh-CN": "脚本已结束"},
    "probe.stop.failure-seen": {
        "en": "stopped after a process reported a failure",
        "zh-CN": "在有进程报告失败后停止",
    },
    "probe.stop.timeout": {
        "en": "stopped after {seconds} s without progress",
        "zh-CN": "在 {seconds} 秒没有进展后停止",
    },
    # Environment report
    "probe.error.envinfo-failed": {
        "en": "cannot read the environment of {python}: {detail}",
        "zh-CN": "无法读取 {python} 的运行环境：{detail}",
    },
    "probe.error.no-torch": {
        "en": "{python} cannot import torch ({error}); give an interpreter that has torch with --python",
        "zh-CN": "{python} 无法导入 torch（{error}）；请用 --python 指定装有 torch 的解释器",
    },
    "probe.role.separator": {"en": ", ", "zh-CN": "、"},
    "probe.role.module-level": {"en": "module level", "zh-CN": "模块顶层"},
    "probe.role.worker-start": {"en": "worker start", "zh-CN": "启动 worker"},
    "probe.role.definition": {"en": "defined here", "zh-CN": "定义处"},
    "probe.role.frame": {"en": "in the traceback", "zh-CN": "回溯中"},
    "probe.env.title": {"en": "Environment for DataLoader workers", "zh-CN": "DataLoader worker 的运行环境"},
    "probe.env.os": {"en": "OS", "zh-CN": "操作系统"},
    "probe.env.python": {"en": "Python", "zh-CN": "Python"},
    "probe.env.torch": {"en": "torch", "zh-CN": "torch"},
    "probe.env.cuda-yes": {"en": "CUDA available ({devices})", "zh-CN": "CUDA 可用（{devices}）"},
    "probe.env.cuda-no": {"en": "no CUDA device", "zh-CN": "没有 CUDA 设备"},
    "probe.env.start-method": {"en": "default start method", "zh-CN": "默认启动方式"},
    "probe.env.implies.spawn": {
        "en": (
            "spawn: every worker starts a new interpreter, imports torch and re-imports the main script "
            "as __mp_main__; the script needs the __main__ guard and everything sent to workers must pickle."
        ),
        "zh-CN": (
            "spawn：每个 worker 都启动新的解释器、导入 torch，并以 __mp_main__ 重新导入主脚本；"
            "脚本需要 __main__ 保护，交给 worker 的一切都必须能 pickle。"
        ),
    },
    "probe.env.implies.fork": {
        "en": (
            "fork: workers are copies of the main process and nothing is re-imported, so unguarded "
            "scripts work here but fail on Windows, macOS and Linux with Python 3.14 (forkserver); "
            "run `loaderdoctor probe SCRIPT` to try them with spawn."
        ),
        "zh-CN": (
            "fork：worker 是主进程的副本，不会重新导入任何东西，所以没有保护的脚本在这里能运行，"
            "但在 Windows、macOS 和 Python 3.14 的 Linux（forkserver）上会失败；"
            "用 `loaderdoctor probe SCRIPT` 以 spawn 方式试运行。"
        ),
    },
    "probe.env.implies.forkserver": {
        "en": (
            "forkserver: workers are forked from a server process that imports the main script, so the "
            "script needs the __main__ guard and everything sent to workers must pickle, as with spawn."
        ),
        "zh-CN": (
            "forkserver：worker 由一个导入了主脚本的服务进程 fork 出来，所以和 spawn 一样，"
            "脚本需要 __main__ 保护，交给 worker 的一切都必须能 pickle。"
        ),
    },
    "probe.env.cpus": {"en": "CPUs", "zh-CN": "CPU"},
    "probe.env.cpus-value": {
        "en": "{logical} logical, {physical} physical, {affinity} usable by this process",
        "zh-CN": "{logical} 个逻辑核，{physical} 个物理核，本进程可用 {affinity} 个",
    },
    "probe.env.memory": {"en": "memory", "zh-CN": "内存"},
    "probe.env.memory-value": {"en": "{available} available of {total}", "zh-CN": "共 {total}，可用 {available}"},
    "probe.env.commit": {"en": "commit limit", "zh-CN": "提交限制"},
    "probe.env.swap": {"en": "swap", "zh-CN": "交换空间"},
    "probe.env.swap-value": {"en": "{used} used of {total}", "zh-CN": "共 {total}，已用 {used}"},
    "probe.env.shm": {"en": "/dev/shm", "zh-CN": "/dev/shm"},
    "probe.env.worker-cost": {"en": "one spawned worker", "zh-CN": "一个 spawn worker"},
    "probe.env.worker-cost-value": {
        "en": "{seconds} s to start and import torch, USS {uss}",
        "zh-CN": "启动并导入 torch 用时 {seconds} 秒，USS {uss}",
    },
    "probe.env.recommended": {"en": "Recommended num_workers: {number}", "zh-CN": "建议的 num_workers：{number}"},
    "probe.env.reason-cpu": {
        "en": (
            "{cpus} usable CPUs, one kept for the main process. Memory allows {memory_limit} workers "
            "of {uss} each with {available} available. Under spawn pass persistent_workers=True so "
            "that workers start once, not every epoch."
        ),
        "zh-CN": (
            "可用 CPU {cpus} 个，留一个给主进程。按每个 worker {uss}、可用内存 {available} 计算，"
            "内存允许 {memory_limit} 个 worker。在 spawn 下请设置 persistent_workers=True，"
            "让 worker 只启动一次，而不是每个 epoch 都启动。"
        ),
    },
    "probe.env.reason-memory": {
        "en": (
            "Memory is the limit: each spawned worker takes {uss} and {available} is available, so "
            "{memory_limit} workers fit in half of it ({cpus} usable CPUs would allow {cpu_limit})."
        ),
        "zh-CN": (
            "内存是瓶颈：每个 spawn worker 占用 {uss}，可用内存 {available}，其中一半可容纳 "
            "{memory_limit} 个 worker（可用 CPU {cpus} 个，本可支持 {cpu_limit} 个）。"
        ),
    },
    "probe.env.reason-one-cpu": {
        "en": "Only {cpus} usable CPU: workers would compete with the main process, so load in the main process.",
        "zh-CN": "只有 {cpus} 个可用 CPU：worker 会与主进程争抢，所以请在主进程中加载数据。",
    },
    "probe.env.demo-title": {
        "en": "Demonstration (a Dive into Deep Learning style script under spawn)",
        "zh-CN": "演示（《动手学深度学习》风格的脚本在 spawn 下运行）",
    },
    "probe.env.demo-unguarded": {
        "en": "without the __main__ guard: {kind} at {where} ({seconds} s)",
        "zh-CN": "没有 __main__ 保护：{kind}，位于 {where}（{seconds} 秒）",
    },
    "probe.env.demo-unguarded-missing": {
        "en": "without the __main__ guard: the expected failure did not happen (outcome {outcome})",
        "zh-CN": "没有 __main__ 保护：预期的失败没有出现（结果 {outcome}）",
    },
    "probe.env.demo-guarded": {
        "en": "with the guard: works ({seconds} s)",
        "zh-CN": "加上保护：正常运行（{seconds} 秒）",
    },
    "probe.env.demo-guarded-failed": {
        "en": "with the guard: failed too (outcome {outcome}, {seconds} s); probe your own script to see why",
        "zh-CN": "加上保护：同样失败（结果 {outcome}，{seconds} 秒）；请探测你自己的脚本查看原因",
    },
    "probe.env.demo-files": {
        "en": "scripts: {unguarded} and {guarded}",
        "zh-CN": "脚本：{unguarded} 和 {guarded}",
    },
}

for _kind, (_english, _chinese) in _SEEN.items():
    MESSAGES["probe.message.seen.%s" % _kind] = {"en": _english, "zh-CN": _chinese}
for _kind, (_english, _chinese) in _FIX.items():
    MESSAGES["probe.fix.%s" % _kind] = {"en": _english, "zh-CN": _chinese}
