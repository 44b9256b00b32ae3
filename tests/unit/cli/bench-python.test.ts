import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingPythonReferences } from '@/cli/bench-python';

const dir = mkdtempSync(join(tmpdir(), 'bench-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench: Python reference check', () => {
  it('names every package, python3 included, when the interpreter is absent', () => {
    expect(missingPythonReferences(join(dir, 'no-python'))).toEqual({
      missing: ['numpy', 'sklearn', 'torch'],
      command: 'sudo apt-get install -y python3 python3-numpy python3-sklearn python3-torch',
    });
  });

  it('asks only for the packages whose modules the interpreter cannot find', () => {
    // A stand-in interpreter that reports torch as missing, whatever the probe.
    const fake = join(dir, 'python3');
    writeFileSync(fake, '#!/bin/sh\necho torch\n');
    chmodSync(fake, 0o755);
    expect(missingPythonReferences(fake)).toEqual({ missing: ['torch'], command: 'sudo apt-get install -y python3-torch' });
  });

  it('is satisfied by an interpreter that has them all', () => {
    const fake = join(dir, 'python-ok');
    writeFileSync(fake, '#!/bin/sh\nexit 0\n');
    chmodSync(fake, 0o755);
    expect(missingPythonReferences(fake)).toBeNull();
  });
});
