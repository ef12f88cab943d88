/**
 * Lint of the container files: every compose file passes `docker compose config -q` (the real
 * compose, v1.29 here) and dclint (.dclintrc.yml); every Dockerfile passes dockerfile-utils, the
 * Dockerfile linter of the VS Code Docker tooling, with every check raised to an error (none is
 * switched off), plus the project's own rules for its Dockerfiles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationSeverity, type ValidatorSettings, validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { DOCKER, exec, ROOT } from './support/docker.js';

const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.prod.yml'];
const DOCKERFILES = [
  'Dockerfile',
  'Dockerfile.dev',
  'test/container/fixtures/nginx.Dockerfile',
  'test/container/fixtures/distroless-libc.Dockerfile',
];

describe('compose files', () => {
  it.each(COMPOSE_FILES)('%s passes docker compose config -q', async (file) => {
    // The production file requires its secrets; any value will do for validation.
    const env = { ...process.env, SECRET_KEY: 'x'.repeat(32), POSTGRES_PASSWORD: 'x' };
    const r = await exec(DOCKER, ['compose', '-f', file, 'config', '-q'], { cwd: ROOT, env });
    expect(r.code, r.stderr).toBe(0);
  });

  it('pass dclint with no warnings', async () => {
    const r = await exec(join(ROOT, 'node_modules/.bin/dclint'), ['--max-warnings', '0', ...COMPOSE_FILES], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
  });

  it('every image is a variable with the official default', () => {
    for (const file of COMPOSE_FILES) {
      const images = [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\s+image:\s*(.+)$/gm)].map((m) => m[1]);
      expect(images.length).toBeGreaterThan(0);
      for (const image of images)
        expect(image, `${file}: ${image}`).toMatch(/^\$\{[A-Z_]+_IMAGE:-[a-z0-9./-]+:[\w.-]+\}$/);
    }
  });
});

describe('Dockerfiles', () => {
  const all = ValidationSeverity.ERROR;
  const settings: ValidatorSettings = {
    deprecatedMaintainer: all,
    directiveCasing: all,
    emptyContinuationLine: all,
    instructionCasing: all,
    instructionCmdMultiple: all,
    instructionEntrypointMultiple: all,
    instructionHealthcheckMultiple: all,
    instructionJSONInSingleQuotes: all,
    instructionWorkdirRelative: all,
  };

  it.each(DOCKERFILES)('%s passes dockerfile-utils with every check an error', (file) => {
    const content = readFileSync(join(ROOT, file), 'utf8');
    const problems = validate(content, settings).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it.each(DOCKERFILES)('%s: base images are build arguments, no syntax directive, exec-form commands', (file) => {
    const content = readFileSync(join(ROOT, file), 'utf8');
    // A `# syntax=` line makes BuildKit pull a frontend image from a registry.
    expect(content).not.toMatch(/^#\s*syntax\s*=/im);
    const lines = content.replace(/\\\n/g, ' ').split('\n');
    const stages: string[] = [];
    const globalArgs = new Set<string>();
    let seenFrom = false;
    for (const line of lines) {
      const arg = /^ARG\s+([A-Za-z_]+)=\S+/.exec(line);
      if (arg?.[1] && !seenFrom) globalArgs.add(arg[1]);
      const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
      if (from?.[1]) {
        seenFrom = true;
        const image = from[1];
        const variable = /^\$\{([A-Za-z_]+)\}$/.exec(image)?.[1];
        const ok =
          stages.includes(image) || image === 'scratch' || (variable !== undefined && globalArgs.has(variable));
        expect(ok, `${file}: FROM ${image} is neither an earlier stage nor an ARG with a default`).toBe(true);
        if (from[2]) stages.push(from[2]);
      }
      const instruction = /^(CMD|ENTRYPOINT)\s+(.*)$/.exec(line) ?? /^HEALTHCHECK\s.*?\bCMD\s+(.*)$/.exec(line);
      if (instruction) expect(instruction.at(-1), `${file}: ${line}`).toMatch(/^\[/);
    }
  });

  it('the Dockerfile ends with the runtime stage, so that a plain `docker build` gives the runtime image', () => {
    const froms = [...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM\s.*\sAS\s+(\S+)\s*$/gim)].map(
      (m) => m[1],
    );
    expect(froms.at(-1)).toBe('runtime');
    expect(froms).toContain('hardened');
  });
});

describe('Makefile', () => {
  it('make help lists every target of product.md section 6 and the issue', async () => {
    const r = await exec('make', ['--no-print-directory', 'help'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    const listed = new Set(
      [
        ...r.stdout
          .replaceAll(String.fromCharCode(27), '')
          .replace(/\[[0-9;]*m/g, '')
          .matchAll(/^\s+([a-z-]+)\s/gm),
      ].map((m) => m[1]),
    );
    const required = ['install', 'start', 'dev', 'test', 'test-container', 'lint', 'format', 'typecheck', 'build'];
    required.push('docker-build', 'up', 'down', 'logs', 'migrate', 'bench', 'bench-image', 'clean');
    for (const target of required) expect(listed.has(target), target).toBe(true);
  });
});
