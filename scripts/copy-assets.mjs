// Copies files the browser fetches at run time into public/ (generated, not committed):
// the bundled datasets and the WebAssembly binaries of tfjs and libsvm.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const copies = [];
let n = 0;
const add = (from, to) => copies.push([join(root, from), join(root, 'public', to)]);

for (const name of ['synthetic-cohort.csv', 'messy-emr-example.csv', 'messy-emr-example.mapping.json']) add(join('data', name), join('data', name));
const tfjsWasm = join('node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
if (existsSync(join(root, tfjsWasm))) {
  for (const f of readdirSync(join(root, tfjsWasm))) if (f.endsWith('.wasm')) add(join(tfjsWasm, f), join('tfjs-wasm', f));
}
// The wasm binary must be the one built with the glue lib/ml/svm imports (out/wasm).
const libsvmDist = join('node_modules', 'libsvm-js', 'out', 'wasm');
if (existsSync(join(root, libsvmDist))) {
  for (const f of readdirSync(join(root, libsvmDist))) if (f.endsWith('.wasm')) add(join(libsvmDist, f), join('libsvm', f));
}

// DejaVu Sans for the figure PDFs made in the page (embedded, as the CLI does from the same files).
for (const f of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
  const system = join('/usr/share/fonts/truetype/dejavu', f);
  if (existsSync(system)) copies.push([system, join(root, 'public', 'fonts', f)]);
}

// libsvm's glue as an ES module, for the compute worker's `import()` (no eval needed).
import { readFileSync } from 'node:fs';
import { glueAsModule } from './libsvm-glue-module.mjs';
const glueSource = join(root, libsvmDist, 'libsvm.js');
if (existsSync(glueSource)) {
  mkdirSync(join(root, 'public', 'libsvm'), { recursive: true });
  writeFileSync(join(root, 'public', 'libsvm', 'libsvm-glue.js'), glueAsModule(readFileSync(glueSource, 'utf8')));
  n++;
}

// The LSTM kernel as a file, for the compute worker's WebAssembly.compileStreaming
// (lib/ml/lstm/kernel/load-kernel.ts): the bytes embedded in lstm-kernel-wasm.ts, named by
// their SHA-256 as lstmKernelFileName() names them. Older builds' files are removed.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
const kernelTs = readFileSync(join(root, 'lib', 'ml', 'lstm', 'kernel', 'lstm-kernel-wasm.ts'), 'utf8');
const kernelB64 = [...kernelTs.slice(kernelTs.indexOf('LSTM_KERNEL_BASE64')).matchAll(/'([A-Za-z0-9+/=]+)'/g)].map((m) => m[1]).join('');
const kernelBytes = Buffer.from(kernelB64, 'base64');
const kernelDir = join(root, 'public', 'lstm');
mkdirSync(kernelDir, { recursive: true });
for (const f of readdirSync(kernelDir)) if (/^lstm-kernel\..*\.wasm$/.test(f)) rmSync(join(kernelDir, f));
writeFileSync(join(kernelDir, `lstm-kernel.${createHash('sha256').update(kernelBytes).digest('hex').slice(0, 16)}.wasm`), kernelBytes);
n++;

// Library versions for manifests made in the browser (the CLI reads the same ones).
import { writeFileSync } from 'node:fs';
import { libraryVersions } from './package-versions.mjs';
const versions = libraryVersions();
mkdirSync(join(root, 'public'), { recursive: true });
writeFileSync(join(root, 'public', 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);

for (const [from, to] of copies) {
  if (!existsSync(from)) continue;
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  n++;
}
console.log(`copy-assets: ${n} files into public/`);
