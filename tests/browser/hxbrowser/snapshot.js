// The page's <body> as indented text, one node per line, in a form both sides share:
// htmx's transient classes and attributes are gone, the 2.x names (ws-connect, ws-send,
// hx-ws, hx-on::ws-*, Alpine's @htmx:ws-*, sse-connect, sse-close) are written with their
// 4.x equivalents, hx-ext loses "ws" and "sse", and a connection element's hx-swap="none"
// (added by the migration, meaningless in 2.x) is dropped. Scripts and comments are left out; whitespace in text is collapsed.
// With dom "behaviour" (core scenarios, whose migration renames attributes) htmx's own
// attributes are left out instead (hx-*, data-hx-*, the extensions' ws-*/sse-*/preload and
// Alpine listeners of htmx events, and htmx 2's data-disabled-by-htmx marker), and each form
// control shows its live `disabled`.
({ side, dom }) => {
  const behaviour = dom === 'behaviour';
  const EXTENSION_ATTRIBUTES = new Set([
    'ws-connect', 'ws-send', 'sse-connect', 'sse-swap', 'sse-close', 'preload', 'preload-images',
  ]);
  const TRANSIENT = new Set(['htmx-request', 'htmx-settling', 'htmx-swapping', 'htmx-added']);
  const EVENTS_2_TO_4 = {
    'ws-connecting': 'ws:before:connection',
    'ws-open': 'ws:after:connection',
    'ws-close': 'ws:close',
    'ws-error': 'ws:error',
    'ws-before-message': 'ws:before:message:incoming',
    'ws-after-message': 'ws:after:message:incoming',
    'ws-config-send': 'ws:before:message:outgoing',
    'ws-before-send': 'ws:before:message:outgoing',
    'ws-after-send': 'ws:after:message:outgoing',
  };

  // hx-on attribute -> "hx-on:" + the full event name it listens to, in 4.x words.
  function onAttribute(prefix, bare) {
    const rest = bare.slice('hx-on'.length);
    let event;
    if (rest.startsWith('::') || rest.startsWith('--')) event = 'htmx:' + rest.slice(2);
    else if (rest.startsWith(':')) event = rest.slice(1);
    else return prefix + bare;
    if (side === '2' && event.startsWith('htmx:') && EVENTS_2_TO_4[event.slice(5)]) {
      event = 'htmx:' + EVENTS_2_TO_4[event.slice(5)];
    }
    return prefix + 'hx-on:' + event;
  }

  function attributes(el) {
    const out = [];
    for (const attr of el.attributes) {
      let name = attr.name;
      let value = attr.value;
      if (name === 'data-htmx-powered') continue;
      if (behaviour) {
        // htmx 2 marks what it disabled during a request; the `:disabled` line shows it on both sides
        if (name === 'data-disabled-by-htmx') continue;
        const plain = name.startsWith('data-') ? name.slice(5) : name;
        if (plain.startsWith('hx-') || EXTENSION_ATTRIBUTES.has(plain)) continue;
        if (/^(@|x-on:)htmx:/.test(name)) continue;
      }
      if (name === 'class') {
        value = value.split(/\s+/).filter((c) => c && !TRANSIENT.has(c)).join(' ');
        if (!value) continue;
      }
      const prefix = name.startsWith('data-') ? 'data-' : '';
      const bare = name.slice(prefix.length);
      if (bare.startsWith('hx-on')) name = onAttribute(prefix, bare);
      // Alpine listeners of htmx events: the event in 4.x words, the expression left out
      // (what it does shows in the DOM it updates).
      const alpine = /^(@|x-on:)htmx:([a-z0-9_:-]+)(.*)$/.exec(name);
      if (alpine) {
        let event = alpine[2];
        if (side === '2' && EVENTS_2_TO_4[event]) event = EVENTS_2_TO_4[event];
        out.push([alpine[1] + 'htmx:' + event + alpine[3], '']);
        continue;
      }
      if (side === '2') {
        if (bare === 'ws-connect') name = prefix + 'hx-ws:connect';
        if (bare === 'ws-send') { name = prefix + 'hx-ws:send'; value = ''; }
        if (bare === 'sse-connect') name = prefix + 'hx-sse:connect';
        if (bare === 'sse-close') name = prefix + 'hx-sse:close';
        if (bare === 'hx-ws') {
          for (const token of value.trim().split(/\s+/)) {
            if (token.startsWith('connect:')) out.push([prefix + 'hx-ws:connect', token.slice(8)]);
            else if (token === 'send') out.push([prefix + 'hx-ws:send', '']);
            else out.push([name, token]);
          }
          continue;
        }
        if (bare === 'hx-ext') {
          value = value.split(',').map((s) => s.trim()).filter((s) => s && s !== 'ws' && s !== 'sse').join(', ');
          if (!value) continue;
        }
      }
      out.push([name, value]);
    }
    const isConnection = out.some(([n]) => n === 'hx-ws:connect' || n === 'data-hx-ws:connect');
    return out
      .filter(([n, v]) => !(isConnection && (n === 'hx-swap' || n === 'data-hx-swap') && v.trim() === 'none'))
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  const CONTROLS = new Set(['button', 'input', 'select', 'textarea', 'fieldset']);

  function properties(el) {
    const tag = el.localName;
    const out = [];
    if (tag === 'input' && (el.type === 'checkbox' || el.type === 'radio')) out.push([':checked', String(el.checked)]);
    else if (tag === 'input' || tag === 'textarea') out.push([':value', el.value]);
    else if (tag === 'select') out.push([':selected', Array.from(el.selectedOptions, (o) => o.value).join(',')]);
    if (behaviour && CONTROLS.has(tag)) out.push([':disabled', String(el.disabled)]);
    return out;
  }

  const lines = [];
  function walk(node, depth) {
    const pad = '  '.repeat(depth);
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.data.replace(/\s+/g, ' ').trim();
      if (text) lines.push(pad + JSON.stringify(text));
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.localName;
    if (tag === 'script') return;
    const parts = [tag];
    for (const [n, v] of attributes(node).concat(properties(node))) {
      parts.push(v === '' ? n : `${n}=${JSON.stringify(v)}`);
    }
    lines.push(pad + '<' + parts.join(' ') + '>');
    for (const child of (tag === 'template' ? node.content : node).childNodes) walk(child, depth + 1);
  }
  walk(document.body, 0);
  return lines.join('\n');
}
