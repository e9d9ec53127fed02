"""HTML comments (``<!-- … -->``) taken out of text, in one pass.

What ``re.sub(r"<!--.*?-->", "", text)`` does, without its cost: the regular expression
tries every ``<!--`` against the rest of the text, so a line of many unclosed openers takes
time quadratic in its length. Here a search for the closing ``-->`` that fails ends the work
(no later opener can close either).
"""

from __future__ import annotations

_OPEN = "<!--"
_CLOSE = "-->"


def strip_html_comments(text: str, *, across_lines: bool = False) -> str:
    """``text`` without its HTML comments: each ``<!--`` up to the first ``-->`` after it.

    With ``across_lines`` a comment may span lines (``re.DOTALL``); without, a comment ends
    on the line it starts on and an opener with no ``-->`` before its line's end is text.
    """
    if _OPEN not in text:
        return text
    parts: list[str] = []
    kept = 0  # the start of the text not yet copied
    search = 0  # where the next opener is looked for
    while True:
        start = text.find(_OPEN, search)
        if start < 0:
            break
        if across_lines:
            close = text.find(_CLOSE, start + len(_OPEN))
            if close < 0:
                break  # no later opener has a closing either
        else:
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            close = text.find(_CLOSE, start + len(_OPEN), line_end)
            if close < 0:
                search = line_end + 1  # nor has any later opener on this line
                continue
        parts.append(text[kept:start])
        kept = search = close + len(_CLOSE)
    parts.append(text[kept:])
    return "".join(parts)
