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
    "check.sentence.join": {"en": ". ", "zh-CN": "。"},
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
    "check.report.chain": {
        "en": "chain (the module-level statement first, the worker start last):",
        "zh-CN": "调用链（第一行是模块顶层语句，最后一行是启动 worker 的位置）：",
    },
    "check.report.library": {"en": "(library)", "zh-CN": "（库）"},
    "check.report.num-workers": {
        "en": "num_workers={value}, set here:",
        "zh-CN": "num_workers={value}，取值来自：",
    },
    "check.report.help": {"en": "help: {help}", "zh-CN": "建议：{help}"},
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
}
