"""Reading logs: encodings, NUL bytes, colour codes, carriage returns, huge lines."""

import io

from loaderdoctor.explain import decoding


def lines_of(data):
    return list(decoding.iter_binary_lines(io.BytesIO(data)))


def test_utf8_and_crlf():
    assert lines_of("a\r\nb 基础\r\n".encode("utf-8")) == ["a", "b 基础"]


def test_gbk_line_among_utf8():
    data = "first\n".encode("utf-8") + "路径 D:\\学习\\train.py\n".encode("gbk") + b"last\n"
    assert lines_of(data) == ["first", "路径 D:\\学习\\train.py", "last"]


def test_undecodable_bytes_replaced():
    [line] = lines_of(b"bad \xff\xfe\xfd end\n")
    assert line.startswith("bad ") and line.endswith(" end")


def test_utf8_bom_removed():
    assert lines_of(b"\xef\xbb\xbfTraceback\n") == ["Traceback"]


def test_utf16_with_and_without_bom():
    text = "Traceback (most recent call last):\r\n  File \"D:\\学习\\a.py\", line 3, in <module>\r\n" * 20
    expected = ["Traceback (most recent call last):", "  File \"D:\\学习\\a.py\", line 3, in <module>"] * 20
    assert lines_of(text.encode("utf-16")) == expected
    assert lines_of(text.encode("utf-16-le")) == expected
    assert lines_of(text.encode("utf-16-be")) == expected


def test_nul_bytes_removed():
    assert lines_of(b"ERROR: Unexpected bus error encountered in worker.\n\x00next\n") == [
        "ERROR: Unexpected bus error encountered in worker.", "next"]


def test_ansi_codes_removed():
    data = b"\x1b[1;35mRuntimeError\x1b[0m: \x1b[35mboom\x1b[0m\n\x1b]8;;file:///a\x07link\x1b]8;;\x07\n"
    assert lines_of(data) == ["RuntimeError: boom", "link"]


def test_carriage_return_splits_progress_bar():
    data = b"  0%|   | 0/9\r 50%|#  | 4/9\rTraceback (most recent call last):\n"
    assert lines_of(data) == ["  0%|   | 0/9", " 50%|#  | 4/9", "Traceback (most recent call last):"]


def test_huge_line_cut_into_pieces():
    data = b"x" * (decoding.MAX_LINE_BYTES * 2 + 10) + b"\nend\n"
    lines = lines_of(data)
    assert [len(line) for line in lines[:-1]] == [decoding.MAX_LINE_BYTES, decoding.MAX_LINE_BYTES, 10]
    assert lines[-1] == "end"


def test_last_line_without_newline():
    assert lines_of(b"a\nb") == ["a", "b"]


def test_text_lines_same_rules():
    text = "a\r\nb\rc\n\x1b[31md\x1b[0m\x00\n"
    assert list(decoding.iter_text_lines(text)) == ["a", "b", "c", "d"]
