import { startMaildev } from './support/maildev.mjs';
import { startSmtpReject } from './support/smtp-reject.mjs';
import { startTwilioStandin, postTwilioWebhook } from './support/twilio-standin.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
const t0 = Date.now();
const sink = await startMaildev();
console.log('maildev up', Date.now() - t0, 'ms', sink.smtpUrl, sink.apiUrl);
fs.writeFileSync('/tmp/m.eml', 'Subject: hi\r\nFrom: a@x.com\r\nTo: b@y.com\r\n\r\nhello\r\n');
const send = (url, rcpt) => spawnSync('curl', ['-sS', '--url', url, '--mail-from', 'a@x.com', '--mail-rcpt', rcpt, '--upload-file', '/tmp/m.eml'], { encoding: 'utf8' });
console.log(send(sink.smtpUrl, 'b@y.com').status);
console.log((await sink.waitForMailTo('b@y.com')).length);
let t1 = Date.now(); await sink.stop(); console.log('stopped', Date.now() - t1);
console.log('send while down', send(sink.smtpUrl, 'b@y.com').stderr.trim());
t1 = Date.now(); await sink.start(); console.log('restarted', Date.now() - t1, (await sink.list()).length);
await sink.close();
const smtp = await startSmtpReject({ rule: (r) => r.startsWith('data') ? 'data' : r.startsWith('later') ? 'temp' : 'rcpt' });
for (const r of ['x@y.com', 'data@y.com', 'later@y.com']) { const o = send(smtp.url, r); console.log(r, o.status, o.stderr.trim()); }
console.log(smtp.sessions.map(s => s.replies.slice(-3)));
await smtp.close();
const tw = await startTwilioStandin();
tw.failNext(1, { status: 429 });
for (let i = 0; i < 2; i++) {
  const o = spawnSync('curl', ['-sS', '-u', `${tw.accountSid}:${tw.authToken}`, '-d', 'To=+14155550134', '-d', 'From=+15005550006', '-d', 'Body=hi there', '-w', ' %{http_code}', `${tw.apiBase}/2010-04-01/Accounts/${tw.accountSid}/Messages.json`], { encoding: 'utf8' });
  console.log(o.stdout);
}
console.log(tw.messages('+14155550134').map(r => [r.auth, r.answered, r.sid]));
await tw.close();
console.log('total', Date.now() - t0);
