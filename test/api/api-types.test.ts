import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from '../../scripts/api-types.js';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

it("keeps the interface's API types equal to what /openapi.json describes (npm run api:types)", async () => {
  const document = (await app().app.inject({ url: '/openapi.json' })).json();
  expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await apiTypes(document));
});
