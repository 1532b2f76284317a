"""``loaderdoctor explain``: name the failure in a pasted log and point at the user's lines.

The API is light enough for the probe to call on a child's stderr: it
imports neither torch nor psutil.
"""

from loaderdoctor.explain.analyze import analyze_bytes, analyze_file, analyze_lines, analyze_stream, analyze_text
from loaderdoctor.explain.diagnosis import Diagnosis

__all__ = ["Diagnosis", "analyze_bytes", "analyze_file", "analyze_lines", "analyze_stream", "analyze_text"]
