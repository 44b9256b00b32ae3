import type { z } from 'zod';

/** A zod error as one line a person can act on: where (the JSON path) and what is wrong. */
export function zodProblems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`).join('; ');
}
