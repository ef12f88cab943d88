import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type Household, type Json, PASSWORD, setupOwner, startTestApp, type TestApp } from './app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;
const SCREENSHOTS = join('test-results', 'screenshots');

export interface BrowserApp {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
}

/** What a page printed that a person would count as broken: uncaught exceptions, console errors, CSP violations. */
export interface ConsoleWatch {
  problems: string[];
}

// The browser's own line for an API answer of 4xx is not an error of the page (product.md section 11).
const RESOURCE_4XX = /^Failed to load resource: the server responded with a status of 4\d\d/;

export interface Web {
  /** The running service and browser. */
  (): BrowserApp;
  /** A fresh context (no cookies) and page, watched for console errors until the test ends. */
  open(options?: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' }): Promise<Page>;
}

/**
 * The real service on its own database, listening on a port, and a real Chromium. One per test file;
 * each test opens fresh browser contexts (their own cookies) with `web.open()`, and fails if any of
 * them printed a console error, an uncaught exception or a CSP violation.
 */
export function useBrowserApp(env: Record<string, string> = {}): Web {
  let current: BrowserApp | undefined;
  const opened: { watch: ConsoleWatch; context: BrowserContext }[] = [];
  beforeAll(async () => {
    const app = await startTestApp(env);
    const address = await app.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    });
    current = { app, baseUrl: address, browser };
  });
  afterEach(async () => {
    const found = opened.flatMap((o) => o.watch.problems);
    await Promise.all(opened.splice(0).map((o) => o.context.close()));
    expect(found, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
  });
  afterAll(async () => {
    await current?.browser.close();
    await current?.app.close();
  });
  const web = (() => {
    if (current === undefined) throw new Error('browser app not started');
    return current;
  }) as Web;
  web.open = async (options = {}) => {
    const { browser, baseUrl } = web();
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: options.viewport ?? DESKTOP,
      colorScheme: options.colorScheme ?? 'light',
      locale: 'en-US',
    });
    const page = await context.newPage();
    const watch: ConsoleWatch = { problems: [] };
    page.on('console', (message) => {
      if (message.type() === 'error' && !RESOURCE_4XX.test(message.text())) watch.problems.push(message.text());
    });
    page.on('pageerror', (error) => watch.problems.push(`uncaught: ${error.message}`));
    opened.push({ watch, context });
    return page;
  };
  return web;
}

/** The first-run setup done through the API (a test of its own covers the screen), owner signed in via the API. */
export async function household(web: Web): Promise<Household> {
  return setupOwner(web().app.app);
}

/** Signs in through the sign-in screen, as a person does, and waits for the signed-in shell. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // "Sign out" shows at every width; on a phone the navigation itself is folded behind "Menu".
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Signs in with a session cookie from the API (quicker, for tests about another screen). */
export async function signInQuickly(page: Page, email: string, password = PASSWORD): Promise<void> {
  const response = await page.context().request.post('/api/v1/auth/login', { data: { email, password } });
  if (!response.ok()) throw new Error(`login failed: ${response.status()}`);
}

/** Signs `email` in (quickly) and opens `path`, waiting for the screen's level-one heading. */
export async function openScreen(
  page: Page,
  path: string,
  heading: string,
  email = 'owner@example.com',
): Promise<void> {
  await signInQuickly(page, email);
  await page.goto(path);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** No accessibility violation that axe finds on what the page shows now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(violations).toEqual([]);
}

/** At a phone's width the page itself never scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, 'page width beyond the viewport').toBeLessThanOrEqual(client);
}

/** A screenshot for people to look at (test-results/screenshots, not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size?.width}x${size?.height}.png`), fullPage: true });
}

/** A table's cells as text, one array per body row (what tests compare with the API's numbers). */
export async function tableRows(page: Page, name: string): Promise<string[][]> {
  const table = page.getByRole('table', { name, exact: true });
  await table.waitFor();
  return table.locator('tbody tr, tfoot tr').evaluateAll((rows) =>
    rows.map((row) =>
      // innerText, not textContent: the text as shown, without what CSS hides or draws (arrows, "%").
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is compared.
      [...row.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).innerText.trim()),
    ),
  );
}

/** A formatted number as the API writes it: grouping separators, currency signs and spaces removed. */
export function plain(text: string | undefined): string {
  return (text ?? '').replace(/[\s,\u00a0\u202f$€£¥]/g, '').replace(/^▲|^▼/, '');
}

/** The text of the descriptions a control points at: where a form shows the server's message for its field. */
export function description(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** The body of an API answer that must be 201 (seeding through the API). */
export async function created(answer: Promise<{ status: number; body: Json }>): Promise<Json> {
  const { status, body } = await answer;
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}
