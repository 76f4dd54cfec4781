"""hxmigrate: migrate htmx 2.x WebSocket extension usage to htmx 4.x."""

__version__ = "0.1.0"
