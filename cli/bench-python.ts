import { spawnSync } from 'node:child_process';

/** The Python modules the reference scripts import, and the Debian packages that provide them. */
const PYTHON_MODULES: [module: string, pkg: string][] = [
  ['numpy', 'python3-numpy'],
  ['sklearn', 'python3-sklearn'],
  ['torch', 'python3-torch'],
];

/**
 * The references run on Debian's Python packages. Checked before anything is timed, so a fresh
 * machine gets the one command to run instead of a stack trace halfway through the bench.
 */
export function missingPythonReferences(python = '/usr/bin/python3'): { missing: string[]; command: string } | null {
  const probe = PYTHON_MODULES.map(([m]) => `importlib.util.find_spec(${JSON.stringify(m)}) is None and print(${JSON.stringify(m)})`).join('; ');
  const r = spawnSync(python, ['-c', `import importlib.util; ${probe}`], { encoding: 'utf8' });
  const missing = r.error || r.status !== 0 ? PYTHON_MODULES.map(([m]) => m) : r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  if (!missing.length) return null;
  const pkgs = PYTHON_MODULES.filter(([m]) => missing.includes(m)).map(([, p]) => p);
  return { missing, command: `sudo apt-get install -y ${r.error ? 'python3 ' : ''}${pkgs.join(' ')}` };
}
