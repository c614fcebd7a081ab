"""Inputs the fuzzer (tests/fuzz_parse.py) found to break something, kept as regular tests."""

import base64
import signal

from explorer.model import Ref
from explorer.parse import decode, parse_text
from explorer.render import change_html, link_html

# A ref URL with "[" in its host made urllib's urlsplit raise "Invalid IPv6 URL" while the
# detail pane was rendered.
IPV6_CRASH = base64.b64decode(
    "MTQgT2N0IDIwMjYKCiMjIyMgVXNlciBhY3Rpb24gcmVxdWlyZWQgaWYgdXBncmFkaW5nIHRvIHYzLjEuMAoKIC0gVGhlIGB0aWRlbGluZWAgb3BlcmF0b3Igbm93IG5lZWRzIHRoZSBgZHJpZnR3b29kLXN5c3RlbWAgbmFtZSMjIDEuMi4wIChNYXJjaCAzLCAyMDI1KQoKVVBHUkFERSBOT1RFUzoKCiogVGhlIGFnZW50IG5vdyByZWZ1c2VzIHRvIHN0YXJ0IHdoZW4gdHdvIElQIHBvb2xzIG99ZXJsYXA7IGZpeCB0aGUgcG9vbHMgYmVmb3JlIHVwZ3JhZGluZyAoWyMyMs/PoteXi4uOczovL2dpdGh1Yi5jb20vZHJpZnR3b29kLWV4YW1wbGUvZHJpZnR3b29kL2lzc3Vlcy8yMjEwKSkKCkZFQVRVZ2VudC55YW1sYDsgdGhlIG9sZAogIGAvZXRjL2RyaWZ0d29vZG8uIGZjbmBpcyBubyBsb25nZXIgcmVhZAogIChbIzM2NDldKG9mIGF1dG9tYXRpYyBhc3NpZ25tZW50IChbIzIxODhdKGh0dHBzOi8vZ2l0aHViLmNvbS9kcmlmc3BhY2UgdG8gZXhpc3QgYmVmb3JlIGluc3RhbGw7IGNyZWF0ZSBpdCB3aXRoIGBrdWJlY3RsIGNyZWF0ZSBuYW1lc3BhY2UgZHJpZnR3b29kLXN5c3RlbWAuIFtkcmlmdHdvb2QgIzQxMjBdKHQ6cC9zL2h0Z2l0aHViLmNvbS9kcmlmdHdvb2QtZXhhbXBsZS9kcmlmdHdvb2QvcHVsbC80MTIwKSAoQG1hcmlzb2wtaykKCiMjIyMgRmFzdGVyIHJvdXRlIGNvbnZlcmdlbmNlCgpSb3V0ZSB1cGRhdGVzIG5vdyBmbG93IHRocm91Z2ggYSBiYXRjaGluZyBwaXBlbGluZS4gT24gYSAyLDAwMC1ub2RlIHRlc3QgY2x1c3RlciwgY29udmVyZ2VuY2UgYWZ0ZXIgYSBub2RlIGZhaWx1cmUgZHJvcHBlZCBmcm9tIHR3b29kLWV4YW1wbGUvZHJpZnQ2d29vZC9pc3N1ZXMoWyMxMSBzIHRvIHVuZGVyIDIgcy4gUmVhZCB0aGUgW3R1bmluZyBndWlkZV0oaHR0cHM6Ly9kb2NzLmV4YW1wbGUub3JnL2RyaWZ0d29vZC90dW5pbmcpIGZvciB0aGUgbmV3IGtub2JzLgoKUHVsbCBYZXF1ZXN0czoKCiAtIEJhdGNoIHJvdXRlIHVwZGF0ZXMgaW4gdGhlIGRhdGFwbGFuZSBhZ2VudCBbZHJpZnR3b29kICM0MTAyXShodHRwczovL2dpdGh1Yi5jb20vZHJpZnR3b29kLWV4YW1wbGUvZHJpZnR3b29kL3B1bGwvNDEwMikgKEBveWVsYXJhbikKIC0gQWRkIGByb3V0ZUJhdGNoV2luZG93YCB0byB0aGUgYWdlbnQgY29uZmlndXJhdGlvbiBbZHJpZnR3b29kICM0MDk3XShodHRwczovL2dpdGh1Yi5jb20vZHJpZnR3b29kLWV4YW1wbGUvZHJpZnR3b29kL3B1bGwvNDA5NykgKEBveWVsYXJhbikKCiMjIyMgQnVnIGZpeGVzCgojIyMjIyBHZW5lcmFsCgogLSBGaXggdGhhdCB0aGUgYWdlbnQgbG9nZ2VkIGA8bmlsPmAgaW5zdGVhZCBvZiB0aGUgaW50ZXJmYWNlIG5hbWUgb24gc3RhcnQtdXAuIFtkcmlmdHdvb2QgIzQxMzFdKGh0dHBzOi8vZ2l0aHViLmNvbS9kcmlmdHdvb2QtZXhhbXBsZS9kcmlmdHdvb2QvcHVsbC80MTMxKSAoQHBldHJhLXYpCiAtIEZpeCBhIHJhY2UgYmV0d2VlbiBwb2xpY3kgc3luYyBhbmQgZW5kcG9pbnQgZGVsZXRpb24gdGhhdCBjb3VsZCBsZWF2ZSBzdGFsZSBydWxlcyBiZWhpbmQuIFtkcmlmdHRbYm90XSkKIC0gV2luZG93czogcmVwb3J0IHRoZSBITlMgbmV0d29yayBuYW1lIGluIGRpYWdub3N0aWNzIGJ1bmRsZXMgW2RyaWZ0d29vZCAjNDExMV0oaHR0cHM6Ly9naTIyMDFdKGh0dHBzOi/OZ2l0aHViLmNvbS9kcmlmdHdvb2QtZXhhbXRwbGUvZHJpZnR3b29k0Z1zc3Vlcy8yMjAxKSkKKiBkYXRhcGxhbmU6IGZpeCBNVFUgZGV0ZWN0aW9uIG9uIGJvbmRlZCBpbnRlcmZhY2VzIChbIzIxOTVdKGh0dCkpCgpodWIuY29tL2RyaWZ0d29vZC1leGFtcGxlL2RyaWZ0d29vZC9wdWxsLzQxMTEpIChAaW5lcy1hZ3VhZG8pIFtkcmlmdHdvIyMgMS4xLjBvZCAjNDExMl0="
)


def test_a_url_with_a_bracket_renders():
    assert link_html("https://[broken/x", "x") == '<a href="https://[broken/x">x</a>'
    assert link_html("xx[s://a", "y") == "y"  # no scheme: shown as text, like a relative link


def test_fuzzer_input_with_a_bracketed_url_renders():
    log = parse_text(decode(IPV6_CRASH), "crash-release-notes.md")
    assert log.changes
    for change in log.changes:
        change_html(change)


def test_ref_with_any_url_renders():
    from explorer.parse import parse_text as parse

    change = parse("## 1.0.0\n\n- x\n", "x.md").changes[0]
    weird = change.__class__(**{**{f: getattr(change, f) for f in change.__dataclass_fields__},
                                "refs": (Ref("r", "1", "ht[tp://[::1/x", "pr"),)})
    assert "r#1" in change_html(weird) and "ht[tp" not in change_html(weird)


# A link label with many backticks and no closing "](" sent the token pattern into exponential
# backtracking (a label character could be read two ways). Found as a 10 s timeout.
BACKTICK_LABEL_HANG = base64.b64decode(
    "IyBDaGFuZ2Vsb2cKCkFsbCBub3RhYmxlIGNoYW5nZXMgdG8gdGhpcyBwcm9qZWN0IHdpbGwgYmUgZG9jdW1lbnRlZCBpbiB0aGl0ZXh0bGUuCgpUaGUgZm9ybWF0IGlzIGJhc2VkIG9uIFtLZWVwIGEgQ2hhbmdlbG9nXShodHRwczovL2tlZXBhY2hhbmdlbG9nLmNvbS9lbi8yLjAuMC8pLAphbmQgdGhpcyBwcm9qZWN0IGFkaGVyZXMgdG8gW1NlbWFudGljIFZlcnNpb25pbmddKGh0dHBzOi8vc2VtdmVyLm9yZy9zcGVjL3YyLjAuMC5odG1sKS4KCiMjIFtVbnJlbGVhc2VkXQoKIyMgWzIuMC4wXSAtIDIwMjYtMDYtMDcKCjIuMC4wIGlzIHRoZSBmaXJzdCBtYWpvciByZXZpc2lvbiBvZiBLZWVwIGEgQ2hhbmdlbG9nLiBJdCBicmVha3MgdGhlIGd1aWRhbmNlLApub3QgdGhlIGZvcm1hdDogdGhlIHNpeCBjaGFuZ2UgdHlwZXMsIGBZWVlZLU1NLUREYCBkYXRlcywgYW5kIHRoZSBgVW5yZWxlYXNlZGAKYW5kIGBbWUFOS0VEXWAgbWFya2VycyBhcmUgYWxsIHVuY2hhbmdlZCwgc28geW91ciBleGlzdGluZyBjaGFuZ2Vsb2cgc3RheXMgdmFsaWQuCldoYXQgYnJlYWtzIGlzIHRoZSBzdXJmYWNlIGFyb3VuZCBpdC4gVGhlIHBhZ2UgaXMgcmVzdHJ1Y3R1cmVkIHNvIHNvbWUgb2xkZXIKc2VjdGlvbiBsaW5rcyBubyBsb25nZXIgcmVzb2x2ZSwgdGhlIHJlY29tbWVuZGVkIGd1aWRhbmNlIGhhcyBzaGlmdGVkLCBhbmQKZXhpc3RpbmcgdHJhbnNsYXRpb25zIGFyZSBvdXQgb2YgZGF0ZSB1bnRpbCB0aGV5IGNhdGNoIHVwLiBUaGUgYnJlYWtpbmcgY2hhbmdlcwphcmUgbWFya2VkIGJlbG93LgoKIyMjIEFkZGVkCgotIE5ldyBndWlkYW5jZSBhbnN3ZXJpbmcgbG9uZy1zdGFuZGluZyBjb21tdW5pdHkgcXVlc3Rpb25zOgogIC0gRm9ybWF0OiB0aGUgYCMgQ2hhbmdlbG9nYCBoZWFkZXIgcHJlYW1ibGU7IG1hcmtpbmcgYnJlYWtpbmcgY2hhbmdlcyBhbmQKICAgIHdoZXJlIHVwZ3JhZGUgc3RlcHMgYmVsb25nOyBjaG9vc2luZyBiZXR3ZWVuIENoYW5nZWQsIEZpeGVkLCBhbmQgU2VjdXJpdHk7CiAgICBsZWFkaW5nIGEgU2VjdXJpdHkgZW50cnkgd2l0aCBpdHMgQ1ZFOyB3aHkgdGhlIHNpeCBjaGFuZ2UgdHlwZXMgZG9uJ3QgZ3Jvdy4KICAtIFZlcnNpb25pbmc6IHNjaGVtZXMgYmV5b25kIFNlbVZlciwgYW5kIGxpbmtpbmcgZWFjaCB2ZXJzaW9uIHRvIGEgYGNvbXBhcmVgCiAgbmdlbG9nCiAgICBkZWxpYl9pcF9yZXNlUEdSQURFIE5PVEVTOgoKKiBUaGUgYa6urq6urq6urq6urq6urq6urq6urq6uZ2VuLjJdKCN2MTI3MC1hbHBoYTIpCiAgLSBbMTQgT2N0RG93bmwjYWRzIGZvciB2MS4yNy4xLWFscGhhLjJdKCNkMikqKiBgZHJpZnR3b29kX2lwX3Jlc2VQR1JBREUgTk9URVNmb3ItdjEyNzAtYWxwaGEyKQogICAgLSBbU291cmNlIENvZGVdKCNzb3VyY2UtY29kZSkKCiAgICAtIFdGZWF0dXJlXSgjZmVhdHVyZS1hbHBoYTIpCiAgICAtIFtTb3VyY2UgQ29kZV0oI3NvdXJjZS1jb2RlKQoKICAgIC0gV0Z1KHJlXWV0YSNmZWF0dXIgIC0gW1NvdXJjZSBDb2RlXSgjc291cmNlLWNvZGUpCgogICAgLSBXRmVFTmU6KiogYGRyaWZ0d29vZF9pcF9yZXNlUEdSQURFIE5PVEVTOgoKKiBUaGUgYa6urq6urq6urq6urq6urq6urq6urq6uZ2VuLjJdKCN2MTI3MC1hbHBoYTIpCiAgLSBbMTQgT2N0RG93bmxvYWRzIGZvciB2MS4yLS0gQkVHSU4gTVVOR0U6IEdFTmU6KiogYGRyaWZ0d29vZF9pcF9yZXNlUGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBUVyB0cmFuc2xhdGlvbi4KLSBJbXByb3ZlIFNwYW5pc2ggKGVzLUVTKSB0cmFuc2x0aW9uLg=="
)


def _within(seconds: int):
    def alarm(_signum, _frame):
        raise TimeoutError(f"took over {seconds} s")

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)


def test_fuzzer_input_with_backticks_in_a_label_is_quick():
    _within(5)
    try:
        log = parse_text(decode(BACKTICK_LABEL_HANG), "hang-release-notes.md")
        assert len(log.changes) == 4
        assert parse_text("- [" + "`a" * 40 + " x\n", "v1.0.0.md").changes
    finally:
        signal.alarm(0)


def test_an_html_tag_around_code_reads():
    # "<a`0`>": the tag's removal took the stand-in for the code with it, and the summary's
    # code could not be put back (a ValueError that left the whole file unread).
    log = parse_text("## 1.0.0\n\n- <a`0`> and <b `x`> stay readable\n", "CHANGELOG.md")
    assert not log.errors and [c.summary for c in log.changes] == ["<a0> and <b x> stay readable"]
