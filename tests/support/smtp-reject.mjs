// Test support: a tiny SMTP server (plain TCP, no TLS) that refuses mail with a chosen reply.
//
//   const smtp = await startSmtpReject();                      // 550 5.1.1 to every RCPT TO
//   const smtp = await startSmtpReject({ rule: (rcpt) => rcpt.includes('data') ? 'data' : 'rcpt' });
//   env PLUMBLINE_SMTP_URL = smtp.url; smtp.sessions → [{commands, rcpts, messages}]
//
// rule(rcpt) picks what happens to a recipient: 'rcpt' (550 5.1.1 at RCPT TO), 'data' (accepted at
// RCPT, 554 5.7.1 after the message data), 'temp' (451 4.3.0 at RCPT TO), 'hang' (takes the data,
// never answers it) or 'accept' (250 throughout).
import net from 'node:net';

export const RCPT_REPLY = '550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table';
export const DATA_REPLY = '554 5.7.1 Message rejected: content refused by policy';
export const TEMP_REPLY = '451 4.3.0 Temporary local problem, try again later';

export async function startSmtpReject({ rule = () => 'rcpt', host = 'reject.test' } = {}) {
  const sessions = [];
  const sockets = new Set();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    const session = { commands: [], rcpts: [], accepted: [], messages: [], replies: [] };
    sessions.push(session);
    const send = (line) => { session.replies.push(line); sock.write(`${line}\r\n`); };
    let buf = '';
    let inData = false;
    let data = '';
    let modes = [];
    send(`220 ${host} ESMTP test sink`);
    sock.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) { // keep a tail: the end marker may be split across TCP chunks
            const keep = Math.max(0, buf.length - 4);
            data += buf.slice(0, keep);
            buf = buf.slice(keep);
            return;
          }
          data += buf.slice(0, end + 2);
          buf = buf.slice(end + 5);
          inData = false;
          session.messages.push(data);
          data = '';
          if (modes.includes('hang')) { session.hung = true; continue; } // never answers
          if (modes.includes('data')) send(DATA_REPLY);
          else send('250 2.0.0 Ok: queued');
          modes = [];
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        session.commands.push(line);
        const verb = line.split(/[\s:]/)[0].toUpperCase();
        if (verb === 'EHLO') {
          send(`250-${host}`);
          send('250-8BITMIME');
          send('250 SIZE 52428800');
        } else if (verb === 'HELO') send(`250 ${host}`);
        else if (verb === 'MAIL') { modes = []; send('250 2.1.0 Ok'); }
        else if (verb === 'RCPT') {
          const addr = (/<([^>]*)>/.exec(line) || [])[1] || '';
          session.rcpts.push(addr);
          const mode = rule(addr);
          if (mode === 'rcpt') send(RCPT_REPLY.replace('%s', addr));
          else if (mode === 'temp') send(TEMP_REPLY);
          else { modes.push(mode); session.accepted.push(addr); send('250 2.1.5 Ok'); }
        } else if (verb === 'DATA') {
          if (!session.accepted.length) send('554 5.5.1 Error: no valid recipients');
          else { inData = true; send('354 End data with <CR><LF>.<CR><LF>'); }
        } else if (verb === 'RSET') { modes = []; send('250 2.0.0 Ok'); }
        else if (verb === 'NOOP') send('250 2.0.0 Ok');
        else if (verb === 'QUIT') { send('221 2.0.0 Bye'); sock.end(); return; }
        else send('502 5.5.2 Error: command not recognized');
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = server.address().port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    sessions,
    // RCPT TO commands seen for one address (each is one delivery attempt).
    rcptCount(address) {
      return sessions.reduce((n, s) => n + s.rcpts.filter((r) => r.toLowerCase() === address.toLowerCase()).length, 0);
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
