// Installed before any page script on both sides: records what the page does with its
// WebSockets, the stream messages it handles and when its DOM last changed. Identical for
// htmx 2.x and 4.x pages.
(() => {
  const record = (window.__hxm = {
    opened: [],       // {path, t} per socket constructed
    opens: 0,         // 'open' events
    closes: [],       // {path, code, t}
    sent: [],         // {path, data} per frame the page sent
    processed: 0,     // messages htmx finished handling (WebSocket and stream)
    lastMutation: performance.now(),
  });
  const pathOf = (url) => {
    const u = new URL(url, location.href);
    return u.pathname + u.search;
  };
  const Native = window.WebSocket;
  class RecordedWebSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const path = pathOf(this.url);
      record.opened.push({ path, t: performance.now() });
      this.addEventListener('open', () => { record.opens += 1; });
      this.addEventListener('close', (e) => {
        record.closes.push({ path, code: e.code, t: performance.now() });
      });
    }
    send(data) {
      record.sent.push({ path: pathOf(this.url), data: typeof data === 'string' ? data : '[binary]' });
      return super.send(data);
    }
  }
  window.WebSocket = RecordedWebSocket;
  // Server-Sent Events: htmx 2's extension reads them with an EventSource, which only hands
  // an event to the listeners of its name: each source also listens for the names the
  // scenario's streams send (window.__hxmEventNames, set by the runner) and counts each
  // event once. Listeners run in one task, so by the time a wait sees the count, htmx 2
  // has swapped. htmx 4 reads streams with fetch and fires htmx:sse:after:message after
  // each message's swap or DOM event.
  const NativeSource = window.EventSource;
  if (NativeSource) {
    class RecordedEventSource extends NativeSource {
      constructor(url, options) {
        super(url, options);
        for (const name of new Set(['message', ...(window.__hxmEventNames || [])])) {
          this.addEventListener(name, () => { record.processed += 1; });
        }
      }
    }
    window.EventSource = RecordedEventSource;
  }
  // 2.x fires htmx:wsAfterMessage, 4.x htmx:ws:after:message:incoming, once per message.
  for (const name of ['htmx:wsAfterMessage', 'htmx:ws:after:message:incoming', 'htmx:sse:after:message']) {
    document.addEventListener(name, () => { record.processed += 1; }, true);
  }
  new MutationObserver(() => { record.lastMutation = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();
