import type { SharedBus } from '../../../platform/redis/bus.ts';
import { deserializeTemplate, type CompiledTemplate } from './index.ts';
import { webTemplate, type WebTemplate } from './web-template.ts';

const CHANGED_CHANNEL = 'template-changed';

/** Finds the stored template with this id (its compiled form, as `serializeTemplate` gave it); null when none was uploaded. */
export type StoredTemplateLoader = (templateId: string) => Promise<{ compiled: unknown } | null>;

/** What the registry keeps of one template: its compiled form and, once asked for, its web template. */
interface Entry {
  compiled: Promise<CompiledTemplate | null>;
  web?: Promise<WebTemplate | null>;
}

let webTemplateBuilds = 0;

/** How often any registry built a web template (tests prove the cache with it). */
export const webTemplateCacheStats = () => ({ builds: webTemplateBuilds });

/**
 * Compiled templates of this service, compiled once (at upload) and cached by id, with the web template
 * built from each on first request. Bounded by the templates stored: one entry per uploaded id. An upload
 * in any replica tells the others, over the shared bus, to drop their copy (both forms).
 */
export class TemplateRegistry {
  private readonly cache = new Map<string, Entry>();

  private constructor(
    private readonly load: StoredTemplateLoader,
    private readonly bus: SharedBus,
  ) {}

  static async start(load: StoredTemplateLoader, bus: SharedBus): Promise<TemplateRegistry> {
    const registry = new TemplateRegistry(load, bus);
    await bus.subscribe(CHANGED_CHANNEL, (templateId) => registry.cache.delete(templateId));
    return registry;
  }

  /** The compiled template with this id, or null when none was uploaded. */
  compiled(templateId: string): Promise<CompiledTemplate | null> {
    return this.entry(templateId).compiled;
  }

  /** The web template of the template with this id (built once, frozen: every request shares it), or null when none was uploaded. */
  webTemplate(templateId: string): Promise<WebTemplate | null> {
    const entry = this.entry(templateId);
    entry.web ??= entry.compiled.then((compiled) => (compiled ? buildWebTemplate(compiled) : null));
    return entry.web;
  }

  async changed(templateId: string): Promise<void> {
    this.cache.delete(templateId);
    await this.bus.publish(CHANGED_CHANNEL, templateId);
  }

  private entry(templateId: string): Entry {
    let entry = this.cache.get(templateId);
    if (!entry) {
      const created: Entry = { compiled: this.load(templateId).then((stored) => (stored ? deserializeTemplate(stored.compiled) : null)) };
      // a failed load is not remembered; the next request tries again (unless a newer entry replaced this one)
      created.compiled.catch(() => this.cache.get(templateId) === created && this.cache.delete(templateId));
      this.cache.set(templateId, created);
      entry = created;
    }
    return entry;
  }
}

function buildWebTemplate(compiled: CompiledTemplate): WebTemplate {
  webTemplateBuilds += 1;
  return deepFreeze(webTemplate(compiled));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
