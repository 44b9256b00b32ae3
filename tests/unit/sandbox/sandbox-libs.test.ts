/**
 * The generated library bundle the sandbox evaluates (lib/sandbox/generated/sandbox-libs.ts) is
 * what scripts/build-sandbox-libs.mjs makes from the installed arquero, Plot and linkedom: after
 * an upgrade, run `node scripts/build-sandbox-libs.mjs`.
 */
import { describe, expect, it } from 'vitest';
import { SANDBOX_LIB_VERSIONS, SANDBOX_LIBS } from '@/lib/sandbox/generated/sandbox-libs';
import { buildSandboxLibs, sandboxLibVersions } from '@/scripts/build-sandbox-libs.mjs';

describe('the sandbox library bundle', () => {
  it('was built from the installed versions, and rebuilding gives the same text', async () => {
    expect(SANDBOX_LIB_VERSIONS).toEqual(sandboxLibVersions());
    const rebuilt = await buildSandboxLibs();
    for (const part of ['base', 'arquero', 'plot'] as const) expect(SANDBOX_LIBS[part] === rebuilt[part], `${part}: run node scripts/build-sandbox-libs.mjs`).toBe(true);
  }, 60_000);
});
