"""Formula injection: text a spreadsheet would run as a formula is kept text, in one place for every export.

A cell of text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel. In an
xlsx file such a cell is written as text with Excel's quote prefix (`is_formula_like`). A csv file has no
types, and Excel may split its lines on a separator other than the writer's: Excel in a Russian locale
splits on `;`, so `Acme;=2+5;x`, quoted or not, can open as three cells, the second a formula. So csv text
gets an apostrophe (as OWASP advises) before every trigger that begins the text or follows any separator
Excel may use (`,` `;` tab, line breaks): `'=1`, `Acme;'=2+5;x`. Wherever the text is split, no piece
begins with a trigger. An apostrophe in those places is doubled, so `unescape` (the import) takes exactly
the apostrophes the export added and a file exported and imported again is unchanged.
"""

import re

TRIGGERS = "=+-@\t\r"
SEPARATORS = ",;\t\r\n"
ESCAPE = "'"
FORMULA_PREFIXES = tuple(TRIGGERS)

_class = re.escape  # characters inside [...]
# Blanks Excel may skip before a formula: `a; =1` splits into a piece " =1".
BLANKS = " \u00a0"
# A place where Excel may begin a cell: the start of the text or just after a separator, and any blanks.
_ESCAPED = re.compile(f"(^|[{_class(SEPARATORS)}])([{BLANKS}]*)(?=[{_class(TRIGGERS + ESCAPE)}])")
_UNESCAPED = re.compile(f"(^|[{_class(SEPARATORS)}])([{BLANKS}]*){ESCAPE}(?=[{_class(TRIGGERS + ESCAPE)}])")


def is_formula_like(value) -> bool:
    """Whether a spreadsheet would take the text, as one cell, for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def escape(text: str) -> str:
    """`text` for a csv cell: an apostrophe before each trigger (or apostrophe) where a cell may begin."""
    return _ESCAPED.sub(rf"\1\2{ESCAPE}", text)


def unescape(text: str) -> str:
    """Undo `escape` (an imported csv cell); text the export did not escape comes back as it is."""
    return _UNESCAPED.sub(r"\1\2", text)
