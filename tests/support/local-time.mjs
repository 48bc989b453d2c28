// Local-time helpers for tests: the text the server should show for an instant in a zone, and the
// <time datetime="…">text</time> pairs of a page.
import { decodeHtml } from './server.mjs';

// "Sat 5 Dec 2026, 2:40 pm PST", as geo::local_time_text writes it, computed here with ICU.
export function localTimeText(iso, timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
    hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short',
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} `
    + `${parts.dayPeriod.toLowerCase()} ${parts.timeZoneName}`;
}

// [[iso, shown text], …] for every <time datetime="…">…</time> of an HTML page.
export function timePairs(html) {
  return [...html.matchAll(/<time datetime="([^"]+)"[^>]*>([^<]*)<\/time>/g)]
    .map(([, iso, shown]) => [iso, decodeHtml(shown).trim()]);
}
