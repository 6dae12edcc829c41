/**
 * Shared look: system fonts, a high-contrast palette (text 4.5:1 or better on its background),
 * large touch targets, and a focus ring that is always visible for keyboard users.
 */
import { css } from 'lit';

export const theme = css`
  :host {
    --luca-ink: #14213d;
    --luca-muted: #4a5568;
    --luca-paper: #ffffff;
    --luca-accent: #0b5cad;
    --luca-accent-ink: #ffffff;
    --luca-danger: #a4161a;
    --luca-ok: #1b6e3a;
    --luca-radius: 0.75rem;
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
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
