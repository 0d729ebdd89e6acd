import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when it is missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the suite leaves its screenshots (ignored by git): kept as test output. */
export const SCREENSHOTS = resolve(__dirname, '../../../test-output/dashboard');

/**
 * Headless Chromium driven by Playwright's library, with a profile of its own that is deleted at
 * the end. Every page it opens records console errors and uncaught exceptions, which the suite
 * treats as failures.
 */
export class Browser {
  private context!: BrowserContext;
  private profile!: string;
  readonly problems: string[] = [];
  /** Console errors from requests the test expects to fail (e.g. an API not served). */
  private readonly tolerated: RegExp[] = [];

  async start(): Promise<void> {
    this.profile = mkdtempSync(join(tmpdir(), 'llmops-chromium-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    this.context = await chromium.launchPersistentContext(this.profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1366, height: 768 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  }

  tolerate(pattern: RegExp): void {
    this.tolerated.push(pattern);
  }

  async page(): Promise<Page> {
    const page = await this.context.newPage();
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      const where = message.location().url ?? '';
      const text = `${message.text()} (${where})`;
      if (this.tolerated.some((t) => t.test(text))) return;
      this.problems.push(`console error on ${page.url()}: ${text}`);
    });
    page.on('pageerror', (error) => this.problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
    return page;
  }

  /** A new, signed-out session (sessionStorage is per page: a new page has no token). */
  async signIn(page: Page, baseUrl: string, token: string, path = '/experiments'): Promise<void> {
    await page.goto(`${baseUrl}${path}`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  async shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }

  async stop(): Promise<void> {
    await this.context?.close();
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
  }
}
