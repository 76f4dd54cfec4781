"""Browser harness of hxmigrate: one scenario, two sides (htmx 2.x as written, htmx 4.x as
migrated by the real CLI), driven through the same steps in Chromium and compared."""
