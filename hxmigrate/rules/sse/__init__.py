"""The SSE family: htmx 2's `sse` extension (`htmx-ext-sse`) to htmx 4's `hx-sse.js`. SE1xx
markup, SE2xx the server's event streams, SE3xx JavaScript, configuration and script tags.
The modules whose names start with "_" are the family's shared helpers; the names come from
the target's table (hxmigrate/targets/sse.py)."""
