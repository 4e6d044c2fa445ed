// A tiny static file server for the built site, for the browser tests and the screenshot script.
// No dependencies. Serves ROOT (default: public/) under PREFIX (default: /scrutiny/) on
// 127.0.0.1 only, the way a static host would: "dir/" → dir/index.html, "dir" → redirect to
// "dir/", anything missing → 404.html with status 404. It never serves a file outside ROOT
// (no "..", no encoded slashes or NUL bytes, and symlinks are resolved and checked).
//
// As a program:  node tests/browser/serve.mjs [ROOT] [PREFIX] [PORT]
//   prints "listening http://127.0.0.1:PORT/PREFIX/" once ready (PORT 0 = any free port) and
//   serves until it is killed.
// As a module:   const { url, close } = await serve({ root, prefix, port });
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".bin": "application/octet-stream",
};

function normalisePrefix(prefix) {
  let p = prefix || "/";
  if (!p.startsWith("/")) p = "/" + p;
  if (!p.endsWith("/")) p += "/";
  return p;
}

/** Resolves `rel` (already URL-decoded, no leading slash) inside `root`, or returns null. */
function inside(root, rel) {
  if (rel.includes("\0") || rel.split("/").some((part) => part === ".." || part.includes("\\"))) return null;
  const full = path.resolve(root, rel);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  let real;
  try {
    real = fs.realpathSync(full);
  } catch {
    return { full, exists: false };
  }
  if (real !== root && !real.startsWith(root + path.sep)) return null;
  return { full: real, exists: true };
}

export function serve({ root = "public", prefix = "/scrutiny/", port = 0, host = "127.0.0.1", log = false } = {}) {
  const base = fs.realpathSync(path.resolve(root));
  const pre = normalisePrefix(prefix);
  const server = http.createServer((req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...headers });
      res.end(req.method === "HEAD" ? undefined : body);
      if (log) console.log(`${status} ${req.method} ${req.url}`);
    };
    const notFound = () => {
      const page = path.join(base, "404.html");
      if (fs.existsSync(page)) send(404, fs.readFileSync(page), { "Content-Type": TYPES[".html"] });
      else send(404, "Not found\n", { "Content-Type": TYPES[".txt"] });
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "Method not allowed\n", { Allow: "GET, HEAD" });
    let pathname;
    try {
      pathname = new URL(req.url, "http://127.0.0.1").pathname;
    } catch {
      return send(400, "Bad request\n");
    }
    if (pathname === pre.slice(0, -1)) return send(301, "", { Location: pre });
    if (!pathname.startsWith(pre)) return notFound();
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(pre.length));
    } catch {
      return send(400, "Bad request\n");
    }
    if (/%2f|%5c/i.test(pathname)) return notFound(); // an encoded slash is never a path separator
    const hit = inside(base, rel);
    if (!hit) return send(403, "Forbidden\n", { "Content-Type": TYPES[".txt"] });
    if (!hit.exists) return notFound();
    let file = hit.full;
    let stat = fs.statSync(file);
    if (stat.isDirectory()) {
      if (!pathname.endsWith("/")) {
        const u = new URL(req.url, "http://127.0.0.1");
        return send(301, "", { Location: pathname + "/" + u.search });
      }
      const index = inside(base, path.relative(base, path.join(file, "index.html")));
      if (!index || !index.exists) return notFound();
      file = index.full;
      stat = fs.statSync(file);
    }
    if (!stat.isFile()) return notFound();
    const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
    send(200, fs.readFileSync(file), { "Content-Type": type, "Content-Length": stat.size });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({
        url: `http://${host}:${addr.port}${pre}`,
        port: addr.port,
        server,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = "public", prefix = "/scrutiny/", port = "0"] = process.argv.slice(2);
  if (!fs.existsSync(path.join(root, "index.html"))) {
    console.error(`serve.mjs: ${root}/index.html not found; build the site first (scrutiny build)`);
    process.exit(2);
  }
  serve({ root, prefix, port: Number(port), log: !!process.env.SERVE_LOG }).then(
    ({ url }) => console.log(`listening ${url}`),
    (err) => {
      console.error(`serve.mjs: ${err.message}`);
      process.exit(2);
    },
  );
  for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
}
