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
    # Integrations: configuration, worker starters, statistics, SARIF and GitHub output.
    "check.worker-starter.workers": {
        "en": "chosen inside {name}",
        "zh-CN": "由 {name} 内部决定",
    },
    "check.config.invalid-value": {
        "en": "{path}: invalid value for `{key}` in {section}: expected {expected}, got {value}",
        "zh-CN": "{path}：{section} 中 `{key}` 的值无效：应为{expected}，实际为 {value}",
    },
    "check.config.unknown-key": {
        "en": "{path}: unknown key `{key}` in {section}; known keys: {keys}",
        "zh-CN": "{path}：{section} 中有未知的键 `{key}`；可用的键：{keys}",
    },
    "check.config.duplicate-key": {
        "en": "{path}: `{key}` is set twice in {section} (as written and with the other spelling of - and _)",
        "zh-CN": "{path}：{section} 中 `{key}` 被设置了两次（一次按原样，一次用 - 与 _ 互换的写法）",
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
        "en": 'rule codes or prefixes such as "LD001" or "LD"',
        "zh-CN": '规则代码或前缀，例如 "LD001" 或 "LD"',
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
