"""hxmigrate: migrate htmx 2 projects (the core, the WebSocket and SSE extensions) to htmx 4."""

__version__ = "0.1.0"
