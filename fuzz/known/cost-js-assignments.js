htmx.createWebSocket = (u) => new WebSocket(u);
