/**
 * The look of the venue's lists of signed items from health offices (the request inbox, the
 * warnings about its venues): a card per item, its details as a term/value grid, and whether its
 * signature was checked in green or red.
 */
import { css } from 'lit';

export const signedListStyles = css`
  ol {
    list-style: none;
    padding: 0;
    display: grid;
    gap: 1rem;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 0.75rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .ok {
    color: var(--luca-ok);
    font-weight: 700;
  }
  .bad {
    color: var(--luca-danger);
    font-weight: 700;
  }
`;
