// A tiny static server for kim-wasm/ on 127.0.0.1, used by the e2e test (run.mjs) and for
// trying the demo form by hand:
//
//   node kim-wasm/e2e/serve.mjs [port]      → http://127.0.0.1:<port>/www/index.html
//
// It serves files below kim-wasm/ only (not node_modules), with the MIME types browsers
// insist on (application/wasm for WebAssembly.instantiateStreaming, text/javascript for
// modules), and records what it served and what was missing.

import http from 'node:http';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WASM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8', '.map': 'application/json; charset=utf-8', '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** Starts the server on 127.0.0.1 (port 0: any free port). */
export function startServer({ root = WASM_DIR, port = 0 } = {}) {
  const served = [];
  const missing = [];
  const server = http.createServer(async (req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    if (rel === '/' || rel === '/www' || rel === '/www/') {
      res.writeHead(302, { location: '/www/index.html' });
      return res.end();
    }
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep) || file.split(path.sep).includes('node_modules')) {
      res.writeHead(403);
      return res.end();
    }
    try {
      const body = await fsp.readFile(file);
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
      served.push(rel);
    } catch {
      missing.push(rel);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, served, missing, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { origin } = await startServer({ port: Number(process.argv[2] ?? 8000) });
  console.log(`KIM-Planung: ${origin}/www/index.html (Ctrl+C to stop)`);
}
