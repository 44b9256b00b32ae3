// Zod compiles fast object parsers with `new Function` when it may. In the browser the
// Content-Security-Policy forbids that, and zod's probe for it would itself be reported as a
// violation, so the page (instrumentation-client.ts) and the compute worker turn the compiler
// off before any schema parses. The results are the same either way; Node keeps the compiler.
import { z } from 'zod';

z.config({ jitless: true });
