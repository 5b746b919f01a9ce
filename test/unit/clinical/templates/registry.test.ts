import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../platform/observability/logger.ts';
import { createSharedBus } from '../../../../platform/redis/bus.ts';
import { serializeTemplate, webTemplate } from '../../../../subgraphs/clinical/templates/index.ts';
import { TemplateRegistry, webTemplateCacheStats } from '../../../../subgraphs/clinical/templates/registry.ts';
import { template } from '../../../kit/template-fixtures.ts';

const FILES = ['minimal_evaluation.opt', 'minimal_admin.opt', 'minimal_observation.opt'];
const stored = new Map(FILES.map((file) => [template(file).templateId, { compiled: serializeTemplate(template(file)) }]));
const expected = new Map(FILES.map((file) => [template(file).templateId, webTemplate(template(file))]));
const IDS = [...stored.keys(), 'never.uploaded.v0'];

const bus = createSharedBus({ keyPrefix: `registry-test-${randomUUID()}:`, logger: createLogger('test', { level: 'silent' }) });
afterAll(() => bus.close());

type Step = { kind: 'read' | 'change'; templateId: string };
const steps = fc.array(fc.record({ kind: fc.constantFrom<Step['kind']>('read', 'read', 'change'), templateId: fc.constantFrom(...IDS) }), { maxLength: 30 });

describe('TemplateRegistry.webTemplate', () => {
  it('builds each template’s web template once until it changes, and always answers what the builder gives', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (plan) => {
        const registry = await TemplateRegistry.start(async (templateId) => stored.get(templateId) ?? null, bus);
        const warm = new Set<string>();
        let builds = 0;
        const before = webTemplateCacheStats().builds;
        for (const { kind, templateId } of plan) {
          if (kind === 'change') {
            await registry.changed(templateId);
            warm.delete(templateId);
            continue;
          }
          // two requests at once share one build
          const answers = await Promise.all([registry.webTemplate(templateId), registry.webTemplate(templateId)]);
          expect(answers).toEqual([expected.get(templateId) ?? null, expected.get(templateId) ?? null]);
          if (stored.has(templateId) && !warm.has(templateId)) builds += 1;
          if (stored.has(templateId)) warm.add(templateId);
        }
        expect(webTemplateCacheStats().builds - before).toBe(builds);
      }),
      { numRuns: 50 },
    );
  });

  it('hands out a frozen web template, so no request can change what the next one gets', async () => {
    const registry = await TemplateRegistry.start(async (templateId) => stored.get(templateId) ?? null, bus);
    const cached = await registry.webTemplate('minimal_evaluation.en.v1');
    expect(Object.isFrozen(cached)).toBe(true);
    expect(Object.isFrozen(cached?.tree.children?.[0])).toBe(true);
    expect(() => cached?.tree.children?.push(cached.tree)).toThrow(TypeError);
  });
});
