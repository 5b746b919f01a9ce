import { createHash } from 'node:crypto';
import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput, platformError } from '../../../platform/errors/errors.ts';
import type { Guard } from '../../kit/access/guard.ts';
import type { TemplateRow } from '../model/rows.ts';
import type { TemplateStore } from '../store/template-store.ts';
import {
  compileTemplate,
  contradictions,
  optContent,
  serializeTemplate,
  TemplateParseError,
  type CompiledTemplate,
  type WebTemplate,
} from '../templates/index.ts';
import type { TemplateRegistry } from '../templates/registry.ts';

const MAX_OPT_BYTES = 5 * 1024 * 1024;

/** Operational templates as one caller may see and change them (`Template` rules of the policy). */
export class TemplateAccess {
  constructor(
    private readonly store: TemplateStore,
    private readonly guard: Guard,
    private readonly principal: Principal,
    private readonly registry: TemplateRegistry,
  ) {}

  async template(templateId: string): Promise<TemplateRow | null> {
    const row = await this.store.byId(templateId);
    return row && this.guard.allows('read', 'Template', { templateId: row.templateId }, [row.templateId]) ? row : null;
  }

  async templates(): Promise<TemplateRow[]> {
    const rows = await this.store.all();
    return rows.filter((row) => this.guard.ability.can('read', 'Template', { templateId: row.templateId }));
  }

  /** The compiled template behind a stored row, from the registry's cache. */
  compiled(row: TemplateRow): Promise<CompiledTemplate | null> {
    return this.registry.compiled(row.templateId);
  }

  /** The web template of a stored row, built once per template by the registry. */
  webTemplate(row: TemplateRow): Promise<WebTemplate | null> {
    return this.registry.webTemplate(row.templateId);
  }

  /**
   * Stores an OPT. The same content again (whitespace aside) is a no-op; different content under an existing id is
   * a CONFLICT unless `overwrite` (which needs `update` on the template), and never once compositions use it.
   */
  async upload(opt: string, overwrite: boolean): Promise<TemplateRow> {
    // refuse callers who may upload no template at all before parsing anything they sent
    this.guard.require('create', 'Template', undefined, []);
    if (Buffer.byteLength(opt) > MAX_OPT_BYTES) throw badInput(`opt exceeds ${MAX_OPT_BYTES} bytes`, { argument: 'opt' });
    const compiled = compileOpt(opt);
    const { templateId } = compiled;
    this.guard.require('create', 'Template', { templateId }, [templateId]);
    const content = optContent(opt);
    const contentHash = createHash('sha256').update(content).digest('hex');
    const existing = await this.store.byId(templateId);
    // compared with the stored OPT itself: rows stored before content hashes ignored whitespace hash the bytes
    if (existing && optContent(existing.opt) === content) return existing;
    if (existing) {
      if (!overwrite) {
        throw platformError('CONFLICT', `Template "${templateId}" exists with different content; pass overwrite: true to replace it`, { templateId });
      }
      this.guard.require('update', 'Template', { templateId }, [templateId]);
      if (await this.store.inUse(templateId)) {
        throw platformError('CONFLICT', `Template "${templateId}" is used by compositions and cannot be replaced`, { templateId });
      }
    }
    const row = await this.store.save(
      { templateId, concept: compiled.concept, rootArchetypeId: compiled.rootArchetypeId, opt, contentHash, compiled: serializeTemplate(compiled) },
      this.principal.sub,
    );
    await this.registry.changed(templateId);
    return row;
  }
}

/** The compiled OPT; BAD_USER_INPUT when it cannot be compiled or contradicts itself (every contradiction listed). */
function compileOpt(opt: string): CompiledTemplate {
  let compiled: CompiledTemplate;
  try {
    compiled = compileTemplate(opt);
  } catch (error) {
    if (error instanceof TemplateParseError) throw badInput(`Not a usable operational template: ${error.message}`, { argument: 'opt' });
    throw error;
  }
  const found = contradictions(compiled);
  const [first] = found;
  if (first) {
    const count = `${found.length} constraint${found.length === 1 ? '' : 's'}`;
    throw badInput(`Not a usable operational template: it contradicts itself, no composition can meet ${count}; first at ${first.path}: ${first.message}`, {
      argument: 'opt',
      contradictions: found,
    });
  }
  return compiled;
}
