// Test support: a server-sent-events client over fetch that records events, comments and retry hints.
import { sleep } from './server.mjs';
import { API_PREFIX, checkApiResponse } from './openapi.mjs';

// Opens `url` as an event stream. Returns {status, headers, body (non-200 only), events [{id, event,
// data, json()}], comments, retry, closed, waitFor(pred, timeoutMs), close()}. An answer from
// /api/v1 (the stream's status and type, a refusal's body) must match the API's contract
// (support/openapi.mjs), or this throws.
export async function openEvents(url, headers = {}) {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal, redirect: 'manual' });
  const s = {
    status: res.status, headers: res.headers, body: '', events: [], comments: [], retry: null, closed: false,
    close() { ctrl.abort(); },
    async waitFor(pred, timeoutMs = 30000, what = 'an event') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = s.events.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(s.events.map((e) => `${e.event}:${e.data}`))}`);
        if (s.closed) throw new Error(`the stream closed before ${what}`);
        await sleep(20);
      }
    },
  };
  if (res.status !== 200) {
    s.body = await res.text();
    s.closed = true;
    if (url.includes(API_PREFIX)) checkApiResponse('GET', url, { status: res.status, headers: res.headers, body: s.body });
    return s;
  }
  if (url.includes(API_PREFIX)) {
    try {
      checkApiResponse('GET', url, { status: res.status, headers: res.headers, body: '' });
    } catch (e) {
      ctrl.abort();
      throw e;
    }
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  s.done = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = { id: null, event: 'message', data: [] };
          let any = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) { s.comments.push(line.slice(1).trim()); continue; }
            const c = line.indexOf(':');
            const field = c < 0 ? line : line.slice(0, c);
            const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
            if (field === 'id') ev.id = value;
            else if (field === 'event') ev.event = value;
            else if (field === 'data') { ev.data.push(value); any = true; }
            else if (field === 'retry') s.retry = Number(value);
          }
          if (any) {
            ev.at = performance.now(); // arrival time, for benchmarks
            ev.data = ev.data.join('\n');
            ev.json = () => JSON.parse(ev.data);
            s.events.push(ev);
          }
        }
      }
    } catch { /* aborted */ }
    s.closed = true;
  })();
  return s;
}
