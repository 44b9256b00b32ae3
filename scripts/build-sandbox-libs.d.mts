/** The parts of the QuickJS sandbox's library bundle, by name → source file under lib/sandbox. */
export declare const SANDBOX_PARTS: Readonly<Record<'base' | 'arquero' | 'plot', string>>;
/** The versions of the bundled packages as installed. */
export declare function sandboxLibVersions(): Record<string, string>;
/** Bundles each part (IIFE, minified) as lib/sandbox/generated/sandbox-libs.ts holds it. */
export declare function buildSandboxLibs(): Promise<Record<'base' | 'arquero' | 'plot', string>>;
