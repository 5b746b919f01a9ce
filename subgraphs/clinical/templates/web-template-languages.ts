// A web template's languages: each label and description in the template's own language and, where the OPT
// translates the archetype's term, in its other languages.
import type { Translations } from './types.ts';

export class Languages {
  /** The archetype whose terms are in scope (the nearest archetype root above the node being built). */
  archetype = '';

  constructor(
    readonly own: string,
    readonly all: string[],
    private readonly translations: Translations,
  ) {}

  /** Term `code`'s text in every language; `text` in the template's own. */
  texts(code: string, text: string): Record<string, string> {
    return this.each(text, (l) => this.term(l, code)?.text);
  }

  /** Term `code`'s description in every language; undefined when there is none in the template's own. */
  descriptions(code: string, description: string | undefined): Record<string, string> | undefined {
    return description === undefined ? undefined : this.each(description, (l) => this.term(l, code)?.description);
  }

  private term(language: string, code: string) {
    return this.translations[this.archetype]?.[language]?.[code];
  }

  private each(own: string, other: (language: string) => string | undefined): Record<string, string> {
    const out: Record<string, string> = { [this.own]: own };
    for (const language of this.all) {
      const value = language === this.own ? undefined : other(language);
      if (value !== undefined) out[language] = value;
    }
    return out;
  }
}
