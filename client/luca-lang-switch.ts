import { LitElement, css, html } from 'lit';
import { emit } from './emit.ts';
import { theme } from './theme.ts';
import type { Lang } from './i18n.ts';

/**
 * Deutsch / English, as two toggle buttons with aria-pressed, labelled in the current language.
 *
 * @fires luca-lang-change - detail: { lang }
 */
export class LucaLangSwitch extends LitElement {
  static override properties = {
    lang: { type: String },
    label: { type: String },
  };

  static override styles = [
    theme,
    css`
      button {
        min-height: 2.75rem;
        padding: 0.3rem 0.7rem;
      }
      button[aria-pressed='true'] {
        background: var(--luca-accent);
        color: var(--luca-accent-ink);
      }
    `,
  ];

  declare lang: Lang;
  declare label: string;

  constructor() {
    super();
    this.lang = 'de';
    this.label = 'Sprache';
  }

  private choose(lang: Lang): void {
    emit(this, 'luca-lang-change', { lang });
  }

  override render() {
    return html`<div role="group" aria-label=${this.label}>
      <button class="secondary" lang="de" aria-pressed=${this.lang === 'de'} @click=${() => this.choose('de')}>Deutsch</button>
      <button class="secondary" lang="en" aria-pressed=${this.lang === 'en'} @click=${() => this.choose('en')}>English</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'luca-lang-change': CustomEvent<{ lang: Lang }>;
  }
  interface HTMLElementTagNameMap {
    'luca-lang-switch': LucaLangSwitch;
  }
}
