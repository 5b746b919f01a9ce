/**
 * [browser] A real openEHR form client: a page of medblocks-ui web components for the blood pressure fixture
 * template, its FLAT paths taken from this project's `webTemplate`, in headless Chromium. Typed into, a coded value
 * picked, submitted as FLAT through the gateway with a clinician's token; the test reads the canonical JSON back.
 * The page is served on the gateway's own origin (playwright routes), so its fetch of /graphql is same-origin.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../kit/browser.ts';
import { OPENEHR_FIXTURES } from '../kit/fixtures.ts';
import { bundleMedblocks, formPage, type FormPage } from '../kit/form-page.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { bearer } from '../kit/tokens.ts';

// Loosely typed on purpose: reading GraphQL answers.
type Json = Record<string, any>;

let system: TestSystem;
let templateId: string;
let webTemplate: FormPage['webTemplate'];

describe.skipIf(!browserAvailable)('[browser] a medblocks-ui form', () => {
  beforeAll(async () => {
    system = await startSystem({ subgraphEnv: { ALLOW_COMMITS_WITHOUT_TEMPLATE: 'false' } });
    const opt = readFileSync(new URL('templates/ehrbase_blood_pressure_simple.de.v0.opt', OPENEHR_FIXTURES), 'utf8');
    const admin = bearer(await system.token({ sub: 'modeller', roles: ['admin'] }));
    const upload = await system.gateway.request(`mutation($o: String!) { uploadTemplate(opt: $o) { id } }`, { o: opt }, admin);
    templateId = upload.data.uploadTemplate.id;
    const read = await system.gateway.request(`query($id: String!) { template(id: $id) { webTemplate } }`, { id: templateId });
    expect(read.errors).toBeUndefined();
    webTemplate = read.data.template.webTemplate;
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('is filled in, submitted as FLAT through the gateway, and stored as the canonical values typed', async () => {
    const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id as string;
    const token = await system.token({ sub: 'dr-form', org: 'org-a', roles: ['clinician'] });
    const origin = new URL(system.gateway.url).origin;
    const html = formPage({
      webTemplate,
      fields: ['systolic', 'diastolic', 'position'],
      ehrId,
      token,
      scriptUrl: `${origin}/medblocks.js`,
      styleUrl: `${origin}/medblocks.css`,
    });
    const { script, style } = await bundleMedblocks();

    await using browser = await launchBrowser();
    // nothing but the gateway's origin: the page needs no CDN, font or icon host
    const elsewhere: string[] = [];
    await browser.context.route(
      (url) => url.origin !== origin,
      (route) => {
        elsewhere.push(route.request().url());
        return route.abort();
      },
    );
    await browser.context.route(`${origin}/form.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await browser.context.route(`${origin}/medblocks.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
    await browser.context.route(`${origin}/medblocks.css`, (route) => route.fulfill({ contentType: 'text/css', body: style }));
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/form.html`);

    await page.locator('mb-quantity[label="Systolic"] sl-input input').fill('142');
    await page.locator('mb-quantity[label="Diastolic"] sl-input input').fill('91');
    await page.locator('mb-buttons[label="Position"] sl-button', { hasText: 'Sitting' }).click();
    await page.locator('#save').click();
    const result = page.locator('#result');
    await result
      .filter({ hasText: 'uid' })
      .or(result.filter({ hasText: 'errors' }))
      .waitFor();
    await page.screenshot({ path: browser.screenshotPath('medblocks-blood-pressure-form'), fullPage: true });
    const answer = JSON.parse((await result.textContent()) ?? '{}') as Json;
    expect(answer.errors).toBeUndefined();
    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);

    const uid = answer.data.commitComposition.uid as string;
    const read = await system.gateway.request(`query($u: String!) { composition(uid: $u) { templateId canonical } }`, { u: uid });
    expect(read.data.composition.templateId).toBe(templateId);
    const elements = valuesByName(read.data.composition.canonical);
    expect(elements.Systolic).toEqual({ _type: 'DV_QUANTITY', magnitude: 142, units: 'mm[Hg]' });
    expect(elements.Diastolic).toEqual({ _type: 'DV_QUANTITY', magnitude: 91, units: 'mm[Hg]' });
    expect(read.data.composition.canonical.territory.code_string).toBe('GB');
    expect(read.data.composition.canonical.composer).toEqual({ _type: 'PARTY_IDENTIFIED', name: 'Form client' });
    expect(elements.Position).toMatchObject({ _type: 'DV_CODED_TEXT', value: 'Sitting', defining_code: { code_string: 'at1001' } });
  });
});

/** Every ELEMENT's value in a canonical composition, by the element's name. */
function valuesByName(canonical: unknown): Record<string, Json> {
  const found: Record<string, Json> = {};
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (typeof o !== 'object' || o === null) return;
    const node = o as Json;
    if (node._type === 'ELEMENT') found[node.name.value as string] = node.value as Json;
    Object.values(node).forEach(walk);
  };
  walk(canonical);
  return found;
}
