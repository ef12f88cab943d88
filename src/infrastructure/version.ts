import { readFileSync } from 'node:fs';

/** The service's name and semver version, from package.json (two levels above both src/ and dist/ files). */
export const packageInfo: { name: string; version: string } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
);
