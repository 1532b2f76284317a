"""Help texts and errors of the command line."""

MESSAGES = {
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
}
