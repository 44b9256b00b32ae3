// Serves the production build, as `next start` does, with one addition: a method the workbench
// does not serve (TRACE, PUT, DELETE, OPTIONS, …) is answered 405 with the methods allowed.
// Next.js cannot answer TRACE itself: its request object refuses the method and the server
// answered 500 with a stack trace in its log, before any proxy could see the request.
//
//   node scripts/serve.mjs [-p 3000] [-H 127.0.0.1]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'];

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' }, hostname: { type: 'string', short: 'H' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`serve: -p must be a port number, got "${values.port}"`);
  process.exit(2);
}
const app = next({ dev: false, hostname: values.hostname ?? 'localhost', port });
const handle = app.getRequestHandler();
await app.prepare();
createServer((req, res) => {
  if (!ALLOWED_METHODS.includes(req.method ?? '')) {
    res.writeHead(405, { Allow: ALLOWED_METHODS.join(', '), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Method ${String(req.method).slice(0, 20)} is not allowed here.\n`);
    return;
  }
  void handle(req, res);
}).listen(port, values.hostname, () => {
  console.log(`▲ palsy workbench on http://${values.hostname ?? 'localhost'}:${port}`);
});
