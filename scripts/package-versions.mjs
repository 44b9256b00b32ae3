// Versions recorded in every manifest, so a result can be traced to the code that made it.
// Shared by the CLI (cli/versions.ts) and the build step that writes public/versions.json
// for manifests made in the browser.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');

/** A dependency's installed version ('unknown' if it cannot be found). */
export function packageVersion(pkg) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
  } catch {
    // Packages whose `exports` hide package.json: find it next to the resolved entry.
    try {
      let dir = dirname(require.resolve(pkg));
      while (dir !== dirname(dir)) {
        const file = join(dir, 'package.json');
        if (existsSync(file)) {
          const json = JSON.parse(readFileSync(file, 'utf8'));
          if (json.name === pkg) return json.version;
        }
        dir = dirname(dir);
      }
    } catch {
      /* fall through */
    }
    return 'unknown';
  }
}

const LIBRARIES = ['@tensorflow/tfjs', 'libsvm-js', 'ml-svm', '@observablehq/plot', 'next'];

/** The workbench's own version and its analysis libraries'. */
export function libraryVersions() {
  return {
    workbench: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
    ...Object.fromEntries(LIBRARIES.map((p) => [p, packageVersion(p)])),
  };
}
