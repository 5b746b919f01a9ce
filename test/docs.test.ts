import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMarkdown } from '../bench/suite/markdown-report.ts';
import type { BenchReport } from '../bench/suite/report.ts';
import { gatewayConfigSchema, loadGatewayConfig } from '../gateway/config.ts';
import { tokenToolConfigSchema } from '../platform/auth/config.ts';
import { ERROR_CODES } from '../platform/errors/errors.ts';
import { collectSettings, TOOL_VARIABLES } from '../scripts/docs/configuration.ts';
import { GENERATED_PAGES } from '../scripts/docs/pages.ts';
import { clinicalConfigSchema, loadClinicalConfig } from '../subgraphs/clinical/config.ts';
import { demographicConfigSchema, loadDemographicConfig } from '../subgraphs/demographic/config.ts';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const rowOf = (name: string) => `| \`${name}\` |`;

describe('generated pages', () => {
  it.each(GENERATED_PAGES.map((page) => [page.path, page] as const))('%s is what npm run docs writes now', (_path, page) => {
    expect(read(page.path), `${page.path} is stale: run npm run docs`).toBe(page.render());
  });

  it('docs/errors.md documents every error code of the registry', () => {
    const page = read('docs/errors.md');
    for (const code of Object.keys(ERROR_CODES)) expect(page).toContain(rowOf(code));
  });

  it('docs/configuration.md documents every variable a service or token tool reads, with a description', () => {
    const page = read('docs/configuration.md');
    const schemas = [gatewayConfigSchema, clinicalConfigSchema, demographicConfigSchema, tokenToolConfigSchema];
    const variables = new Set(schemas.flatMap((schema) => Object.keys(schema.shape)));
    expect(variables.size).toBeGreaterThan(40);
    for (const variable of variables) expect(page).toContain(rowOf(variable));
    for (const setting of collectSettings().settings) expect(setting.description.length, setting.name).toBeGreaterThan(10);
  });

  it('the loaders parse exactly the schemas the page is generated from', () => {
    const keysOf = (config: object) => Object.keys(config);
    for (const [config, schema] of [
      [loadGatewayConfig({}), gatewayConfigSchema],
      [loadClinicalConfig({}), clinicalConfigSchema],
      [loadDemographicConfig({}), demographicConfigSchema],
    ] as const) {
      for (const key of keysOf(config)) expect(Object.keys(schema.shape)).toContain(key);
    }
  });

  it('every variable read outside the schemas is still read where the page says', () => {
    for (const variable of TOOL_VARIABLES) {
      for (const file of variable.readBy) expect(read(file), `${variable.name} in ${file}`).toContain(variable.name);
    }
  });

  it('bench/results/latest.md shows the figures of latest.json', () => {
    const report = JSON.parse(read('bench/results/latest.json')) as BenchReport;
    expect(read('bench/results/latest.md')).toBe(formatMarkdown(report));
  });
});

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-');

const anchorsOf = (markdown: string) => new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1] ?? '')));

/** Relative link targets of a page, outside code blocks and inline code. */
const relativeLinks = (markdown: string) =>
  [
    ...markdown
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '')
      .matchAll(/\]\(([^)\s]+)\)/g),
  ]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/i.test(target));

describe('links between the pages', () => {
  const pages = [
    'README.md',
    ...readdirSync(new URL('docs/', root))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
    'bench/results/latest.md',
  ];

  it.each(pages)('every relative link in %s points at an existing file (and heading)', (page) => {
    const links = relativeLinks(read(page));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? new URL(page, root) : new URL(path, new URL(page, root));
      expect(existsSync(target), `${page} → ${link}`).toBe(true);
      if (anchor && target.pathname.endsWith('.md')) expect([...anchorsOf(readFileSync(target, 'utf8'))], `${page} → ${link}`).toContain(anchor);
    }
  });
});
