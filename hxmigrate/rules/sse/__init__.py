"""The SSE family: htmx 2's `sse` extension (`htmx-ext-sse`) to htmx 4's `hx-sse.js`. SE1xx
markup, SE2xx the server's event streams, SE3xx JavaScript, configuration and script tags.
The modules whose names start with "_" are the family's shared helpers (`_markup`: connection
elements and the `sse-swap` elements that listen to them); the names come from the target's
table (hxmigrate/targets/sse.py), and a target without one (`sse` None) gets no SSE finding."""
