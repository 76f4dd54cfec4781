"""The gate of the message rules, kept free of imports: most files are no message
templates, and deciding that must not load the tokenizer or the message analysis."""

from __future__ import annotations

from ._markup import is_message
from ._messages import message_diagnostics


def message_check(file, code: str):
    """The findings of a message rule; most templates are no message templates, so
    that is decided before the message analysis is even imported."""
    if file.kind == "markup" and not is_message(file):
        return ()

    return message_diagnostics(file, code)
