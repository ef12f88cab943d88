import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, type Json, PASSWORD } from '../support/app.js';
import {
  description,
  expectAccessible,
  expectNoSidewaysScroll,
  household,
  openScreen,
  PHONE,
  plain,
  screenshot,
  tableRows,
  useBrowserApp,
} from '../support/browser.js';

const web = useBrowserApp();
const OWNER = 'owner@example.com';
const ROLE_LABELS: Record<string, string> = { owner: 'Owner', member: 'Member', viewer: 'Viewer' };
let owner: Client;

beforeAll(async () => {
  owner = (await household(web)).owner;
});

async function openHousehold(page: Page, email = OWNER): Promise<void> {
  await openScreen(page, '/household', 'Household', email);
  await page.getByRole('table', { name: 'Members', exact: true }).waitFor();
}

async function apiMembers(): Promise<Json[]> {
  const answer = await owner.get('/api/v1/household/members?sort=created_at:asc&size=100');
  expect(answer.status).toBe(200);
  return answer.body.items;
}

/** The Members table's Name, Email and Role, and what it must show for the API's members. */
async function shownMembers(page: Page): Promise<string[][]> {
  return (await tableRows(page, 'Members')).map(([name = '', email = '', role = '']) => [
    name.replace(/ \(you\)$/, ''),
    email,
    role,
  ]);
}

async function expectedMembers(): Promise<string[][]> {
  return (await apiMembers()).map((m) => [m.display_name, m.email, ROLE_LABELS[m.role]]);
}

function memberRow(page: Page, name: string): Locator {
  return page.getByRole('table', { name: 'Members', exact: true }).getByRole('row').filter({ hasText: name });
}

describe('household', () => {
  it('shows the household, its members and the concentration limit', async () => {
    const page = await web.open();
    await openHousehold(page);
    await page.getByText('The Does').waitFor();
    expect(await shownMembers(page)).toEqual(await expectedMembers());
    const limit = (await owner.get('/api/v1/household')).body.concentration_limit as string;
    await expect(page.getByLabel('Concentration limit').inputValue()).resolves.toBe(limit);
    await expectAccessible(page);
    await screenshot(page, 'household');
  });

  it('adds a member through "Add member", refusing a duplicate email at the "Email" field', async () => {
    const page = await web.open();
    await openHousehold(page);
    await page.getByRole('button', { name: 'Add member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add member' });
    await dialog.waitFor();
    await dialog.getByLabel('Email').fill('OWNER@example.com');
    await dialog.getByLabel('Display name').fill('Second Jane');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Save' }).click();

    await dialog.getByRole('alert').waitFor();
    const email = dialog.getByLabel('Email');
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await description(email)).toMatch(/already in use/);
    await expect(dialog.getByLabel('Display name').inputValue()).resolves.toBe('Second Jane');
    await expect(dialog.getByLabel('Role').inputValue()).resolves.toBe('viewer');
    await expectAccessible(page);
    await screenshot(page, 'household-add-refused');

    await email.fill('john@example.com');
    await dialog.getByLabel('Display name').fill('John Doe');
    await dialog.getByLabel('Role').selectOption('member');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await memberRow(page, 'John Doe').waitFor();
    expect(await shownMembers(page)).toEqual(await expectedMembers());
    expect((await apiMembers()).find((m) => m.email === 'john@example.com')?.role).toBe('member');
  });

  it('changes a role, and refuses to demote the last owner with the API’s message', async () => {
    const page = await web.open();
    await openHousehold(page);
    const john = memberRow(page, 'John Doe');
    await john.getByLabel('Role for John Doe').selectOption('viewer');
    await john.getByRole('button', { name: 'Change role' }).click();
    await expect
      .poll(async () => (await apiMembers()).find((m) => m.email === 'john@example.com')?.role)
      .toBe('viewer');
    await expect.poll(() => shownMembers(page)).toEqual(await expectedMembers());

    const jane = memberRow(page, 'Jane Doe');
    await jane.getByLabel('Role for Jane Doe').selectOption('member');
    await jane.getByRole('button', { name: 'Change role' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const refusal = await owner.patch(
      `/api/v1/household/members/${(await apiMembers()).find((m) => m.email === OWNER)?.id}`,
      { role: 'member' },
    );
    expect(refusal.status).toBe(422);
    await expect(alert.textContent()).resolves.toBe(refusal.body.error.message);
    // The choice stays as made, and nothing changed.
    await expect(jane.getByLabel('Role for Jane Doe').inputValue()).resolves.toBe('member');
    expect(await shownMembers(page)).toEqual(await expectedMembers());
    expect((await apiMembers()).find((m) => m.email === OWNER)?.role).toBe('owner');
    await expectAccessible(page);
  });

  it('removes a member after asking in "Remove member", and refuses removing the last owner', async () => {
    await addUser(web().app.app, owner, 'leaving@example.com', 'member');
    const page = await web.open();
    await openHousehold(page);
    await memberRow(page, 'leaving@example.com').getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove member' });
    await dialog.waitFor();
    await expectAccessible(page);
    await screenshot(page, 'household-remove-dialog');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => memberRow(page, 'leaving@example.com').count()).toBe(0);
    expect(await shownMembers(page)).toEqual(await expectedMembers());

    await memberRow(page, 'Jane Doe').getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('alert').getByText('A household must keep at least one owner').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await apiMembers()).some((m) => m.email === OWNER)).toBe(true);
  });

  it('saves the concentration limit and refuses one outside 0-100 at the field', async () => {
    const page = await web.open();
    await openHousehold(page);
    const limit = page.getByLabel('Concentration limit');
    await limit.fill('150');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await page.getByRole('alert').waitFor();
    await expect(limit.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await description(limit)).toMatch(/at most 100/);
    await expect(limit.inputValue()).resolves.toBe('150');
    await screenshot(page, 'household-limit-refused');

    await limit.fill('0');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await expect.poll(() => description(limit)).toMatch(/greater than 0/);

    await limit.fill('25');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await page.getByRole('status').waitFor();
    const saved = (await owner.get('/api/v1/household')).body.concentration_limit as string;
    expect(plain(saved)).toBe('25.00');
    await expect(page.getByLabel('Concentration limit').inputValue()).resolves.toBe(saved);
    await expect(page.getByRole('status').textContent()).resolves.toContain(saved);
    await expect(page.getByLabel('Concentration limit').getAttribute('aria-invalid')).resolves.toBeNull();
  });

  it('shows a member and a viewer the members but no owner controls', async () => {
    await addUser(web().app.app, owner, 'member@example.com', 'member');
    for (const email of ['member@example.com', 'john@example.com']) {
      const page = await web.open();
      await openHousehold(page, email);
      expect(await shownMembers(page)).toEqual(await expectedMembers());
      await expect(page.getByRole('button', { name: 'Add member' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Change role' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Remove' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Save limit' }).count()).resolves.toBe(0);
      await expect(page.getByRole('combobox').count()).resolves.toBe(0);
      await expect(page.getByRole('textbox').count()).resolves.toBe(0);
      // The limit is still shown, as text.
      await page.getByText('25.00').waitFor();
      await expectAccessible(page);
    }
  });

  it('fits a phone without sideways scrolling', async () => {
    const page = await web.open({ viewport: PHONE });
    await openHousehold(page);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'household');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('dialog', { name: 'Add member' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'household-add-dialog');
  });
});
