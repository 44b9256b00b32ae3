import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for a notebook: what a user sees and does, by the stable test ids. */
export class NotebookPage {
  constructor(readonly page: Page) {}

  async open(id: string) {
    await this.page.goto(`/notebooks/${id}`);
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  cell(id: string): Locator {
    return this.page.getByTestId(`cell-${id}`);
  }

  async expectStatus(id: string, status: string, timeout?: number) {
    await expect(this.cell(id)).toHaveAttribute('data-status', status, { timeout });
  }

  async runAll() {
    await this.page.getByTestId('run-all').click();
  }
}
