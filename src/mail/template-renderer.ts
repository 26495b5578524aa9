import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { neutralizeCommandLines } from './engineer-commands.js';

export interface RenderedMail {
  text: string;
  html: string;
}

export type TemplateVars = Record<string, unknown>;

/** An image attached inline: the HTML part shows it by its Content-ID. */
export interface InlineImage {
  cid: string;
  alt: string;
}

/** Shared pieces of text templates (`{{> name}}`), one file each: `templates/partials/<name>.txt.hbs`. */
const PARTIALS_DIR = 'partials';

/**
 * Handlebars templates under `templates/<policy>/<id>[.<lang>].txt.hbs`, falling back to
 * `templates/default/`. One text template per message; the HTML part is the text, escaped
 * and wrapped in `templates/layout.html.hbs`, so customer text can never inject markup.
 */
export class TemplateRenderer {
  private readonly compiled = new Map<string, HandlebarsTemplateDelegate<TemplateVars>>();
  private readonly hb = Handlebars.create();
  private readonly layout: HandlebarsTemplateDelegate<{
    body: Handlebars.SafeString;
    title: string;
    images: InlineImage[];
  }>;

  constructor(private readonly dir: string) {
    this.hb.registerHelper('upper', (s: unknown) => String(s ?? '').toUpperCase());
    this.hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hb.registerHelper('quote', (s: unknown) =>
      String(s ?? '')
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n'),
    );
    const layoutFile = join(dir, 'layout.html.hbs');
    this.layout = this.hb.compile(
      existsSync(layoutFile) ? readFileSync(layoutFile, 'utf8') : '<html><body>{{body}}</body></html>',
    );
    this.loadPartials();
    this.loadAll();
  }

  private loadPartials(): void {
    const dir = join(this.dir, PARTIALS_DIR);
    if (!existsSync(dir)) return;
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.txt.hbs'))
        this.hb.registerPartial(file.slice(0, -'.txt.hbs'.length), readFileSync(join(dir, file), 'utf8'));
    }
  }

  /** Compiles every template up front: a syntax error stops start-up, not a customer's reply. */
  private loadAll(): void {
    for (const folder of readdirSync(this.dir, { withFileTypes: true })) {
      if (!folder.isDirectory() || folder.name === PARTIALS_DIR) continue;
      for (const file of readdirSync(join(this.dir, folder.name))) {
        if (!file.endsWith('.txt.hbs')) continue;
        const source = readFileSync(join(this.dir, folder.name, file), 'utf8');
        try {
          this.compiled.set(
            `${folder.name}/${file}`,
            this.hb.compile(source, { noEscape: true, strict: false }),
          );
        } catch (err) {
          throw new Error(
            `template ${join(this.dir, folder.name, file)}: ${err instanceof Error ? err.message : err}`,
          );
        }
      }
    }
  }

  has(policy: string, id: string): boolean {
    return this.find(policy, id, undefined) !== undefined;
  }

  /** True when a template exists in that language (Perfana answers in Dutch where it can). */
  hasLanguage(policy: string, id: string, language: string): boolean {
    return (
      this.compiled.has(`${policy}/${id}.${language}.txt.hbs`) ||
      this.compiled.has(`default/${id}.${language}.txt.hbs`)
    );
  }

  private find(policy: string, id: string, language: string | undefined) {
    const names = [
      ...(language ? [`${policy}/${id}.${language}.txt.hbs`, `default/${id}.${language}.txt.hbs`] : []),
      `${policy}/${id}.txt.hbs`,
      `default/${id}.txt.hbs`,
    ];
    for (const name of names) {
      const t = this.compiled.get(name);
      if (t) return t;
    }
    return undefined;
  }

  render(
    policy: string,
    id: string,
    vars: TemplateVars,
    language?: string,
    images: InlineImage[] = [],
  ): RenderedMail {
    const template = this.find(policy, id, language);
    if (!template) throw new Error(`no template "${id}" for policy ${policy} (nor in templates/default)`);
    // Customer and engineer text lands in mails that engineers answer: no line may read as a command.
    const text = neutralizeCommandLines(`${template(vars).trim()}\n`);
    const escaped = Handlebars.escapeExpression(text).replace(/\n/g, '<br>\n');
    const html = this.layout({
      body: new Handlebars.SafeString(escaped),
      title: String(vars.subject ?? ''),
      images,
    });
    return { text, html };
  }
}
