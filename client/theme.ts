/**
 * Shared look: system fonts, a high-contrast palette (text 4.5:1 or better on its background),
 * large touch targets, and a focus ring that is always visible for keyboard users.
 */
import { css } from 'lit';

export const theme = css`
  /* The --luca-brand-* properties, inherited from the page, let the widget take a venue's look (widget/frame/theme.ts). */
  :host {
    --luca-ink: var(--luca-brand-ink, #14213d);
    --luca-muted: var(--luca-brand-muted, #4a5568);
    --luca-paper: var(--luca-brand-background, #ffffff);
    --luca-accent: var(--luca-brand-accent, #0b5cad);
    --luca-accent-ink: var(--luca-brand-accent-ink, #ffffff);
    --luca-danger: var(--luca-brand-error, #a4161a);
    --luca-ok: var(--luca-brand-ok, #1b6e3a);
    --luca-radius: var(--luca-brand-radius, 0.75rem);
    --luca-input-paper: var(--luca-brand-input-background, #ffffff);
    --luca-input-ink: var(--luca-brand-input-ink, #14213d);
    --luca-input-border: var(--luca-brand-input-border, #6b7280);
    font-family: var(--luca-brand-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--luca-ink);
    line-height: 1.5;
  }
  button,
  .button {
    font: inherit;
    min-height: 3rem;
    padding: 0.6rem 1.2rem;
    border-radius: var(--luca-radius);
    border: 2px solid var(--luca-accent);
    background: var(--luca-accent);
    color: var(--luca-accent-ink);
    font-weight: 600;
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--luca-accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  :focus-visible {
    outline: 3px solid #f4a100;
    outline-offset: 2px;
  }
  .error {
    color: var(--luca-danger);
  }
  .muted {
    color: var(--luca-muted);
  }
`;

/** Labelled form fields, the same in every form: label above its field, large targets, clear borders. */
export const formFields = css`
  label {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  input:not([type='checkbox']):not([type='radio']),
  select,
  textarea {
    font: inherit;
    padding: 0.6rem 0.7rem;
    border: 2px solid var(--luca-input-border, #6b7280);
    border-radius: 0.5rem;
    min-height: 2.75rem;
    background: var(--luca-input-paper, #ffffff);
    color: var(--luca-input-ink, #14213d);
  }
`;

/**
 * The layout of the contact form's fields, shared by every form that asks for a person's name,
 * address and phone (client/luca-contact-form.ts, the guest app's person form): street and house
 * number, postcode and city as pairs, each mistake in the row under its pair, wrong fields outlined.
 */
export const contactLayout = css`
  form {
    display: grid;
    gap: 0.9rem;
  }
  .pair {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 8rem;
    gap: 0.75rem;
    /* Inputs side by side even when one label wraps ("House number"). */
    align-items: end;
  }
  .pair.postcode {
    grid-template-columns: 8rem minmax(0, 1fr);
  }
  /* A pair's explanations take the whole row: a narrow column would break them word by word. */
  .pair > .error {
    grid-column: 1 / -1;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  input,
  select {
    min-width: 0;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--luca-danger);
  }
  .error,
  .hint {
    font-weight: 400;
    font-size: 0.95rem;
  }
`;
