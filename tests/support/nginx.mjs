// Test support: runs the shipped deploy/nginx/plumbline.conf (ports rewritten) in front of a server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './server.mjs';
import { freePort } from './maildev.mjs';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) || '';

// The shipped site config with its upstream and listen lines pointed at test ports; several
// upstream ports make the upstream block a fleet (issue 19).
export function renderSiteConfig(upstreamPorts, listenPort) {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'deploy/nginx/plumbline.conf'), 'utf8');
  const servers = [upstreamPorts].flat().map((p) => `server 127.0.0.1:${p};`).join('\n  ');
  const out = text
    .replace(/server 127\.0\.0\.1:8080;/, servers)
    .replace(/listen 80;/, `listen 127.0.0.1:${listenPort};`);
  if (out === text) throw new Error('deploy/nginx/plumbline.conf no longer has the expected lines');
  return out;
}

async function waitForPort(port, timeoutMs = 60000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms`);
}

// Starts nginx as the current user in a temporary prefix in front of one upstream port or several;
// returns {url(p), port, stop()}.
export async function startNginx(upstreamPort) {
  if (!NGINX) throw new Error('nginx is not installed (scripts/setup.sh installs nginx-light)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-nginx-'));
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'site.conf'), renderSiteConfig(upstreamPort, port));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${dir}/${t};`).join('\n  ');
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  ${temp}
  include ${dir}/site.conf;
}
`);
  const proc = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => proc.on('exit', r));
  try {
    await Promise.race([waitForPort(port), exited.then(() => { throw new Error(`nginx exited: ${stderr}`); })]);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return {
    port,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    async stop() {
      proc.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
