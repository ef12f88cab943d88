/**
 * Web interface numbers (product.md section 11, the budgets at the end of "Behaviour"): `npm run bench:web`.
 *
 *   1. bundle sizes from web/dist/.vite/manifest.json: the JavaScript the sign-in screen loads (the entry
 *      chunk and its static imports), each route chunk loaded on demand, the CSS;
 *   2. the dashboard of a household with 50 positions and 10,000 trades (seeded over HTTP): time from
 *      navigation start until the household's value is on the page, in Chromium via playwright-core;
 *   3. Lighthouse 12.2.3 (desktop, no throttling: localhost) on the sign-in screen and the dashboard.
 *
 * It prints numbers and passes no verdict; the budget is printed beside each one. Results go to
 * bench/results/web-<time>.json, the Lighthouse reports (HTML) and the service's log beside it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ApiClient, mapConcurrent } from './lib/api.js';
import { cleanupAll, installSignalCleanup, onCleanup } from './lib/cleanup.js';
import { machineInfo } from './lib/environment.js';
import { benchStorage } from './lib/postgres.js';
import { cleanEnv, freePort, type RunningService, randomSecret, startService } from './lib/service.js';
import { median } from './lib/stats.js';
import { type Cell, fmt, renderTable, type Table } from './lib/table.js';

const HELP = `npm run bench:web [-- options]

  --no-build          use the existing dist/ and web/dist/ (node scripts/build.mjs is the default first step)
  --runs N            warm dashboard loads, each in a fresh page (default 5)
  --skip-lighthouse   no Lighthouse runs
  --pg URL            PostgreSQL instead of PGlite: a new database is created through URL (a role that may
                      create databases) and dropped at the end
  --timeout S         how long one dashboard load may take before it counts as "numbers never shown" (default 20)
  --help
`;

const CHROMIUM = '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
const SESSION_COOKIE = 'stockbook_session'; // src/http/auth.ts
const BUDGETS = {
  signInJsGzipBytes: 150_000,
  dashboardMs: 1000,
  lighthouse: { performance: 90, accessibility: 100, 'best-practices': 100 },
};
const SEED = { stocks: 50, trades: 10_000, days: 1200, concurrency: 8, chunk: 400 };
const CREDENTIALS = { email: 'bench-web@example.com', password: 'bench-web-password-1' };

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const runId = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = join(repoRoot, 'bench', 'results');
const logDir = join(resultsDir, 'logs', `web-${runId}`);

interface Options {
  build: boolean;
  runs: number;
  lighthouse: boolean;
  pgUrl: string | null;
  timeoutMs: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      runs: { type: 'string', default: '5' },
      'skip-lighthouse': { type: 'boolean', default: false },
      pg: { type: 'string' },
      timeout: { type: 'string', default: '20' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const runs = Number(values.runs);
  const timeout = Number(values.timeout);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: a whole number >= 1`);
  if (!(timeout > 0)) throw new Error(`--timeout ${values.timeout}: seconds > 0`);
  return {
    build: !values['no-build'],
    runs,
    lighthouse: !values['skip-lighthouse'],
    pgUrl: values.pg ?? null,
    timeoutMs: timeout * 1000,
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const print = (table: Table) => say(renderTable(table));
const kb = (bytes: number) => bytes / 1000;

// ---------------------------------------------------------------------------------------------------
// 1. Bundle sizes

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

interface FileSize {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

function sizeOf(distDir: string, file: string): FileSize {
  const path = join(distDir, file);
  const content = readFileSync(path);
  // The build writes a level-9 .gz beside every text asset of 1 KB or more (what the service sends).
  const gzipBytes = existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : gzipSync(content, { level: 9 }).length;
  return { file, rawBytes: content.length, gzipBytes };
}

/** `key` and its static imports, recursively (dynamic imports are not followed). */
function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  into.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

const sum = (sizes: FileSize[], field: 'rawBytes' | 'gzipBytes') => sizes.reduce((a, s) => a + s[field], 0);

function measureBundles() {
  const distDir = join(repoRoot, 'web', 'dist');
  const manifestPath = join(distDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath))
    throw new Error(`${manifestPath} is missing: build the interface (node scripts/build.mjs) or drop --no-build`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const entryKey =
    Object.keys(manifest).find((k) => k === 'index.html') ?? Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (entryKey === undefined) throw new Error(`${manifestPath} has no entry chunk`);
  const entryKeys = staticClosure(manifest, entryKey);
  const entry = [...entryKeys].map((k) => ({ key: k, ...sizeOf(distDir, manifest[k]?.file ?? k) }));
  const entryGzip = sum(entry, 'gzipBytes');
  // React's development build (a build run with NODE_ENV=development or test) is far larger and slower.
  const development = entry.some((c) =>
    /\bjsxDEV\b|react-dom\.development|Download the React DevTools/.test(readFileSync(join(distDir, c.file), 'utf8')),
  );
  if (development)
    say(
      '\nWARNING: web/dist holds a DEVELOPMENT build of React (jsxDEV / React DevTools hint in the entry): the numbers below are not those of a production build',
    );
  print({
    title: `JavaScript of the sign-in screen (entry ${entryKey} + static imports); budget <= ${kb(BUDGETS.signInJsGzipBytes)} kB gzip`,
    columns: ['chunk', 'source', 'raw kB', 'gzip kB'],
    rows: [
      ...entry.map((c): Cell[] => [c.file, c.key, kb(c.rawBytes), kb(c.gzipBytes)]),
      ['total', `${entry.length} file(s)`, kb(sum(entry, 'rawBytes')), kb(entryGzip)],
    ],
    notes: ["kB = 1000 bytes; gzip = the build's level-9 .gz beside the file (zlib level 9 when there is none)"],
  });

  const seen = new Set(entryKeys);
  const routes = (manifest[entryKey]?.dynamicImports ?? []).map((key) => {
    const own = [...staticClosure(manifest, key)].filter((k) => !entryKeys.has(k));
    for (const k of own) seen.add(k);
    const files = own.map((k) => sizeOf(distDir, manifest[k]?.file ?? k));
    const lazy = own.flatMap((k) => manifest[k]?.dynamicImports ?? []);
    return {
      key,
      name: manifest[key]?.name ?? key,
      files,
      rawBytes: sum(files, 'rawBytes'),
      gzipBytes: sum(files, 'gzipBytes'),
      dynamicImports: [...new Set(lazy)],
    };
  });
  print({
    title: 'Route chunks loaded on demand (each dynamic import of the entry, with its static imports not in the entry)',
    columns: ['route chunk', 'files', 'raw kB', 'gzip kB', 'loads later'],
    rows: routes.map((r): Cell[] => [
      r.name,
      r.files.length,
      kb(r.rawBytes),
      kb(r.gzipBytes),
      r.dynamicImports.map((k) => manifest[k]?.name ?? k).join(', ') || '-',
    ]),
  });

  // What the routes load lazily themselves (e.g. the charts' library), not counted above.
  const later = new Set<string>();
  for (const r of routes) for (const k of r.dynamicImports) for (const c of staticClosure(manifest, k)) later.add(c);
  const nested = [...later]
    .filter((k) => !seen.has(k))
    .map((k) => ({ key: k, ...sizeOf(distDir, manifest[k]?.file ?? k) }));
  if (nested.length > 0)
    print({
      title: 'Chunks the routes load lazily themselves',
      columns: ['chunk', 'source', 'raw kB', 'gzip kB'],
      rows: nested.map((c): Cell[] => [c.file, c.key, kb(c.rawBytes), kb(c.gzipBytes)]),
    });

  const entryCss = new Set([...entryKeys].flatMap((k) => manifest[k]?.css ?? []));
  const allCss = new Set(
    Object.values(manifest).flatMap((c) => [...(c.css ?? []), ...(c.file.endsWith('.css') ? [c.file] : [])]),
  );
  const css = [...allCss].map((file) => ({ ...sizeOf(distDir, file), withSignIn: entryCss.has(file) }));
  print({
    title: 'CSS',
    columns: ['file', 'loaded by', 'raw kB', 'gzip kB'],
    rows: css.map((c): Cell[] => [
      c.file,
      c.withSignIn
        ? 'sign-in screen (entry)'
        : Object.entries(manifest)
            .filter(([, m]) => m.css?.includes(c.file))
            .map(([k, m]) => m.name ?? k)
            .join(', ') || '-',
      kb(c.rawBytes),
      kb(c.gzipBytes),
    ]),
  });
  return {
    budgetGzipBytes: BUDGETS.signInJsGzipBytes,
    developmentBuild: development,
    signIn: { entry: entryKey, files: entry, rawBytes: sum(entry, 'rawBytes'), gzipBytes: entryGzip },
    routes,
    nestedLazy: nested,
    css,
  };
}

// ---------------------------------------------------------------------------------------------------
// 2. Seeding and the dashboard

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const cents = (value: number) => (value / 100).toFixed(2);

interface TradeBody {
  stock_id: string;
  type: 'buy' | 'sell';
  quantity: string;
  price: string;
  fee: string;
  trade_date: string;
}

interface Seeded {
  ms: number;
  tradeMs: number;
  stocks: number;
  trades: number;
  sells: number;
  /** Σ held × close, from the generated data: the household's value the dashboard must show. */
  expectedValue: string;
}

/**
 * 50 stocks across the GICS sectors, one portfolio, 10,000 trades (whole shares; a sell never takes more
 * than half of what is held; dates increasing, ending two days ago) and one close per stock yesterday.
 * Trades go in chunks of 400 at 8 concurrent requests; a sell only counts shares bought in earlier chunks
 * (all answered by then), so whatever order the requests of one chunk arrive in, nothing oversells.
 */
async function seed(api: ApiClient): Promise<Seeded> {
  const started = performance.now();
  const rand = random(20_251_111);
  const sectors = (await api.get<{ items: { name: string; industry_groups: string[] }[] }>('/api/v1/sectors')).items;
  if (sectors.length === 0) throw new Error('GET /api/v1/sectors gave no sectors');
  const stocks = await mapConcurrent(
    Array.from({ length: SEED.stocks }, (_, i) => i),
    SEED.concurrency,
    async (i) => {
      const sector = sectors[i % sectors.length] as { name: string; industry_groups: string[] };
      const created = await api.post<{ id: string }>('/api/v1/stocks', {
        symbol: `BW${String(i).padStart(2, '0')}`,
        company_name: `Bench Web Company ${i}`,
        sector: sector.name,
        industry_group: sector.industry_groups[i % Math.max(1, sector.industry_groups.length)] ?? null,
      });
      return { id: created.id, basePriceCents: 2000 + Math.floor(((i * 7919) % 100) * 380) };
    },
  );
  const portfolio = await api.post<{ id: string }>('/api/v1/portfolios', { name: 'Bench web portfolio' });

  const today = new Date();
  const firstDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 2 - SEED.days));
  const priceCents = (stock: number, day: number) => {
    const base = stocks[stock]?.basePriceCents ?? 10_000;
    return Math.max(100, Math.round(base * (1 + (0.5 * day) / SEED.days) * (0.98 + 0.04 * rand())));
  };
  const settled = new Array<number>(SEED.stocks).fill(0); // held after the chunks already answered
  const trades: TradeBody[][] = [];
  let sells = 0;
  for (let from = 0; from < SEED.trades; from += SEED.chunk) {
    const chunk: TradeBody[] = [];
    const available = [...settled];
    const bought = new Array<number>(SEED.stocks).fill(0);
    for (let i = from; i < Math.min(SEED.trades, from + SEED.chunk); i++) {
      const day = Math.floor((i * SEED.days) / SEED.trades);
      const date = new Date(firstDay.getTime() + day * 86_400_000);
      // The first trade of every stock is a buy, so that all 50 are held at the end.
      const stock = i < SEED.stocks ? i : Math.floor(rand() * SEED.stocks);
      const id = stocks[stock]?.id as string;
      const canSell = (available[stock] ?? 0) >= 2;
      const sell = i >= SEED.stocks && canSell && rand() < 0.15;
      const quantity = sell
        ? 1 + Math.floor(rand() * Math.floor((available[stock] ?? 0) / 2))
        : 1 + Math.floor(rand() * 40);
      if (sell) {
        available[stock] = (available[stock] ?? 0) - quantity;
        sells++;
      } else bought[stock] = (bought[stock] ?? 0) + quantity;
      chunk.push({
        stock_id: id,
        type: sell ? 'sell' : 'buy',
        quantity: String(quantity),
        price: cents(priceCents(stock, day)),
        fee: rand() < 0.5 ? '0' : '1.50',
        trade_date: isoDay(date),
      });
    }
    for (let s = 0; s < SEED.stocks; s++) settled[s] = (available[s] ?? 0) + (bought[s] ?? 0);
    trades.push(chunk);
  }

  const tradesStarted = performance.now();
  let done = 0;
  for (const chunk of trades) {
    await mapConcurrent(chunk, SEED.concurrency, (body) =>
      api.post(`/api/v1/portfolios/${portfolio.id}/transactions`, body),
    );
    done += chunk.length;
    if (done % 2000 === 0) say(`  ${done} trades ...`);
  }
  const tradeMs = performance.now() - tradesStarted;

  const yesterday = isoDay(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 1)));
  let valueCents = 0;
  await mapConcurrent(stocks, SEED.concurrency, async (stock, s) => {
    const close = priceCents(s, SEED.days + 1);
    valueCents += close * (settled[s] ?? 0);
    await api.post(`/api/v1/stocks/${stock.id}/prices`, { prices: [{ date: yesterday, close: cents(close) }] });
  });
  return {
    ms: performance.now() - started,
    tradeMs,
    stocks: stocks.length,
    trades: SEED.trades,
    sells,
    expectedValue: cents(valueCents),
  };
}

/**
 * A page expression: a promise of the page's performance.now() (ms since navigation start) on the first
 * frame where <main>'s visible text contains `value`, compared without grouping separators, currency
 * signs and spaces; -1 after `timeoutMs`. Given to page.evaluate, which goes through the DevTools protocol
 * (waitForFunction would eval() in the page, which its CSP forbids); a string, not a function, because
 * tsx's transpiling adds helpers (__name) the page does not have.
 */
function valueShownExpression(value: string, timeoutMs: number): string {
  return `new Promise((resolve) => {
    const expected = ${JSON.stringify(value)};
    const deadline = performance.now() + ${timeoutMs};
    const check = () => {
      const main = document.querySelector('main');
      const text = main === null ? '' : main.innerText.replace(/[\\s,'\\u00a0\\u202f\\u2009\\u2019]|\\p{Sc}/gu, '');
      if (text.includes(expected)) resolve(performance.now());
      else if (performance.now() > deadline) resolve(-1);
      else requestAnimationFrame(check);
    };
    check();
  })`;
}

type PwBrowser = import('playwright-core').Browser;
type PwContext = import('playwright-core').BrowserContext;

interface DashboardLoad {
  /** Navigation start → the value on the page, measured in the page (performance.now()). */
  ms: number | null;
  /** The same from the bench's side: page.goto() called → detected. */
  wallMs: number | null;
  error?: string;
}

async function loadDashboard(context: PwContext, value: string, timeoutMs: number): Promise<DashboardLoad> {
  const page = await context.newPage();
  try {
    const from = performance.now();
    await page.goto('/', { waitUntil: 'commit', timeout: timeoutMs });
    try {
      const ms = Number(await page.evaluate(valueShownExpression(value, timeoutMs)));
      if (ms < 0) throw new Error('timed out');
      return { ms, wallMs: performance.now() - from };
    } catch (error) {
      const text = await page
        .locator('main')
        .first()
        .textContent({ timeout: 1000 })
        .then((t) => t ?? '')
        .catch(() => '(no <main> element)');
      const message = (error as Error).message.split('\n')[0] ?? '';
      return {
        ms: null,
        wallMs: null,
        error: `the dashboard did not show the household's value ${value} within ${timeoutMs / 1000} s (${message}); <main> at ${page.url()} read: ${JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 300))}`,
      };
    }
  } finally {
    await page.close();
  }
}

async function signIn(context: PwContext, timeoutMs: number): Promise<void> {
  const page = await context.newPage();
  try {
    // ?next: land on a page that does not ask for analytics, so that the dashboard's first load stays cold.
    await page.goto('/sign-in?next=%2Fhousehold', { timeout: timeoutMs });
    try {
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill(CREDENTIALS.email, { timeout: timeoutMs });
      await page.getByLabel('Password', { exact: true }).fill(CREDENTIALS.password, { timeout: timeoutMs });
      await page.getByRole('button', { name: 'Sign in', exact: true }).click({ timeout: timeoutMs });
    } catch (error) {
      const text = await page
        .locator('body')
        .textContent({ timeout: 1000 })
        .catch(() => '');
      throw new Error(
        `the sign-in screen has no textboxes "Email", "Password" and button "Sign in" (${(error as Error).message.split('\n')[0]}); the page at ${page.url()} read: ${JSON.stringify((text ?? '').replace(/\s+/g, ' ').trim().slice(0, 300))}`,
      );
    }
    const deadline = performance.now() + timeoutMs;
    while (!(await context.cookies()).some((c) => c.name === SESSION_COOKIE)) {
      if (performance.now() > deadline)
        throw new Error(`signing in through ${page.url()} set no ${SESSION_COOKIE} cookie`);
      await page.waitForTimeout(50);
    }
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: timeoutMs });
  } finally {
    await page.close();
  }
}

async function measureDashboard(browser: PwBrowser, baseUrl: string, api: ApiClient, seeded: Seeded, options: Options) {
  const contextOptions = { baseURL: baseUrl, locale: 'en-US', viewport: { width: 1350, height: 940 } };
  const signedIn = await browser.newContext(contextOptions);
  await signIn(signedIn, options.timeoutMs);

  // Cold: a new context (empty HTTP cache) with the session, and the first analytics request after seeding.
  const coldContext = await browser.newContext(contextOptions);
  await coldContext.addCookies(await signedIn.cookies());
  const cold = await loadDashboard(coldContext, seeded.expectedValue, options.timeoutMs);
  await coldContext.close();

  const analytics = await api.get<{ value: string; position_count: number }>('/api/v1/analytics');
  const notes: string[] = [];
  if (analytics.value !== seeded.expectedValue)
    notes.push(`GET /api/v1/analytics gives value ${analytics.value}, the seeded data ${seeded.expectedValue}`);
  if (analytics.position_count !== SEED.stocks)
    notes.push(`GET /api/v1/analytics counts ${analytics.position_count} positions, expected ${SEED.stocks}`);

  const runs: DashboardLoad[] = [];
  if (cold.ms === null) notes.push('warm loads skipped: the cold load never showed the numbers');
  else
    for (let i = 0; i < options.runs; i++) {
      const run = await loadDashboard(signedIn, analytics.value, options.timeoutMs);
      runs.push(run);
      if (run.ms === null) {
        notes.push(`warm loads stopped after run ${i + 1}: the numbers never appeared`);
        break;
      }
    }
  await signedIn.close();

  const times = runs.flatMap((r) => (r.ms === null ? [] : [r.ms]));
  const errors = [cold, ...runs].flatMap((r) => (r.error === undefined ? [] : [r.error]));
  print({
    title: `Dashboard: navigation start -> the household's value (${analytics.value}) in <main>; budget within ${BUDGETS.dashboardMs} ms`,
    columns: ['load', 'ms (page)', 'ms (goto -> seen)'],
    rows: [
      ['cold (new browser cache, first analytics after seeding)', cold.ms, cold.wallMs],
      ...runs.map((r, i): Cell[] => [`warm ${i + 1} (fresh page, cached assets)`, r.ms, r.wallMs]),
      ['warm median', times.length > 0 ? median(times) : null, null],
      ['warm max', times.length > 0 ? Math.max(...times) : null, null],
    ],
    notes: [
      `${SEED.stocks} positions, ${SEED.trades} trades; Chromium ${CHROMIUM} headless, 1350x940, en-US; the page polls every frame`,
      ...notes,
      ...errors,
    ],
  });
  return {
    budgetMs: BUDGETS.dashboardMs,
    expectedValue: seeded.expectedValue,
    analytics: { value: analytics.value, positionCount: analytics.position_count },
    cold,
    runs,
    medianMs: times.length > 0 ? median(times) : null,
    maxMs: times.length > 0 ? Math.max(...times) : null,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------------
// 3. Lighthouse

interface FailingAudit {
  id: string;
  title: string;
  score: number | null;
  displayValue?: string;
  weight: number;
  /** The first few offending elements or messages, to find what to fix. */
  items: string[];
}

function auditItems(details: unknown): string[] {
  const items = (details as { items?: unknown[] } | undefined)?.items ?? [];
  return items.slice(0, 4).map((item) => {
    const i = item as Record<string, unknown>;
    const node = i.node as { snippet?: string; selector?: string; explanation?: string } | undefined;
    const text =
      node?.snippet ??
      node?.selector ??
      (typeof i.description === 'string' ? i.description : undefined) ??
      (typeof i.url === 'string' ? i.url : undefined) ??
      JSON.stringify(i);
    return text.replace(/\s+/g, ' ').slice(0, 200);
  });
}

async function runLighthouse(baseUrl: string, sessionToken: string) {
  const [{ default: lighthouse, desktopConfig }, { launch }] = await Promise.all([
    import('lighthouse'),
    import('chrome-launcher'),
  ]);
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  const unregister = onCleanup('Lighthouse Chromium', async () => chrome.kill());
  const pages = [
    { name: 'sign-in', path: '/sign-in', headers: undefined as Record<string, string> | undefined },
    { name: 'dashboard', path: '/', headers: { Cookie: `${SESSION_COOKIE}=${sessionToken}` } },
  ];
  const results: Record<
    string,
    { url: string; scores: Record<string, number | null>; failing: Record<string, FailingAudit[]>; report: string }
  > = {};
  try {
    for (const page of pages) {
      const url = `${baseUrl}${page.path}`;
      const result = await lighthouse(
        url,
        {
          port: chrome.port,
          logLevel: 'error',
          output: 'html',
          onlyCategories: ['performance', 'accessibility', 'best-practices'],
          formFactor: 'desktop',
          screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
          throttlingMethod: 'provided',
          ...(page.headers === undefined ? {} : { extraHeaders: page.headers }),
        },
        desktopConfig,
      );
      if (result === undefined) throw new Error(`Lighthouse gave no result for ${url}`);
      const lhr = result.lhr;
      if (lhr.runtimeError !== undefined)
        say(`  Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const report = join(resultsDir, `web-${runId}-lighthouse-${page.name}.html`);
      writeFileSync(report, typeof result.report === 'string' ? result.report : (result.report[0] ?? ''));
      const scores: Record<string, number | null> = {};
      const failing: Record<string, FailingAudit[]> = {};
      for (const [id, category] of Object.entries(lhr.categories)) {
        scores[id] = category.score === null ? null : Math.round(category.score * 100);
        if (category.score !== null && category.score >= 1) continue;
        failing[id] = category.auditRefs
          .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
          .filter(
            ({ audit }) =>
              audit !== undefined &&
              audit.score !== null &&
              audit.score < 1 &&
              !['notApplicable', 'manual', 'informative'].includes(audit.scoreDisplayMode),
          )
          .map(({ ref, audit }) => ({
            id: ref.id,
            title: audit?.title ?? ref.id,
            score: audit?.score ?? null,
            ...(audit?.displayValue === undefined ? {} : { displayValue: audit.displayValue }),
            weight: ref.weight,
            items: auditItems(audit?.details),
          }));
      }
      results[page.name] = { url, scores, failing, report };
    }
  } finally {
    unregister();
    chrome.kill();
  }

  const budget = BUDGETS.lighthouse as Record<string, number>;
  print({
    title: 'Lighthouse 12.2.3 scores (0-100); budgets are for the dashboard',
    columns: ['page', 'performance', 'accessibility', 'best practices'],
    rows: [
      ...Object.entries(results).map(([name, r]): Cell[] => [
        name,
        r.scores.performance,
        r.scores.accessibility,
        r.scores['best-practices'],
      ]),
      [
        'budget (dashboard)',
        `>= ${budget.performance}`,
        String(budget.accessibility),
        String(budget['best-practices']),
      ],
    ],
    notes: [
      `desktop form factor, 1350x940, throttlingMethod 'provided' (no simulated network or CPU throttling: the service is on localhost)`,
      `Chromium ${CHROMIUM} launched by chrome-launcher with ${CHROME_FLAGS.join(' ')}`,
      `reports: ${Object.values(results)
        .map((r) => r.report)
        .join(', ')}`,
    ],
  });
  for (const [name, r] of Object.entries(results))
    for (const [category, audits] of Object.entries(r.failing)) {
      say(`\n${name}: ${category} ${fmt(r.scores[category])} - audits below 100:`);
      if (audits.length === 0) say('  (none scored below 1: the score comes from weighted metrics)');
      for (const a of audits) {
        say(
          `  ${a.id}: ${a.title} (score ${fmt(a.score === null ? null : a.score * 100, 0)}, weight ${a.weight}${a.displayValue ? `, ${a.displayValue}` : ''})`,
        );
        for (const item of a.items) say(`      ${item}`);
      }
    }
  return { throttlingMethod: 'provided', formFactor: 'desktop', budgets: BUDGETS.lighthouse, pages: results };
}

// ---------------------------------------------------------------------------------------------------

async function startBuiltService(options: Options): Promise<{ service: RunningService; database: string }> {
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    SECRET_KEY: randomSecret(),
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  const storage = await benchStorage(options.pgUrl, 'web');
  Object.assign(env, storage.env);
  const database = storage.description;
  const service = await startService({
    label: 'stockbook',
    command: process.execPath,
    args: ['dist/cli/main.js', 'serve'],
    cwd: repoRoot,
    env: cleanEnv(env),
    port,
    logFile: join(logDir, 'stockbook.log'),
    readyTimeoutMs: 120_000,
  });
  return { service, database };
}

async function main(): Promise<void> {
  const options = parseOptions();
  installSignalCleanup();
  mkdirSync(resultsDir, { recursive: true });
  const machine = machineInfo(repoRoot);
  const output: Record<string, unknown> = { runId, machine, options: { ...options, pgUrl: options.pgUrl !== null } };
  const file = join(resultsDir, `web-${runId}.json`);
  const save = () => writeFileSync(file, JSON.stringify(output, null, 2));
  try {
    if (options.build) {
      say('building (node scripts/build.mjs) ...');
      const from = performance.now();
      // As `npm run build` from a plain shell: NODE_ENV unset (Vite then builds for production).
      const { NODE_ENV: _ignored, ...buildEnv } = process.env;
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
        cwd: repoRoot,
        env: buildEnv,
        encoding: 'utf8',
      });
      if (build.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${build.stdout}${build.stderr}`);
      output.buildMs = performance.now() - from;
      say(`  ${((performance.now() - from) / 1000).toFixed(1)} s`);
    }
    output.bundles = measureBundles();
    save();

    const { service, database } = await startBuiltService(options);
    output.database = database;
    say(`\nservice on ${service.baseUrl} (${database}), ready in ${fmt(service.readyMs)} ms; log ${service.logFile}`);
    const api = new ApiClient(service.baseUrl);
    const token = await api.setupAndLogin(CREDENTIALS);
    say(
      `seeding: ${SEED.stocks} stocks, 1 portfolio, ${SEED.trades} trades over HTTP (${SEED.concurrency} at a time), a close per stock ...`,
    );
    const seeded = await seed(api);
    output.seeding = seeded;
    print({
      title: 'Seeding over HTTP',
      columns: ['what', 'seconds', 'per second'],
      rows: [
        [
          `${SEED.trades} trades (${seeded.sells} sells), ${SEED.concurrency} concurrent`,
          seeded.tradeMs / 1000,
          (SEED.trades / seeded.tradeMs) * 1000,
        ],
        ['everything (stocks, portfolio, trades, prices)', seeded.ms / 1000, null],
      ],
    });
    save();

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROME_FLAGS.filter((f) => f !== '--headless'),
    });
    const unregisterBrowser = onCleanup('Chromium (playwright)', () => browser.close());
    try {
      output.dashboard = await measureDashboard(browser, service.baseUrl, api, seeded, options);
    } finally {
      unregisterBrowser();
      await browser.close();
    }
    save();

    if (options.lighthouse) {
      say('\nLighthouse (sign-in screen signed out, then the dashboard signed in) ...');
      // The login answer's access_token is the session token the stockbook_session cookie carries.
      output.lighthouse = await runLighthouse(service.baseUrl, token);
    } else say('\nLighthouse skipped (--skip-lighthouse)');
    save();
    say(`\nresults: ${file}`);
  } catch (error) {
    output.error = (error as Error).message;
    save();
    throw error;
  } finally {
    await cleanupAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\nbench:web failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
