// Test support for two-factor sign-in: TOTP codes computed in Node (RFC 6238, HMAC-SHA1), real
// enrolment of a signed-in browser, and a registry of enrolled accounts (by e-mail) so that log-in
// and API-token helpers can answer the second step with a code not used before.
import { createHmac } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text) {
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${text}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 4226 HOTP / RFC 6238 TOTP over a base32 key (6 digits, 30 s steps).
export function totp(secretB32, step, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secretB32)).update(msg).digest();
  const o = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export const currentStep = () => Math.floor(Date.now() / 30000);

const enrolled = new Map(); // e-mail → {secret, lastStep, recovery: [codes]}

export function rememberTwoFactor(email, entry) {
  enrolled.set(email.toLowerCase(), entry);
}
export const twoFactorOf = (email) => enrolled.get(email.toLowerCase());

// A second factor not used before for an enrolled account (undefined when not enrolled): the
// current or next TOTP step (the server accepts ±1 step, each step once), else a recovery code.
// When both are used up, waits for the next step.
export async function nextSecondFactor(email) {
  const e = twoFactorOf(email);
  if (!e) return undefined;
  for (;;) {
    const now = currentStep();
    const step = Math.max(e.lastStep + 1, now);
    if (step <= now + 1) {
      e.lastStep = step;
      return totp(e.secret, step);
    }
    if (e.recovery.length) return e.recovery.shift();
    await new Promise((r) => { setTimeout(r, 1000); });
  }
}

// Starts two-factor set-up for the signed-in FormClient (POST /account/two-factor/setup); returns
// the key the set-up page shows (base32, spaces removed).
export async function startTwoFactorSetup(client, email) {
  await client.get('/account/two-factor');
  const setup = await client.post('/account/two-factor/setup', {});
  if (setup.status !== 303) throw new Error(`two-factor set-up of ${email}: ${setup.status} ${setup.body.slice(0, 300)}`);
  const page = await client.get('/account/two-factor');
  const m = /id="two-factor-secret"[^>]*>([A-Z2-7 ]+)</.exec(page.body);
  if (!m) throw new Error(`no two-factor key on the set-up page of ${email}: ${page.body.slice(0, 500)}`);
  return m[1].replace(/ /g, '');
}

// Sets up two-factor for the signed-in FormClient (GET/POST /account/two-factor…) and records it.
// Returns {secret, recovery}.
export async function enrolTwoFactor(client, email) {
  const secret = await startTwoFactorSetup(client, email);
  const step = currentStep();
  const done = await client.post('/account/two-factor/confirm', { code: totp(secret, step) });
  if (done.status !== 200) throw new Error(`two-factor confirmation of ${email}: ${done.status} ${done.body.slice(0, 300)}`);
  const list = /<ul id="recovery-codes"[^>]*>([\s\S]*?)<\/ul>/.exec(done.body);
  const recovery = list ? [...list[1].matchAll(/<li>([a-z2-7-]+)<\/li>/g)].map((x) => x[1]) : [];
  if (recovery.length !== 10) throw new Error(`expected 10 recovery codes for ${email}, got ${recovery.length}`);
  rememberTwoFactor(email, { secret, lastStep: step, recovery: [...recovery] });
  return { secret, recovery };
}
