"""Help texts and errors of the command line."""

MESSAGES = {
    "cli.group.help": {
        "en": "Find, reproduce and explain PyTorch DataLoader worker failures under spawn.",
        "zh-CN": "查找、复现并解释 PyTorch DataLoader worker 在 spawn 下的故障。",
    },
    "cli.option.lang": {
        "en": "Language of messages: en or zh-CN (default: LOADERDOCTOR_LANG, then the locale).",
        "zh-CN": "消息的语言：en 或 zh-CN（默认依次取 LOADERDOCTOR_LANG 和系统的区域设置）。",
    },
    "cli.aborted": {"en": "Aborted.", "zh-CN": "已中止。"},
    "cli.error": {"en": "loaderdoctor: error: {error}", "zh-CN": "loaderdoctor: 错误：{error}"},
    "cli.warning": {"en": "loaderdoctor: warning: {warning}", "zh-CN": "loaderdoctor: 警告：{warning}"},
    "cli.no-working-folder": {
        "en": "the current folder no longer exists; change to an existing folder and run the command again",
        "zh-CN": "当前目录已不存在；请切换到一个存在的目录后重新运行命令",
    },
    # Click's own texts. The "en" template of each key is exactly the text
    # that click 8 passes to gettext, and loaderdoctor.cli finds the key by
    # that text. Click fills in the placeholders.
    "cli.click.usage": {"en": "Usage:", "zh-CN": "用法:"},
    "cli.click.options": {"en": "Options", "zh-CN": "选项"},
    "cli.click.commands": {"en": "Commands", "zh-CN": "命令"},
    "cli.click.default": {"en": "default: {default}", "zh-CN": "默认：{default}"},
    "cli.click.env-var": {"en": "env var: {var}", "zh-CN": "环境变量：{var}"},
    "cli.click.show-help": {"en": "Show this message and exit.", "zh-CN": "显示本帮助信息并退出。"},
    "cli.click.show-version": {"en": "Show the version and exit.", "zh-CN": "显示版本号并退出。"},
    "cli.click.error": {"en": "Error: {message}", "zh-CN": "错误：{message}"},
    "cli.click.try-help": {"en": "Try '{command} {option}' for help.", "zh-CN": "运行 '{command} {option}' 查看帮助。"},
    "cli.click.invalid-value-for": {
        "en": "Invalid value for {param_hint}: {message}",
        "zh-CN": "{param_hint} 的值无效：{message}",
    },
    "cli.click.invalid-value": {"en": "Invalid value: {message}", "zh-CN": "值无效：{message}"},
    "cli.click.missing-argument": {"en": "Missing argument", "zh-CN": "缺少参数"},
    "cli.click.missing-option": {"en": "Missing option", "zh-CN": "缺少选项"},
    "cli.click.missing-parameter": {"en": "Missing parameter", "zh-CN": "缺少参数"},
    "cli.click.missing-command": {"en": "Missing command.", "zh-CN": "缺少命令。"},
    "cli.click.no-such-option": {"en": "No such option {name!r}.", "zh-CN": "没有名为 {name!r} 的选项。"},
    "cli.click.no-such-command": {"en": "No such command {name!r}.", "zh-CN": "没有名为 {name!r} 的命令。"},
    "cli.click.did-you-mean": {"en": "Did you mean {possibility}?", "zh-CN": "是不是想用 {possibility}？"},
    "cli.click.did-you-mean-one-of": {
        "en": "(Did you mean one of: {possibilities}?)",
        "zh-CN": "（是不是想用其中之一：{possibilities}？）",
    },
    "cli.click.extra-argument": {"en": "Got unexpected extra argument ({args})", "zh-CN": "多出了无法识别的参数（{args}）"},
    "cli.click.extra-arguments": {
        "en": "Got unexpected extra arguments ({args})",
        "zh-CN": "多出了无法识别的参数（{args}）",
    },
    "cli.click.option-takes-no-value": {
        "en": "Option {name!r} does not take a value.",
        "zh-CN": "选项 {name!r} 不接受取值。",
    },
    "cli.click.option-requires-value": {
        "en": "Option {name!r} requires an argument.",
        "zh-CN": "选项 {name!r} 需要一个取值。",
    },
    "cli.click.option-requires-values": {
        "en": "Option {name!r} requires {nargs} arguments.",
        "zh-CN": "选项 {name!r} 需要 {nargs} 个取值。",
    },
    "cli.click.not-the-choice": {"en": "{value!r} is not {choice}.", "zh-CN": "{value!r} 不是 {choice}。"},
    "cli.click.not-a-choice": {"en": "{value!r} is not one of {choices}.", "zh-CN": "{value!r} 不是 {choices} 之一。"},
    "cli.click.choose-from": {"en": "Choose from:\n\t{choices}", "zh-CN": "可选的值：\n\t{choices}"},
    "cli.click.not-a-number": {
        "en": "{value!r} is not a valid {number_type}.",
        "zh-CN": "{value!r} 不是有效的 {number_type}。",
    },
    "cli.click.out-of-range": {"en": "{value} is not in the range {range}.", "zh-CN": "{value} 不在 {range} 范围内。"},
    "cli.click.path-missing": {"en": "{name} {filename!r} does not exist.", "zh-CN": "{name} {filename!r} 不存在。"},
    "cli.click.path-is-file": {"en": "{name} {filename!r} is a file.", "zh-CN": "{name} {filename!r} 是文件。"},
    "cli.click.path-is-directory": {
        "en": "{name} {filename!r} is a directory.",
        "zh-CN": "{name} {filename!r} 是目录。",
    },
    "cli.click.path-not-readable": {
        "en": "{name} {filename!r} is not readable.",
        "zh-CN": "{name} {filename!r} 不可读。",
    },
    "cli.click.file": {"en": "file", "zh-CN": "文件"},
    "cli.click.directory": {"en": "directory", "zh-CN": "目录"},
    "cli.click.path": {"en": "path", "zh-CN": "路径"},
    "cli.check.help": {
        "en": (
            "Find code that breaks when DataLoader workers are spawned. PATHS are files, folders "
            "(searched for .py and .ipynb files) or - for standard input; the default is the current folder. "
            "Exit status: 0 no problems, 1 problems found, 2 a file or option could not be handled."
        ),
        "zh-CN": (
            "查找在以 spawn 方式启动 DataLoader worker 时会出错的代码。PATHS 可以是文件、目录"
            "（在其中查找 .py 和 .ipynb 文件）或表示标准输入的 -；默认为当前目录。"
            "退出码：0 没有问题，1 发现问题，2 有文件或选项无法处理。"
        ),
    },
    "cli.check.format": {
        "en": "Output format.",
        "zh-CN": "输出格式。",
    },
    "cli.check.select": {
        "en": "Report only these rule codes or prefixes (comma-separated, repeatable), e.g. LD001.",
        "zh-CN": "只报告这些规则代码或前缀（逗号分隔，可重复），例如 LD001。",
    },
    "cli.check.ignore": {
        "en": "Do not report these rule codes or prefixes (comma-separated, repeatable).",
        "zh-CN": "不报告这些规则代码或前缀（逗号分隔，可重复）。",
    },
    "cli.check.stdin-filename": {
        "en": "The file name to show, and to resolve imports from, when the source is read from standard input.",
        "zh-CN": "从标准输入读取源码时显示的文件名，也用于从该位置解析 import。",
    },
    "cli.check.exit-zero": {
        "en": "Exit with status 0 even when problems are found.",
        "zh-CN": "即使发现问题也以退出码 0 结束。",
    },
    "cli.check.format-unavailable": {
        "en": "the output format {format!r} is not available in this version",
        "zh-CN": "此版本不支持输出格式 {format!r}",
    },
    "cli.check.config": {
        "en": (
            "Read settings from this file only: a .toml file with a [tool.loaderdoctor] table, "
            "or an INI file such as setup.cfg with a [loaderdoctor] section."
        ),
        "zh-CN": (
            "只从该文件读取设置：含 [tool.loaderdoctor] 表的 .toml 文件，"
            "或含 [loaderdoctor] 节的 INI 文件（如 setup.cfg）。"
        ),
    },
    "cli.check.isolated": {
        "en": "Ignore pyproject.toml and setup.cfg; use only the command-line options.",
        "zh-CN": "忽略 pyproject.toml 和 setup.cfg，只使用命令行选项。",
    },
    "cli.check.exclude": {
        "en": (
            "Skip files and folders matching these glob patterns (comma-separated, repeatable); "
            "replaces `exclude` from the configuration file."
        ),
        "zh-CN": "跳过匹配这些通配符模式的文件和目录（逗号分隔，可重复）；替换配置文件中的 `exclude`。",
    },
    "cli.check.extend-exclude": {
        "en": "Skip files and folders matching these glob patterns as well (comma-separated, repeatable).",
        "zh-CN": "额外跳过匹配这些通配符模式的文件和目录（逗号分隔，可重复）。",
    },
    "cli.check.per-file-ignores": {
        "en": (
            'Do not report CODES in files matching PATTERN, given as "PATTERN:CODES" pairs (repeatable); '
            "replaces `per-file-ignores` from the configuration file."
        ),
        "zh-CN": (
            '在匹配 PATTERN 的文件中不报告 CODES，格式为 "PATTERN:CODES"（可重复）；'
            "替换配置文件中的 `per-file-ignores`。"
        ),
    },
    "cli.check.output-file": {
        "en": "Write the report to this file (UTF-8) instead of standard output.",
        "zh-CN": "把报告写入该文件（UTF-8），而不是标准输出。",
    },
    "cli.check.statistics": {
        "en": "Print the number of problems per rule instead of each problem.",
        "zh-CN": "按规则统计问题数量并打印，而不是逐条列出问题。",
    },
    "cli.check.output-file-error": {
        "en": "cannot write the report to {path}: {error}",
        "zh-CN": "无法把报告写入 {path}：{error}",
    },
    "cli.rule.help": {
        "en": "List the rules, or print the documentation of the rule CODE.",
        "zh-CN": "列出全部规则，或打印规则 CODE 的文档。",
    },
    "cli.rule.format": {"en": "Output format.", "zh-CN": "输出格式。"},
    "cli.rule.unknown": {
        "en": "unknown rule {code!r}; known rules: {codes}",
        "zh-CN": "未知规则 {code!r}；已有的规则：{codes}",
    },
    "cli.rule.kind": {"en": "Failure kind: `{kind}`", "zh-CN": "故障类型：`{kind}`"},
    "cli.check.no-cache": {
        "en": "Check every file afresh, without reading or writing the result cache.",
        "zh-CN": "重新检查每个文件，不读取也不写入结果缓存。",
    },
    "cli.check.cache-dir": {
        "en": "Folder of the result cache (default: LOADERDOCTOR_CACHE_DIR, else the user cache folder). Deleting it is always safe.",
        "zh-CN": "结果缓存所在的目录（默认取 LOADERDOCTOR_CACHE_DIR，否则为用户缓存目录）。随时可以删除它。",
    },
}
