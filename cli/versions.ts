import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    // Packages whose `exports` hide package.json: find it next to the resolved entry.
    try {
      let dir = dirname(require.resolve(pkg));
      while (dir !== dirname(dir)) {
        const file = join(dir, 'package.json');
        if (existsSync(file)) {
          const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
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

/** Versions recorded in every manifest, so a result can be traced to the code that made it. */
export function toolVersions(): Record<string, string> {
  return {
    workbench: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
    node: process.versions.node,
    '@tensorflow/tfjs': versionOf('@tensorflow/tfjs'),
    'libsvm-js': versionOf('libsvm-js'),
    'ml-svm': versionOf('ml-svm'),
    arquero: versionOf('arquero'),
    '@observablehq/plot': versionOf('@observablehq/plot'),
  };
}
