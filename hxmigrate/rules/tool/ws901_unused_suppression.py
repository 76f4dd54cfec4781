"""Report suppression comments that silence nothing.

What it does:
    Reports an `hxmigrate: ignore[...]` comment when no finding of the codes it names is
    reported on its line or the next one (an `ignore` without codes: when nothing is).

Why:
    Suppressions excuse a reviewed 2.x construct or hazard. Once the code is migrated or
    removed, a stale suppression would silently excuse whatever is written there next.

Example:
    <!-- hxmigrate: ignore[WS105] -->
    <div class="no-connection-here"></div>

Fix safety:
    No fix: delete the comment.
"""

CODE = "WS901"
NAME = "unused-suppression"
LANGUAGES = ("markup", "javascript", "python", "go", "rust", "json", "other")
FIX = "never"
SAFETY = "safe"
TRIGGERS = ("hxmigrate:",)


def check(file):
    # The engine reports these while it applies suppressions (it alone sees which
    # findings each comment silenced); selecting or ignoring WS901 controls it.
    return ()
