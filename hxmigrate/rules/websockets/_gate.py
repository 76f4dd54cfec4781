"""The gate of the message rules, kept free of imports: most files are no message
templates, and deciding that must not load the tokenizer or the message analysis."""

from __future__ import annotations


def is_message(file) -> bool:
    """Whether the project takes this template for a WebSocket message (found through the
    server code, declared by ws-message-templates, or marked by a comment)."""
    return file.kind == "markup" and file.project.message_template_reason(file) is not None


def message_check(file, code: str):
    """The findings of a message rule; most templates are no message templates, so
    that is decided before the message analysis is even imported."""
    if file.kind == "markup" and not is_message(file):
        return ()
    if file.kind in ("go", "rust", "javascript"):
        sent = file.project.sent_strings
        if not sent or not sent.get(file.abspath):
            return ()  # most scripts send nothing: their front-end traced no string here
        from ._code_messages import code_message_diagnostics

        return code_message_diagnostics(file, code)
    from ._messages import message_diagnostics

    return message_diagnostics(file, code)
