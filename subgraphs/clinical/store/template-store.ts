import type { Queryable } from '../../kit/db/db.ts';
import type { TemplateRow } from '../model/rows.ts';

const COLUMNS = `template_id AS "templateId", concept, root_archetype_id AS "rootArchetypeId", opt,
  content_hash AS "contentHash", compiled, uploaded_at AS "uploadedAt"`;

/** Uploaded operational templates, with their compiled form. */
export class TemplateStore {
  constructor(private readonly db: Queryable) {}

  async byId(templateId: string): Promise<TemplateRow | null> {
    const result = await this.db.query<TemplateRow>(`SELECT ${COLUMNS} FROM templates WHERE template_id = $1`, [templateId]);
    return result.rows[0] ?? null;
  }

  async all(): Promise<TemplateRow[]> {
    return (await this.db.query<TemplateRow>(`SELECT ${COLUMNS} FROM templates ORDER BY template_id`)).rows;
  }

  /** Whether any composition version uses the template. */
  async inUse(templateId: string): Promise<boolean> {
    const result = await this.db.query('SELECT 1 FROM composition_versions WHERE template_id = $1 LIMIT 1', [templateId]);
    return result.rows.length > 0;
  }

  /** Inserts or replaces a template; returns the stored row. */
  async save(row: Omit<TemplateRow, 'uploadedAt'>, uploadedBy: string): Promise<TemplateRow> {
    const result = await this.db.query<TemplateRow>(
      `INSERT INTO templates (template_id, concept, root_archetype_id, opt, content_hash, compiled, uploaded_at, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
       ON CONFLICT (template_id) DO UPDATE SET concept = EXCLUDED.concept, root_archetype_id = EXCLUDED.root_archetype_id,
         opt = EXCLUDED.opt, content_hash = EXCLUDED.content_hash, compiled = EXCLUDED.compiled,
         uploaded_at = EXCLUDED.uploaded_at, uploaded_by = EXCLUDED.uploaded_by
       RETURNING ${COLUMNS}`,
      [row.templateId, row.concept, row.rootArchetypeId, row.opt, row.contentHash, JSON.stringify(row.compiled), new Date(), uploadedBy],
    );
    return result.rows[0] as TemplateRow;
  }
}
