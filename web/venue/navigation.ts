/**
 * Moving between the venue app's screens with the browser's history, so that Back goes back one
 * screen: `push` adds an entry (a new screen), `replace` swaps the current one (a step that must
 * not be repeated by going back, e.g. the passphrase step once the venue exists), and `backTo`
 * returns to the screen this one was opened from (after saving an edit), going back in history
 * when that is where the user came from, so that no duplicate entry piles up.
 *
 * Each entry remembers (in history.state) the hash it was opened from and the page load that
 * made it: going back through history is only safe to an entry of this same page load (after a
 * reload, earlier entries belong to the previous document, and going back would load the page
 * anew), so otherwise `backTo` replaces the current entry instead.
 */
interface EntryState {
  from: string;
  /** The page load that created the entry by a same-document navigation; none for the load entry. */
  load?: string | undefined;
}

function isEntryState(state: unknown): state is EntryState {
  return typeof state === 'object' && state !== null && typeof (state as { from?: unknown }).from === 'string';
}

const OUTSIDE = '(outside the app)';

function normal(hash: string): string {
  return hash === '' || hash === '#' ? '#/' : hash;
}

export class HashNavigation {
  private readonly load = crypto.randomUUID();
  private current = location.hash || '#/';
  /** For a replaced entry: what the entry it replaced knew of its origin. */
  private carried: EntryState | undefined;

  constructor() {
    // The entry the app was opened on came from outside it: going back from there leaves the app.
    if (!isEntryState(history.state)) history.replaceState({ from: OUTSIDE } satisfies EntryState, '');
  }

  /** Call on every hashchange, before rendering the new screen. */
  arrived(): void {
    if (!isEntryState(history.state)) {
      history.replaceState((this.carried ?? { from: this.current, load: this.load }) satisfies EntryState, '');
    }
    this.carried = undefined;
    this.current = location.hash || '#/';
  }

  push(hash: string): boolean {
    if (normal(location.hash) === normal(hash)) return false;
    location.hash = hash;
    return true;
  }

  replace(hash: string): boolean {
    if (normal(location.hash) === normal(hash)) return false;
    this.carried = isEntryState(history.state) ? history.state : { from: this.current, load: this.load };
    location.replace(hash);
    return true;
  }

  /** Back to `hash`: through history if this screen was opened from it in this page load, else by replacing this one. */
  backTo(hash: string): boolean {
    if (normal(location.hash) === normal(hash)) return false;
    const state: unknown = history.state;
    if (isEntryState(state) && state.load === this.load && normal(state.from) === normal(hash)) {
      history.back();
      return true;
    }
    return this.replace(hash);
  }
}
