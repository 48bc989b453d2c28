// The install layout and the Debian package (issue 19 item 1): `cmake --install` into a staging
// folder puts every file in its place and the staged binary serves from there with no settings;
// cpack's .deb carries the control scripts, the conffile and two systemd units that
// `systemd-analyze verify` accepts.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { BIN, describeOnce, http } from '../support/server.mjs';

const BUILD_DIR = path.dirname(BIN);
const UNITS = ['plumbline.service', 'plumbline-worker.service'];
const MARK = 'Staged Install Plumbing';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 240000, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}${r.error || ''}`);
  return r.stdout;
}

// An environment with nothing that points the binary anywhere: no PLUMBLINE_* and no DATABASE_URL.
function bareEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('PLUMBLINE_') && k !== 'DATABASE_URL') env[k] = v;
  return { ...env, ...extra };
}

// Starts `bin serve` in `cwd`; resolves with {proc, port} once it logs "listening".
function serve(bin, cwd, env) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ['serve'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
    readline.createInterface({ input: proc.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'listening') resolve({ proc, port: entry.port });
      } catch { /* not a log line */ }
    });
  });
}

describeOnce('cmake --install into a staging folder', () => {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-install-'));
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-cwd-'));
  let server;
  before(() => {
    run('cmake', ['--install', BUILD_DIR], { env: { ...process.env, DESTDIR: stage } });
  });
  after(() => {
    server?.proc.kill('SIGKILL');
    fs.rmSync(stage, { recursive: true, force: true });
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it('puts the binary, its files, the settings and the state folder in the standard places', () => {
    for (const f of ['usr/bin/plumbline', 'usr/share/plumbline/templates/layout.mustache',
      'usr/share/plumbline/static/css', 'usr/share/plumbline/data/zips.tsv',
      'usr/share/plumbline/data/common-passwords.txt', 'usr/share/plumbline/openapi.json',
      'etc/plumbline/plumbline.conf', 'var/lib/plumbline', 'usr/share/doc/plumbline/operations.md',
      ...UNITS.map((u) => `usr/lib/systemd/system/${u}`)])
      assert.ok(fs.existsSync(path.join(stage, f)), `${f} is installed`);
    assert.ok(fs.statSync(path.join(stage, 'usr/bin/plumbline')).mode & 0o111, 'the binary is executable');
    assert.equal(fs.statSync(path.join(stage, 'etc/plumbline/plumbline.conf')).mode & 0o007, 0,
      'the settings file (it may hold secrets) is not world-readable');
  });

  it('the installed binary serves pages and assets from its own folders, with no settings', async () => {
    // A mark in the installed settings file shows that the binary read it without being told.
    fs.appendFileSync(path.join(stage, 'etc/plumbline/plumbline.conf'), `PLUMBLINE_PLATFORM_NAME=${MARK}\n`);
    const bin = path.join(stage, 'usr/bin/plumbline');
    // Only what a test must change: a free port, and no metrics listener on the shipped port.
    const env = bareEnv({ PLUMBLINE_LISTEN: '127.0.0.1:0', PLUMBLINE_METRICS_LISTEN: '' });
    run(bin, ['migrate'], { cwd: elsewhere, env });
    assert.ok(fs.existsSync(path.join(stage, 'var/lib/plumbline/plumbline.db')),
      'the database is created in the installed state folder');
    server = await serve(bin, elsewhere, env);
    const home = await http(`http://127.0.0.1:${server.port}/`);
    assert.equal(home.status, 200);
    assert.match(home.body, new RegExp(MARK), 'the installed settings file was read');
    const css = /href="(\/static\/[^"]+\.css)"/.exec(home.body);
    assert.ok(css, 'the page links its stylesheet');
    assert.equal((await http(`http://127.0.0.1:${server.port}${css[1]}`)).status, 200);
    assert.equal((await http(`http://127.0.0.1:${server.port}/api/v1/openapi.json`)).status, 200);
    assert.deepEqual(fs.readdirSync(elsewhere), [], 'nothing is written in the working folder');
  });

  it('systemd-analyze verify accepts both units, warnings included', () => {
    // verify checks that ExecStart's program exists, and this machine has no /usr/bin/plumbline:
    // the copies verified name the staged binary instead; every other line is the shipped one.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-units-'));
    try {
      const files = UNITS.map((u) => {
        const text = fs.readFileSync(path.join(stage, 'usr/lib/systemd/system', u), 'utf8');
        assert.match(text, /^ExecStart=\/usr\/bin\/plumbline /m);
        fs.writeFileSync(path.join(dir, u), text.replaceAll('/usr/bin/plumbline', path.join(stage, 'usr/bin/plumbline')));
        return path.join(dir, u);
      });
      const r = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stderr);
      // verify exits 0 on unknown keys and bad values alike: only an empty report is clean.
      assert.equal(r.stderr.trim(), '', 'no warnings');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeOnce('the Debian package (cpack -G DEB)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-deb-'));
  let deb;
  before(() => {
    run('cpack', ['-G', 'DEB', '-B', out, '--config', path.join(BUILD_DIR, 'CPackConfig.cmake')]);
    deb = fs.readdirSync(out).find((f) => f.endsWith('.deb'));
    assert.ok(deb, `cpack made a .deb in ${out}`);
    deb = path.join(out, deb);
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('declares the package, its library dependencies, adduser and tzdata', () => {
    const control = run('dpkg-deb', ['-f', deb]);
    assert.match(control, /^Package: plumbline$/m);
    assert.match(control, /^Architecture: amd64$/m);
    const depends = /^Depends: (.*)$/m.exec(control)?.[1] || '';
    for (const lib of ['adduser', 'tzdata', 'libsqlite3-0', 'libpq5', 'libvips42'])
      assert.match(depends, new RegExp(`\\b${lib}\\b`), `Depends names ${lib}: ${depends}`);
  });

  it('ships the binary, the units and the files, with the settings file as a conffile', () => {
    const files = run('dpkg-deb', ['-c', deb]);
    for (const f of ['./usr/bin/plumbline', './usr/share/plumbline/templates/layout.mustache',
      './usr/share/plumbline/data/zips.tsv', './etc/plumbline/plumbline.conf',
      ...UNITS.map((u) => `./usr/lib/systemd/system/${u}`)])
      assert.match(files, new RegExp(` ${f.replace(/\./g, '\\.')}$`, 'm'), f);
    const control = path.join(out, 'control');
    run('dpkg-deb', ['-e', deb, control]);
    assert.equal(fs.readFileSync(path.join(control, 'conffiles'), 'utf8').trim(), '/etc/plumbline/plumbline.conf');
    const postinst = fs.readFileSync(path.join(control, 'postinst'), 'utf8');
    assert.match(postinst, /adduser --system --group .*plumbline/s, 'postinst creates the service user');
    assert.match(postinst, /install -d -o plumbline -g plumbline -m 0750 \/var\/lib\/plumbline/);
    for (const s of ['postinst', 'prerm', 'postrm'])
      assert.ok(fs.statSync(path.join(control, s)).mode & 0o100, `${s} is executable`);
  });

  it('each unit runs as the service user inside a sandbox', () => {
    for (const u of UNITS) {
      const text = fs.readFileSync(new URL(`../../deploy/systemd/${u}`, import.meta.url), 'utf8');
      for (const line of ['User=plumbline', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes',
        'PrivateTmp=yes', 'PrivateDevices=yes', 'StateDirectory=plumbline', 'CapabilityBoundingSet=',
        'SystemCallFilter=@system-service', 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX'])
        assert.match(text, new RegExp(`^${line}$`, 'm'), `${u}: ${line}`);
    }
  });
});
