// Test support for several instances on one database: more `serve` processes on a started server's
// database and environment, each killable on its own.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { BIN, REPO_ROOT } from './server.mjs';

const started = new Set();
process.on('exit', () => { for (const p of started) try { p.kill('SIGKILL'); } catch { /* gone */ } });

// Starts `plumbline serve` with env (the first server's, so the same database and settings) on a
// port of its own. Returns {proc, port, url(p), logs, stderrText, exited, kill(signal), stop()}.
export function startInstance(env) {
  const proc = spawn(BIN, ['serve'], { cwd: REPO_ROOT, env: { ...env, PLUMBLINE_LISTEN: '127.0.0.1:0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(proc);
  const inst = {
    proc, port: 0, logs: [], stderrText: '',
    exited: new Promise((r) => proc.on('exit', (code, signal) => { started.delete(proc); r({ code, signal }); })),
    url: (p) => `http://127.0.0.1:${inst.port}${p}`,
    kill(signal = 'SIGKILL') { proc.kill(signal); return inst.exited; },
    async stop(timeoutMs = 15000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return inst.exited;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      try { return await inst.exited; } finally { clearTimeout(timer); }
    },
  };
  proc.stderr.on('data', (d) => { inst.stderrText += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`instance did not listen: ${inst.stderrText}`)); }, 120000);
    inst.exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`instance exited (${code ?? signal}): ${inst.stderrText}`)); });
    readline.createInterface({ input: proc.stdout }).on('line', (line) => {
      let entry = line;
      try { entry = JSON.parse(line); } catch { /* raw */ }
      inst.logs.push(entry);
      if (entry && entry.msg === 'listening' && !inst.port) {
        inst.port = entry.port;
        clearTimeout(timer);
        resolve(inst);
      }
    });
  });
}
