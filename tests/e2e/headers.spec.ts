import { expect, test, type APIResponse, type ConsoleMessage, type Worker } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

/** The sources of one directive of a Content-Security-Policy header. */
function directive(policy: string, name: string): string[] {
  const entry = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  expect(entry, `${name} in ${policy}`).toBeDefined();
  return entry!.slice(1);
}

function policyOf(response: APIResponse): string {
  const policy = response.headers()['content-security-policy'];
  expect(policy, `CSP of ${response.url()}`).toBeTruthy();
  return policy!;
}

/** No code from text anywhere; inline scripts only with a nonce (the page's, when given). */
function expectStrictScripts(policy: string, url: string): string | null {
  const scriptSrc = directive(policy, 'script-src');
  expect(scriptSrc, `script-src of ${url}`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `script-src of ${url}`).not.toContain("'unsafe-eval'");
  expect(policy, url).not.toContain("'unsafe-eval'");
  expect(scriptSrc, `script-src of ${url}`).toContain("'wasm-unsafe-eval'");
  const nonces = scriptSrc.filter((s) => s.startsWith("'nonce-"));
  expect(nonces.length, `nonces in ${url}`).toBeLessThanOrEqual(1);
  return nonces[0]?.slice("'nonce-".length, -1) ?? null;
}

test('the page and the static files are served with a strict script policy: a per-request nonce on every inline script, no eval', async ({ request }) => {
  const pageUrl = '/notebooks/han-2026';
  const first = await request.get(pageUrl);
  expect(first.ok()).toBe(true);
  const nonce = expectStrictScripts(policyOf(first), pageUrl);
  expect(nonce, 'the page policy carries a nonce').toBeTruthy();
  expect(nonce!.length).toBeGreaterThanOrEqual(16);

  // Every script tag in the HTML carries this request's nonce, inline ones (Next.js's bootstrap
  // and flight data) included; there are inline ones, so the check is not empty.
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
  const inline = scripts.filter((attrs) => !/\bsrc=/.test(attrs));
  expect(inline.length, 'inline scripts on the page').toBeGreaterThan(0);
  for (const attrs of scripts) expect(attrs, 'script tag').toContain(`nonce="${nonce}"`);

  // A fresh nonce for each request.
  const second = await request.get(pageUrl);
  const nonce2 = expectStrictScripts(policyOf(second), pageUrl);
  expect(nonce2).toBeTruthy();
  expect(nonce2).not.toBe(nonce);

  // A bundled script under /_next/static (the workers' policy comes from these responses) and a
  // public file the worker imports at run time.
  const src = scripts.map((attrs) => /\bsrc="([^"]+)"/.exec(attrs)?.[1]).find((s) => s?.startsWith('/_next/static/'));
  expect(src, 'a /_next/static script on the page').toBeTruthy();
  for (const url of [src!, '/libsvm/libsvm-glue.js']) {
    const response = await request.get(url);
    expect(response.ok(), url).toBe(true);
    expectStrictScripts(policyOf(response), url);
  }
});

test('the notebook runs its cheap cells, an SVM grid and an LSTM in workers without a CSP violation', async ({ page }) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  // Violations on the page: the DOM event (an init script is not subject to the page's policy)
  // and Chromium's console report.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const watch = (where: string) => (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      if (/CSP violation|Content Security Policy|Refused to|EvalError|unsafe-eval|unavailable|preload failed/i.test(m.text())) problems.push(`${where}: ${m.text()}`);
    }
  };
  page.on('console', watch('page'));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const workers: Worker[] = [];
  page.on('worker', (worker) => {
    workers.push(worker);
    worker.on('console', watch(`worker ${worker.url()}`));
    // A worker's violations fire on its own global scope.
    void worker
      .evaluate(() => {
        self.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
      })
      .catch(() => undefined);
  });

  const nb = new NotebookPage(page);
  // A cell that ends in an error fails at once, with what the consoles said.
  const finished = async (id: string, timeout: number) => {
    await expect(nb.cell(id)).toHaveAttribute('data-status', /^(fresh|error)$/, { timeout });
    const alert = nb.cell(id).getByRole('alert');
    const message = (await alert.count()) ? await alert.first().innerText() : '';
    expect(await nb.cell(id).getAttribute('data-status'), `${id}: ${message}\n${problems.join('\n')}`).toBe('fresh');
  };
  await nb.open('han-2026?profile=quick');
  // The cheap cells run by themselves: data, cohort, description, windows, the split.
  await finished('split', 120_000);
  await nb.cell('grid').getByTestId('run-grid').click();
  await finished('grid', 180_000);
  await nb.cell('lstm-all-m1').getByTestId('run-lstm-all-m1').click();
  await finished('lstm-all-m1', 180_000);
  expect(workers.length, 'compute workers started').toBeGreaterThan(0);
  // A worker served from a URL takes that response's policy (a blob: worker takes the page's).
  for (const url of workers.map((w) => w.url()).filter((u) => u.startsWith('http'))) {
    expect((await page.request.get(url)).headers()['content-security-policy'] ?? '', url).not.toContain("'unsafe-eval'");
  }
  expect(problems).toEqual([]);
});

test('methods the workbench does not serve (TRACE, PUT, DELETE, OPTIONS) are answered 405 with the allowed methods, not 500', async ({ request }) => {
  for (const method of ['TRACE', 'PUT', 'DELETE', 'OPTIONS']) {
    for (const url of ['/', '/notebooks/han-2026']) {
      const response = await request.fetch(url, { method });
      expect(response.status(), `${method} ${url}`).toBe(405);
      expect(response.headers()['allow'], `${method} ${url}`).toBe('GET, HEAD, POST');
    }
  }
  expect((await request.get('/')).status()).toBe(200);
});
