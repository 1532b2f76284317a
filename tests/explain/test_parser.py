"""The parser on its own: frames and messages in damaged text, and bounded state."""

from loaderdoctor.explain.analyze import analyze_text
from loaderdoctor.explain.classify import Analyzer
from loaderdoctor.explain.parse import LogParser


def parse_blocks(text):
    blocks = []
    parser = LogParser(blocks.append)
    for line in text.splitlines():
        parser.feed(line)
    parser.finish()
    return parser, blocks


def frames_of(blocks):
    return [(frame.path, frame.line, frame.func) for block in blocks for frame in block.ordered_frames()]


def test_frame_glued_after_other_output():
    text = ("Traceback (most recent call last):\n"
            "^^    ^^self._launch(process_obj)  File \"/a/spawn.py\", line 246, in prepare\n"
            "  File \"/home/u/t.py\", line 9, in <module>\n"
            "ValueError: x\n")
    _, blocks = parse_blocks(text)
    assert frames_of(blocks) == [("/a/spawn.py", 246, "prepare"), ("/home/u/t.py", 9, "<module>")]


def test_header_after_progress_bar():
    text = "98%|#########| 1206/1232 [Traceback (most recent call last):\n  File \"t.py\", line 3, in f\nKeyError: 1\n"
    parser, blocks = parse_blocks(text)
    assert parser.tracebacks == 1
    assert frames_of(blocks) == [("t.py", 3, "f")]
    assert blocks[0].exceptions[0][:2] == ("KeyError", "1")


def test_frame_header_cut_in_two():
    text = ("Traceback (most recent call last):\n"
            "  File \"C:\\Users\\me\\Desk\n"
            "top\\train.py\", line 12, in <module>\n"
            "RuntimeError: boom\n")
    _, blocks = parse_blocks(text)
    assert frames_of(blocks) == [("C:\\Users\\me\\Desktop\\train.py", 12, "<module>")]


def test_caret_prefixed_exception_line_closes():
    text = "Traceback (most recent call last):\n  File \"t.py\", line 3, in f\n^^^^KeyError: 1\nafter\n"
    _, blocks = parse_blocks(text)
    assert blocks[0].exceptions[0][0] == "KeyError"
    assert blocks[0].open == 0


def test_quoted_and_rank_prefixes():
    text = ("> Traceback (most recent call last):\n"
            ">   File \"t.py\", line 3, in f\n"
            ">     x = d[k]\n"
            "> KeyError: 1\n"
            "[rank0]: Traceback (most recent call last):\n"
            "[rank0]:   File \"u.py\", line 4, in g\n"
            "[rank0]: ValueError: bad\n")
    parser, blocks = parse_blocks(text)
    assert [block.exceptions[0][0] for block in blocks] == ["KeyError", "ValueError"]
    assert parser.frame_text(blocks[0].ordered_frames()[0]) == "x = d[k]"


def test_faulthandler_stack_reversed():
    text = ("Current thread 0x00007f (most recent call first):\n"
            "  File \"/usr/lib/python3.11/multiprocessing/popen_spawn_posix.py\", line 62 in _launch\n"
            "  File \"/home/u/train.py\", line 23 in <module>\n")
    _, blocks = parse_blocks(text)
    assert frames_of(blocks) == [("/home/u/train.py", 23, "<module>"),
                                 ("/usr/lib/python3.11/multiprocessing/popen_spawn_posix.py", 62, "_launch")]


def test_message_quoted_in_source_is_not_a_signal():
    text = ("Traceback (most recent call last):\n"
            "  File \"/usr/lib/python3.11/multiprocessing/context.py\", line 247, in set_start_method\n"
            "    raise RuntimeError('context has already been set')\n")
    _, blocks = parse_blocks(text)
    assert [signal for block in blocks for signal in block.signals] == []


def test_source_line_votes_pick_clean_copy():
    frame = "  File \"/home/u/t.py\", line 9, in <module>\n"
    text = ("Traceback (most recent call last):\n" + frame + "    child.start()child.start()\n"
            + frame + "    ^^^child.start()\n" + frame + "    child.start()\n" + "RuntimeError: x\n")
    parser, blocks = parse_blocks(text)
    assert parser.frame_text(blocks[0].ordered_frames()[0]) == "child.start()"


def test_unclosed_traceback_then_complete_one():
    # A worker killed while printing leaves a traceback without its exception line.
    killed = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
    complete = ("Traceback (most recent call last):\n  File \"/home/u/t.py\", line 4, in <module>\n"
                "    mp.set_start_method('spawn')\n"
                "  File \"/usr/lib/python3.11/multiprocessing/context.py\", line 247, in set_start_method\n"
                "    raise RuntimeError('context has already been set')\n"
                "RuntimeError: context has already been set\n")
    diagnosis = analyze_text(killed + complete)
    assert [failure.kind for failure in diagnosis.failures] == ["start-method-already-set"]
    assert diagnosis.failures[0].locations[0].line == 4


def test_pool_respawn_log_stays_bounded():
    # A Pool that respawns children dying in the bootstrap prints the same
    # traceback hundreds of times; state must not grow with it.
    one = ("Traceback (most recent call last):\n"
           "  File \"<string>\", line 1, in <module>\n"
           "  File \"/usr/lib/python3.11/multiprocessing/spawn.py\", line 131, in _main\n"
           "  File \"<frozen runpy>\", line 88, in _run_code\n"
           "  File \"/home/u/prepare.py\", line 17, in <module>\n"
           "    with mp.Pool(processes=2) as pool:\n"
           "  File \"/usr/lib/python3.11/multiprocessing/context.py\", line 119, in Pool\n"
           "  File \"/usr/lib/python3.11/multiprocessing/spawn.py\", line 140, in _check_not_importing_main\n"
           "RuntimeError: \n"
           "        An attempt has been made to start a new process before the\n"
           "        current process has finished its bootstrapping phase.\n")
    analyzer = Analyzer()
    parser = LogParser(analyzer.add_block)
    for _ in range(3000):
        for line in one.splitlines():
            parser.feed(line)
    parser.finish()
    incidents = analyzer.finish()
    assert [incident.kind for incident in incidents] == ["unguarded-start"]
    assert incidents[0].count == 3000
    assert len(incidents[0].evidence) <= 6
    assert len(parser.frame_texts) <= 10
