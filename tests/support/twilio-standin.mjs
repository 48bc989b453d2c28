// Test support: a Twilio Messages API stand-in owned by the tests, and webhook requests to the app
// signed with the official `twilio` npm package (independent of our C++ signature code).
//
//   const tw = await startTwilioStandin();   // tw.env → PLUMBLINE_TWILIO_* for the server
//   tw.failNext(1, { status: 400, code: 21211 });
//   tw.messagesTo('+14155550134')             // recorded Messages.json requests
//   await postTwilioWebhook(url, params, { authToken: tw.authToken })
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

const ERRORS = {
  400: { code: 21211, message: "The 'To' number is not a valid phone number." },
  401: { code: 20003, message: 'Authenticate' },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
};

export const sid = (prefix) => prefix + randomBytes(16).toString('hex');

export async function startTwilioStandin({
  accountSid = sid('AC'), authToken = randomBytes(16).toString('hex'), from = '+15005550006',
} = {}) {
  const failures = []; // [{remaining, status, code, message}] applied in order to the next requests
  const tw = {
    accountSid,
    authToken,
    from,
    requests: [], // every request: {method, path, headers, auth:{user, pass}|null, params, at, answered}
    apiBase: '',
    get env() {
      return {
        PLUMBLINE_TWILIO_ACCOUNT_SID: accountSid,
        PLUMBLINE_TWILIO_AUTH_TOKEN: authToken,
        PLUMBLINE_TWILIO_FROM: from,
        PLUMBLINE_TWILIO_API_BASE: tw.apiBase,
      };
    },
    // The next n Messages.json requests are answered with this error instead of 201.
    failNext(n, { status = 400, code, message } = {}) {
      const d = ERRORS[status] || { code: status * 100, message: `error ${status}` };
      failures.push({ remaining: n, status, code: code ?? d.code, message: message ?? d.message });
    },
    // Recorded Messages.json requests (optionally only those to one number).
    messages(to) {
      return tw.requests.filter((r) => r.method === 'POST' && /\/Messages\.json$/.test(r.path)
        && (to === undefined || r.params.To === to));
    },
    reset() { tw.requests.length = 0; failures.length = 0; },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let auth = null;
      const m = /^Basic (.+)$/i.exec(req.headers.authorization || '');
      if (m) {
        const decoded = Buffer.from(m[1], 'base64').toString('utf8');
        const i = decoded.indexOf(':');
        auth = { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
      }
      const params = {};
      const repeated = {};
      for (const [k, v] of new URLSearchParams(raw)) {
        if (k in params) (repeated[k] ||= [params[k]]).push(v);
        params[k] = v;
      }
      const record = {
        method: req.method, path: req.url, headers: req.headers, auth, params, repeated, raw, at: Date.now(),
      };
      tw.requests.push(record);
      const reply = (status, body) => {
        record.answered = status;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const err = (status, code, message) => reply(status, {
        code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status,
      });

      const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
      if (req.method !== 'POST' || req.url !== path) return err(404, 20404, 'The requested resource was not found');
      if (!auth || auth.user !== accountSid || auth.pass !== authToken) return err(401, 20003, 'Authenticate');
      const f = failures[0];
      if (f) {
        if (--f.remaining <= 0) failures.shift();
        return err(f.status, f.code, f.message);
      }
      if (!params.To || !(params.From || params.MessagingServiceSid) || !params.Body)
        return err(400, 21604, "A 'To' phone number, a 'From' and a 'Body' are required.");
      const now = new Date().toUTCString().replace('GMT', '+0000');
      const msgSid = sid('SM');
      record.sid = msgSid;
      return reply(201, {
        account_sid: accountSid, api_version: '2010-04-01', body: params.Body, date_created: now,
        date_sent: null, date_updated: now, direction: 'outbound-api', error_code: null,
        error_message: null, from: params.From, messaging_service_sid: null, num_media: '0',
        num_segments: '1', price: null, price_unit: 'USD', sid: msgSid, status: 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${msgSid}/Media.json` },
        to: params.To, uri: `/2010-04-01/Accounts/${accountSid}/Messages/${msgSid}.json`,
      });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  tw.apiBase = `http://127.0.0.1:${server.address().port}`;
  return tw;
}

// X-Twilio-Signature exactly as Twilio computes it (the official package).
export function twilioSignature(authToken, url, params) {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

// POSTs a form-encoded webhook to url. By default it is signed with authToken over url and params.
// Options: unsigned (no header), signature (this header value), signUrl/signParams (sign something
// other than what is sent: a tampered request), headers.
export async function postTwilioWebhook(url, params, {
  authToken, unsigned = false, signature, signUrl = url, signParams = params, headers = {}, timeoutMs = 60000,
} = {}) {
  const h = { 'content-type': 'application/x-www-form-urlencoded', ...headers };
  if (!unsigned) h['x-twilio-signature'] = signature ?? twilioSignature(authToken, signUrl, signParams);
  const res = await fetch(url, {
    method: 'POST', headers: h, body: new URLSearchParams(params).toString(), redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

// What Twilio posts to a StatusCallback URL.
export function statusCallbackParams({ messageSid, status, to, from, accountSid, errorCode }) {
  const p = {
    AccountSid: accountSid, ApiVersion: '2010-04-01', From: from, MessageSid: messageSid,
    MessageStatus: status, SmsSid: messageSid, SmsStatus: status, To: to,
  };
  if (errorCode !== undefined) p.ErrorCode = String(errorCode);
  if (status === 'delivered') p.RawDlrDoneDate = '2611260812';
  return p;
}

// What Twilio posts to a number's incoming-message webhook.
export function inboundParams({ from, to, body, accountSid }) {
  const messageSid = sid('SM');
  return {
    ToCountry: 'US', ToState: 'CA', SmsMessageSid: messageSid, NumMedia: '0', ToCity: 'SAN FRANCISCO',
    FromZip: '94110', SmsSid: messageSid, FromState: 'CA', SmsStatus: 'received', FromCity: 'SAN FRANCISCO',
    Body: body, FromCountry: 'US', To: to, ToZip: '94103', NumSegments: '1', MessageSid: messageSid,
    AccountSid: accountSid, From: from, ApiVersion: '2010-04-01',
  };
}
