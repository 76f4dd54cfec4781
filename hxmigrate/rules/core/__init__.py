"""The core family: the rest of htmx 2 to htmx 4. HX1xx attributes, HX2xx the values of
`hx-on`, `hx-trigger` and `hx-swap`, HX3xx JavaScript, configuration and script tags, HX4xx
server code. The modules whose names start with "_" are the family's shared helpers; the
names themselves come from the target's table (hxmigrate/targets/core.py)."""
