// Test support for the reports (issue 16): a table's CSV parsed (RFC 4180), a JSON cell as the CSV
// writes it, and a page's table read back into cells, so that the CSV, the JSON and the page can
// be compared cell for cell for ANY registered report.
import { decodeHtml } from './server.mjs';

// RFC 4180: quoted fields with doubled quotes, CRLF line ends; returns rows of fields.
export function parseCsv(text) {
  const rows = [];
  let row = [''];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { row[row.length - 1] += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else row[row.length - 1] += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push('');
    else if (ch === '\r' && text[i + 1] === '\n') { rows.push(row); row = ['']; i += 1; }
    else row[row.length - 1] += ch;
  }
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

// Two decimals of an integer number of hundredths: 123456 → "1234.56", -5 → "-0.05".
function hundredths(n) {
  const neg = n < 0;
  const a = Math.abs(n);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

// A JSON cell (an integer in its unit, a string, or null) as the CSV holds it.
export function csvOfJsonCell(value, unit) {
  if (value === null) return '';
  if (unit === 'text') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  if (unit === 'cents' || unit === 'basis_points' || unit === 'hundredths') return hundredths(value);
  return String(value);
}

// "2 h 05 min" from milliseconds, as the page writes it.
export function durationText(ms) {
  if (ms < 0) return `-${durationText(-ms)}`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60).toLocaleString('en-US')} h ${String(min % 60).padStart(2, '0')} min`;
}

// A page cell's text as the CSV would hold it (separators, "$" and " %" gone; a dash is empty).
export function csvOfPageCell(text, unit) {
  if (text === '—') return '';
  if (unit === 'text') return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  if (unit === 'millis') return text; // compared as durationText of the CSV's ms
  return text.replace(/\$/g, '').replace(/,/g, '').replace(/ %$/, '');
}

// The rows of the page's table id="table-KEY" as arrays of cell texts; null when absent.
export function pageTableCells(html, key) {
  const m = new RegExp(`<table[^>]*id="table-${key}"[\\s\\S]*?</table>`).exec(html);
  if (!m) return null;
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(m[0]);
  if (!body) return [];
  return [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) =>
    [...tr[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((td) => decodeHtml(td[1]).trim()));
}
