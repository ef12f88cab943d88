import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/app.js';
import {
  expectAccessible,
  expectNoSidewaysScroll,
  PHONE,
  screenshot,
  signIn,
  useBrowserApp,
} from '../support/browser.js';

const web = useBrowserApp();

// One story in order: the first run of a new instance, then signing out and in again.
describe('first run, sign in and sign out', () => {
  it('shows "Create your household" on every address until the owner is created, keeping what was typed on a refusal', async () => {
    const page = await web.open();
    await page.goto('/stocks/anything');
    await page.getByRole('heading', { name: 'Create your household' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'setup');

    await page.getByLabel('Household name').fill('The Does');
    await page.getByLabel('Your name').fill('Jane Doe');
    await page.getByLabel('Email').fill('jane@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create household' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    const password = page.getByLabel('Password');
    await expect(password.getAttribute('aria-invalid')).resolves.toBe('true');
    const description = await password.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toMatch(/10/);
    await expect(page.getByLabel('Household name').inputValue()).resolves.toBe('The Does');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('jane@example.com');

    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Create household' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    for (const link of ['Dashboard', 'Portfolios', 'Stocks', 'Targets', 'Journal', 'Household'])
      await nav.getByRole('link', { name: link }).waitFor();
    await page.getByText('Jane Doe').waitFor();
  });

  it('signs out, refuses a wrong password with the same words for both, and brings the person back to the page asked for', async () => {
    const page = await web.open();
    await page.goto('/journal');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/journal');
    await expectAccessible(page);
    await screenshot(page, 'sign-in');

    await page.getByLabel('Email').fill('jane@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('jane@example.com');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.waitForURL((url) => url.pathname === '/journal');

    // No token in web storage: the session is the HttpOnly cookie only.
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(stored).not.toMatch(/token|session/i);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'stockbook_session')?.httpOnly).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('folds the navigation behind "Menu" on a phone and switches the theme', async () => {
    const page = await web.open({ viewport: PHONE });
    await signIn(page, 'jane@example.com');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Stocks' }).isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'Stocks' }).click();
    await page.waitForURL((url) => url.pathname === '/stocks');
    await expect(nav.getByRole('link', { name: 'Stocks' }).isVisible()).resolves.toBe(false);
    await expectNoSidewaysScroll(page);

    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.getByRole('button', { name: 'Theme' }).click();
    const dark = await background();
    expect(dark).not.toBe(light);
    await page.reload();
    await page.getByRole('heading', { name: 'Stocks', level: 1 }).waitFor();
    expect(await background()).toBe(dark);
    await expectAccessible(page);
  });

  it('follows the system theme when nobody chose one', async () => {
    const page = await web.open({ colorScheme: 'dark' });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const scheme = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
    expect(scheme).toBe('dark');
  });
});
