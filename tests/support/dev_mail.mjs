// Test support for the demo mailbox (/dev/mail): a hostile message (script, onerror, a form, a
// javascript: link, a request to this site) and a way to drop a message into a server's mail folder.
import fs from 'node:fs';
import path from 'node:path';

// Its HTML part tries, in every way it can, to run script or reach the app's origin: each attempt
// would fetch a /pwned-… path or set the top page's title to "pwned".
export const HOSTILE_EML = [
  'Date: Thu, 26 Nov 2026 09:05:00 +0000',
  'From: Mallory <mallory@example.com>',
  'To: victim@example.com',
  'Subject: =?UTF-8?B?SG9zdGlsZSDinJM=?=',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('Plain <script>alert(1)</script> part, see https://example.com/ok.').toString('base64'),
  '--b1',
  'Content-Type: text/html; charset=UTF-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<html><head></head><body><p id=3D"hello">Hello</p>',
  '<script>parent.document.title=3D"pwned";fetch("/pwned-script")</script>',
  '<img src=3D"x" onerror=3D"fetch(\'/pwned-onerror\')">',
  '<img src=3D"/pwned-img">',
  '<form action=3D"/logout" method=3D"post"><button id=3D"evil">Go</button></form>',
  '<a id=3D"js" href=3D"javascript:top.document.title=3D\'pwned\'">js</a>',
  '<a id=3D"home" href=3D"/about">About</a></body></html>',
  '--b1--',
  '',
].join('\r\n');

export function writeMail(dir, name, text) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}
