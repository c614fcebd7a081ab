"""Hostile and broken release notes, generated: encodings, sizes, nesting, pathological Markdown
(after the cases of cmark's pathological tests, written anew here) and unsafe links.

Each case is (name, bytes, note) where note says what the app must do with it.
"""

from __future__ import annotations

import codecs

MB = 1 << 20
_NOTE = "## 1.0.0 - 2024-01-01\n\n### Fixed\n\n- Fix a crash [#1](https://github.com/o/r/pull/1) (@ann)\n"


def _notes(body: str) -> str:
    return "## 1.0.0 - 2024-01-01\n\n### Fixed\n\n" + body


def pathological() -> dict[str, str]:
    """Inputs that are slow for naive Markdown parsers or a naive item analysis, each a bullet
    of a release."""
    cases = {
        "nested strong emph": ("*a **a " * 5000) + "b" + (" a** a*" * 5000),
        "many emph closers with no openers": "a_ " * 30000,
        "many emph openers with no closers": "_a " * 30000,
        "many link closers with no openers": "a]" * 30000,
        "many link openers with no closers": "[a" * 30000,
        "mismatched openers and closers": "*a_ " * 20000,
        "openers and closers multiple of 3": "a**b" + "c* " * 20000,
        "link openers and emph closers": "[ a_" * 20000,
        "pattern [ (](": "[ (](" * 20000,
        "pattern ![[]()": "![[]()" * 20000,
        "hard link/emph case": "**x [a*b**c*](d)" * 5000,
        "nested brackets": "[" * 20000 + "a" + "]" * 20000,
        "nested block quotes": "> " * 10000 + "a",
        "deeply nested lists": "".join("  " * x + "* a\n" for x in range(1000)),
        "U+0000 in input": "abc\u0000de\u0000" * 1000,
        "backticks": "".join("e" + "`" * x for x in range(1, 400)),
        "unclosed links A": "[a](<b" * 20000,
        "unclosed links B": "[a](b" * 20000,
        "unclosed <!--": "</" + "<!--" * 30000,
        "reference collisions": "".join(f"[{'a' * (i % 50)}{i}]: /u{i}\n" for i in range(5000)) + "[a1] " * 5000,
        "tables": "aaa\rbbb\n-\v\n" * 20000,
        "many references": "".join(f"[{i}]: u\n" for i in range(20000)) + "[0] " * 20000,
        "issue #389": "*t " * 3000 + "_t*_ " * 3000,
        "entities": "&#x" * 20000 + "&amp;" * 20000,
        "html block openers": "<div>\n" * 10000 + "<!-- " * 10000,
        "20,000 refs in one bullet": "fix #1 " * 20000,
        "20,000 handles in one bullet": "thanks @a " * 20000,
        "10,000 cross-repo refs": "in org/repo#12 " * 10000,
        "20,000 merge requests and hashes": "!1 (abcdef1) " * 20000,
        "20,000 hidden mentions": "\u200b@a " * 20000,
        "template tags in an unclosed link": "[a](" + "{%%}{% x %}" * 10000 + " ",
        "roles and substitutions": "{{a}} {issue}`1` {x}`" * 10000,
        "HTML headings without an end": "<h2>a</h3>\n" * 10000,
        "an unreleased heading of question marks": "a\n\n## Unreleased " + "?" * 4000 + "x",
        "an unreleased heading of dashes": "a\n\n## Unreleased" + "-" * 20000 + "x",
        "a group title of one long word": "a" * 85 + "+!:\n  - b\n- " + "a" * 20000 + "+!:\n  - c",
        "an unclosed bold breaking mark": "**breaking change" + " " * 20000 + ":",
        "a credit line of names joined by and": "x\n  *" + "Ab and " * 5000 + "!*",
    }
    return {name: _notes("- " + text + "\n") for name, text in cases.items()}


def cases() -> list[tuple[str, bytes, str]]:
    """Every hostile case, generated."""
    text_bytes = _NOTE.encode()
    out: list[tuple[str, bytes, str]] = [
        ("empty file", b"", "opens with no changes"),
        ("whitespace only", b" \n\t\n   \n" * 100, "opens with no changes"),
        ("binary data", bytes(range(256)) * 64, "refused with a message"),
        ("NUL bytes", text_bytes.replace(b"Fix", b"F\x00ix"), "refused with a message"),
        # 0xFF is never UTF-8 and all but never cp1252's "ÿ": a damaged UTF-8 file, bad bytes replaced
        ("invalid UTF-8", text_bytes + b"\xff\xfe\xc3\x28 broken \xa0\n", "read as UTF-8, bad bytes as U+FFFD"),
        ("UTF-8 cut inside its last character", (_NOTE + "- caf\u00e9").encode()[:-1], "read as UTF-8"),
        ("UTF-32 with BOM", _NOTE.encode("utf-32"), "read"),
        ("UTF-32 big-endian with BOM", codecs.BOM_UTF32_BE + _NOTE.encode("utf-32-be"), "read"),
        ("UTF-16 with BOM", _NOTE.encode("utf-16"), "read"),
        ("UTF-16 without BOM", _NOTE.encode("utf-16-le"), "read"),
        ("cp1252", (_NOTE + "- caf\u00e9 \u201cquoted\u201d\n").encode("cp1252"), "read"),
        ("UTF-8 with BOM", codecs.BOM_UTF8 + text_bytes, "read"),
        ("CRLF line endings", _NOTE.replace("\n", "\r\n").encode(), "read"),
        ("lone CR line endings", _NOTE.replace("\n", "\r").encode(), "read"),
        ("no final newline", _NOTE.rstrip("\n").encode(), "read"),
        ("20 MB file", _notes("".join(f"- Change {i} [#{i}](https://github.com/o/r/pull/{i}) (@a{i % 97})\n"
                                      for i in range(320_000))).encode(), "read"),
        ("5 MB single line", _notes("- " + "word " * MB + "\n").encode(), "read"),
        ("1 MB heading", ("## " + "v1.0 " * (MB // 5) + "\n\n- a change\n").encode(), "read"),
        ("a heading with 200,000 spaces", ("## 1.0.0" + " " * 200_000 + "x [a](b) [c](d)\n\n- a change\n").encode(),
         "read"),
        ("an entry of HTML around code", _notes("- <a`0`> " * 2000 + "\n").encode(), "read"),
        ("20,000 comments opened in one entry", _notes("- x " + "<!--a " * 20_000 + "\n").encode(), "read"),
        ("10,000 releases", "".join(f"## {i}.0.0\n\n- change {i}\n\n" for i in range(10_000)).encode(), "read"),
        ("duplicate versions", ("## 1.0.0\n\n- first\n\n## 1.0.0\n\n- again\n\n" * 500).encode(), "read"),
        ("50,000 bullets in one section", _notes("".join(f"- bullet {i}\n" for i in range(50_000))).encode(), "read"),
        ("lists nested 10,000 deep", _notes("- " * 10_000 + "a\n").encode(), "read"),
        ("block quotes nested 10,000 deep", _notes("> " * 10_000 + "a\n").encode(), "read"),
        ("unclosed code fence", _notes("- a\n\n```\n- not a change\n" * 1000).encode(), "read"),
        ("unclosed HTML comment", _notes("<!-- never closed\n- still a change\n").encode(), "read"),
        ("20,000 unclosed comments, one a line", _notes("- a change\n\n" + "<!--\n" * 20_000).encode(), "read"),
        ("thousands of link reference definitions",
         _notes("- a [link][r1]\n\n" + "".join(f"[r{i}]: https://example.org/{i}\n" for i in range(20_000))).encode(),
         "read"),
        ("unsafe links and raw HTML", _notes(
            "- [js](javascript:alert(1)) [file](file:///etc/passwd) [data](data:text/html,<b>x</b>) "
            "[smb](smb://host/share) [custom](myapp://open) ![img](/etc/passwd) ![zero](/dev/zero) "
            "<script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src='https://evil'></iframe> "
            "<style>body{display:none}</style> <a href=\"javascript:alert(2)\">raw</a>\n").encode(), "read"),
    ]
    out += [(f"pathological: {name}", text.encode(), "read") for name, text in pathological().items()]
    return out
