import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsoleConfig } from '../../console/server/config.ts';
import { startConsoleServer, type ConsoleServer } from '../../console/server/server.ts';
import { browserAvailable, launchBrowser, type TestBrowser } from '../kit/browser.ts';
import { LAB, startOnEditablePolicy, type EditablePolicySystem } from '../kit/editable-policy.ts';
import type { TestSystem } from '../kit/system.ts';

// [browser] The console in Chromium against a real system and the console server: an admin edits the
// nurse rules' restricted codes in the generated form, the schema refuses an invalid edit, the valid
// one is applied and the nurse's next read follows it; the explain panel and the audit view.

describe.skipIf(!browserAvailable)('[browser] web console', () => {
  let setup: EditablePolicySystem | undefined;
  let system: TestSystem;
  let server: ConsoleServer;
  let browser: TestBrowser;
  let page: Page;
  let labUid: string;
  let nurse: Record<string, string>;

  beforeAll(async () => {
    setup = await startOnEditablePolicy();
    ({ system, nurse, labUid } = setup);
    server = await startConsoleServer(
      loadConsoleConfig({ CONSOLE_PORT: '0', CONSOLE_GATEWAY_URL: system.gateway.url, CONSOLE_CLINICAL_URL: system.clinical.url }),
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByLabel('Token').fill(await system.token({ sub: 'admin-1', roles: ['admin'] }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('admin-1 (admin) · org-a').waitFor();
    await page.screenshot({ path: browser.screenshotPath('console-home'), fullPage: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await setup?.stop();
  });

  it('edits a nurse rule in the generated form, refuses an invalid edit, applies the valid one', { timeout: 120_000 }, async () => {
    expect((await system.gateway.request(LAB, { uid: labUid }, nurse)).data.composition.withheldEntryCount).toBe(1);
    await page.goto(new URL('policies.html', server.url).href);
    await page.locator('#root_codeLists_restricted_0').waitFor();
    await expect.poll(() => page.getByText('No changes against the policy in force.').count()).toBe(1);
    const apply = page.getByRole('button', { name: 'Apply to both services' });

    await page.locator('#root_codeLists_restricted__add').click();
    await page.locator('#root_codeLists_restricted_1').fill('HbA1c');
    await page.locator('#root_codeLists_restricted_1__error').getByText('must match pattern').waitFor();
    expect(await apply.isDisabled()).toBe(true);
    await page.screenshot({ path: browser.screenshotPath('console-policies-invalid'), fullPage: true });

    await page.locator('#root_codeLists_restricted_1').fill('LOINC::4548-4');
    const changes = page.getByRole('table', { name: 'Changes against the policy in force' });
    await changes.getByText('/codeLists/restricted/1').waitFor();
    expect(await changes.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('.errors').count()).toBe(0);
    await page.getByLabel('Server check').getByText('The services accept this policy.').waitFor();
    expect(await page.locator('#root_codeLists_restricted_1__error').count()).toBe(0);
    await apply.click();
    await page.getByRole('status').getByText('Applied: version').waitFor();
    await page.screenshot({ path: browser.screenshotPath('console-policies-applied'), fullPage: true });

    const lab = (await system.gateway.request(LAB, { uid: labUid }, nurse)).data.composition;
    expect(lab.withheldEntryCount).toBe(2);
    expect(lab.entries.flatMap((entry: { codes: string[] }) => entry.codes)).not.toContain('LOINC::4548-4');
  });

  it('explains which rule decides for a described caller', { timeout: 60_000 }, async () => {
    await page.goto(new URL('policies.html', server.url).href);
    const panel = page.getByRole('region', { name: 'What can this caller see?' });
    await panel.getByLabel('Roles').fill('nurse');
    await panel.getByLabel('Action').selectOption('read');
    await panel.getByLabel('Subject').selectOption('Entry');
    await panel.getByLabel('Resource organisation').fill('org-a');
    await panel.getByLabel('Codes').fill('LOINC::4548-4');
    await panel.getByRole('button', { name: 'Explain' }).click();
    const decision = panel.getByRole('status', { name: 'Decision' });
    await decision.waitFor();
    expect(await decision.textContent()).toBe('Denied (purpose TREAT): entries with restricted codes are withheld from nurses');
    await panel.getByLabel('Codes').fill('LOINC::8867-4');
    await panel.getByRole('button', { name: 'Explain' }).click();
    await panel.getByText('Allowed (purpose TREAT): nurses read entries in EHRs of their care network').waitFor();
    await page.screenshot({ path: browser.screenshotPath('console-explain'), fullPage: true });
  });

  it('lists a denial and an emergency access in the audit view', async () => {
    const doctor = { authorization: `Bearer ${await system.token({ sub: 'dr-c', org: 'org-c', roles: ['clinician'] })}` };
    const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
    const glass = await system.gateway.request(
      `mutation($e: UUID!) { breakGlass(ehrId: $e, reason: "unconscious patient in the emergency room", minutes: 15) { id } }`,
      { e: ehrId },
      doctor,
    );
    expect(glass.errors).toBeUndefined();
    // More denials than one page holds (20), to page through them.
    for (let attempt = 0; attempt < 21; attempt++) {
      const refused = await system.gateway.request(`mutation { reloadPolicies { version } }`, {}, nurse);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    await page.goto(new URL('audit.html', server.url).href);
    const events = page.getByRole('table', { name: 'Audit events' });
    const denial = events.getByRole('row').filter({ hasText: 'nurse-1' }).filter({ hasText: 'Policy' });
    await denial.first().waitFor();
    expect(await denial.first().textContent()).toContain('denied');
    const auditSection = page.getByRole('region', { name: 'Audit events' });
    expect(await events.locator('tbody tr').count()).toBe(20);
    await auditSection.getByRole('button', { name: 'Older' }).click();
    await auditSection.getByText('page 2').waitFor();
    expect(await events.locator('tbody tr').filter({ hasText: 'nurse-1' }).count()).toBeGreaterThan(0);
    await auditSection.getByRole('button', { name: 'Newer' }).click();
    await auditSection.getByText('page 1').waitFor();
    const accesses = page.getByRole('table', { name: 'Emergency accesses' });
    await accesses.getByText('unconscious patient in the emergency room').waitFor();
    expect(await accesses.getByRole('row').filter({ hasText: ehrId }).textContent()).toContain('dr-c (clinician) · org-c');
    await page.getByLabel('sub', { exact: true }).fill('nobody');
    await page.getByText('No events.').waitFor();
    await page.screenshot({ path: browser.screenshotPath('console-audit'), fullPage: true });
  });

  it('shows the research page placeholder', async () => {
    await page.goto(new URL('research.html', server.url).href);
    await page.getByRole('heading', { name: 'Research dashboard' }).waitFor();
    await page.screenshot({ path: browser.screenshotPath('console-research'), fullPage: true });
  });
});
