/**
 * [browser] The research dashboard in Chromium against a real system and the console server: a
 * researcher picks the HbA1c result and its code, sees March suppressed (2 EHRs; April with it, so
 * that the total cannot give March away), the budget going down with each query and a spent budget
 * shown as such; every request of the page goes to the clinical subgraph or the console itself.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsoleConfig } from '../../console/server/config.ts';
import { startConsoleServer, type ConsoleServer } from '../../console/server/server.ts';
import { elementLabel } from '../../console/src/research/cohort-data.ts';
import { browserAvailable, launchBrowser, type TestBrowser } from '../kit/browser.ts';
import { defaultPolicyWithResearch } from '../kit/policies.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { HBA1C_CODE, LAB, RESULT_VALUE, seed } from '../cohort/support.ts';
import { castHeaders } from '../security/support.ts';

const BUDGET = 3;

describe.skipIf(!browserAvailable)('[browser] research dashboard', () => {
  let system: TestSystem;
  let server: ConsoleServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    const policy = defaultPolicyWithResearch({ budget: { queries: BUDGET, windowSeconds: 3600 } });
    // The console's port is known only once it listens: allow any loopback port, as development does.
    system = await startSystem({ clinicalEnv: { POLICY_PATH: policy, CORS_ORIGINS: 'http://127.0.0.1:*' } });
    const cast = await castHeaders(system);
    await seed(system.clinical, { 'org-a': cast.clinicianA, 'org-b': cast.clinicianB });
    const env = { CONSOLE_PORT: '0', CONSOLE_GATEWAY_URL: system.gateway.url, CONSOLE_CLINICAL_URL: system.clinical.url };
    server = await startConsoleServer(loadConsoleConfig(env));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await system?.stop();
  });

  async function signIn(page: Page): Promise<void> {
    const token = await system.token({ sub: 'r-dashboard', org: 'uni-r', roles: ['researcher'] });
    await page.goto(new URL('index.html', server.url).href);
    await page.getByLabel('Token').fill(token);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
  }

  const budgetLeft = (page: Page, remaining: number) => page.locator(`[data-testid=budget][data-remaining="${remaining}"]`).waitFor();

  it('shows the cohort by month with the suppressed months, the budget going down, and calls the clinical subgraph only', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(8000);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await signIn(page);
    await page.goto(new URL('research.html', server.url).href);
    await budgetLeft(page, BUDGET);

    const element = page.getByLabel('Archetype element');
    await element.locator('option', { hasText: RESULT_VALUE }).first().waitFor({ state: 'attached' });
    await element.selectOption({ label: elementLabel({ archetypeId: LAB, elementPath: RESULT_VALUE }) });
    await budgetLeft(page, BUDGET - 1); // the codes of the element are a research query
    await page.getByLabel('Code').selectOption(HBA1C_CODE);
    await page.getByLabel('From', { exact: true }).fill('2025-01');
    await page.getByLabel('To', { exact: true }).fill('2025-04');
    await page.getByRole('button', { name: 'Show cohort' }).click();
    await budgetLeft(page, BUDGET - 2);

    const rows = page.getByRole('table', { name: 'Cohort by month' }).locator('tbody tr');
    const statuses = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-month'), tr.getAttribute('data-status')]));
    expect(statuses).toEqual([
      ['2025-01', 'reported'],
      ['2025-02', 'reported'],
      ['2025-03', 'suppressed'],
      ['2025-04', 'suppressed'],
    ]);
    const march = await page.locator('tr[data-month="2025-03"] td').allTextContents();
    expect(march).toEqual(['2025-03', '—', '—', '—', 'suppressed (<5)']);
    expect((await page.locator('tr[data-month="2025-01"] td').allTextContents())[4]).toBe('noised ±2');
    expect(await page.getByRole('img').getAttribute('aria-label')).toContain('2 of 4 months suppressed');
    await page.screenshot({ path: browser.screenshotPath('research-dashboard'), fullPage: true });

    // a window the other way round is refused on the page, spending nothing
    await page.getByLabel('From', { exact: true }).fill('2025-05');
    await page.getByRole('button', { name: 'Show cohort' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Bad input: The first month must not be after the last.');
    await page.getByLabel('From', { exact: true }).fill('2025-01');
    await page.getByRole('button', { name: 'Show cohort' }).click();
    await budgetLeft(page, 0);
    await page.getByRole('button', { name: 'Show cohort' }).click();
    const spent = page.locator('[role=alert][data-kind=budget]');
    await spent.waitFor();
    expect(await spent.textContent()).toMatch(/^Research query budget spent: at most 3 research queries per 3600 s\. Retry in \d+ s\.$/);

    const clinical = new URL(system.clinical.url).origin;
    const consoleOrigin = new URL(server.url).origin;
    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([clinical, consoleOrigin].sort());
    const ownPaths = requests.filter((url) => url.startsWith(consoleOrigin)).map((url) => new URL(url).pathname);
    for (const path of ownPaths) expect(path).toMatch(/^\/(favicon\.ico|index\.html|research\.html|config\.json|assets\/[\w.-]+\.(js|css))$/);
    expect(requests.filter((url) => url.startsWith(clinical)).every((url) => url === system.clinical.url)).toBe(true);
    await page.close();
  });
});
