// `npm start`: builds everything, then runs Netoscope in Electron, or, where Electron's binary
// cannot be had, serves the same renderer as a web app so the editor and training still work in
// a browser. npm 11 skips dependencies' install scripts unless approved, so Electron's binary is
// fetched here, on first start, by the electron package's own install script; where that
// download fails (no route to its host), the web app is served instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREVIEW_PORT = 4173;

try {
  await runNode(path.join(projectDir, 'scripts', 'build-node.mjs'));
  await build({ root: path.join(projectDir, 'renderer'), configFile: path.join(projectDir, 'vite.config.ts') });
  const electronBinary = findElectronBinary() ?? (await fetchElectronBinary());
  if (electronBinary) {
    await runElectron(electronBinary);
  } else {
    await serveWebApp();
  }
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/** The path of Electron's executable, or null when the package or its binary is missing. */
function findElectronBinary() {
  try {
    // The electron package's main export is the path of the binary its install script fetched.
    const binary = createRequire(path.join(projectDir, 'package.json'))('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Runs the electron package's install script once; the binary's path when it succeeded. */
async function fetchElectronBinary() {
  const installScript = path.join(projectDir, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installScript)) return null;
  console.log("Fetching Electron's binary (first start only)…");
  try {
    await runNode(installScript, 'ignore');
  } catch {
    return null;
  }
  return findElectronBinary();
}

function runNode(script, stdio = 'inherit') {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: projectDir, stdio });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(script)} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

async function runElectron(binary) {
  const env = { ...process.env };
  // Set by some tools; it would make Electron run our main file as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [projectDir], { cwd: projectDir, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  process.exitCode = code;
}

async function serveWebApp() {
  const server = await preview({
    root: path.join(projectDir, 'renderer'),
    configFile: path.join(projectDir, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { port: PREVIEW_PORT, strictPort: false, host: 'localhost', open: false },
  });
  const url = server.resolvedUrls?.local[0] ?? `http://localhost:${PREVIEW_PORT}/`;
  console.log(`Electron's binary is not available on this machine (its download failed), so Netoscope is served as a web app instead: open ${url}`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      void server.close().finally(() => process.exit(0));
    });
  }
}
