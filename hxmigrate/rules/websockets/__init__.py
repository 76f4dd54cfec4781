"""The WebSocket family: htmx 2's WebSocket extension (and htmx 1.x's `hx-ws`) to htmx 4's
`hx-ws.js`. WS1xx markup, WS2xx the server's messages, WS3xx JavaScript and configuration,
WS4xx server code, WS5xx what hxmigrate cannot read or did not recognise. The modules whose
names start with "_" are the family's shared helpers."""
