import type { SharedBus } from '../../../platform/redis/bus.ts';
import { deserializeTemplate, type CompiledTemplate } from './index.ts';

const CHANGED_CHANNEL = 'template-changed';

/** Finds the stored template with this id (its compiled form, as `serializeTemplate` gave it); null when none was uploaded. */
export type StoredTemplateLoader = (templateId: string) => Promise<{ compiled: unknown } | null>;

/**
 * Compiled templates of this service, compiled once (at upload) and cached by id. An upload in any
 * replica tells the others, over the shared bus, to drop their copy.
 */
export class TemplateRegistry {
  private readonly cache = new Map<string, Promise<CompiledTemplate | null>>();

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
    let entry = this.cache.get(templateId);
    if (!entry) {
      entry = this.load(templateId).then((stored) => (stored ? deserializeTemplate(stored.compiled) : null));
      entry.catch(() => this.cache.delete(templateId));
      this.cache.set(templateId, entry);
    }
    return entry;
  }

  async changed(templateId: string): Promise<void> {
    this.cache.delete(templateId);
    await this.bus.publish(CHANGED_CHANNEL, templateId);
  }
}
