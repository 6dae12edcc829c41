/**
 * Moving between the venue app's screens with the browser's history, so that Back goes back one
 * screen: `push` adds an entry (a new screen), `replace` swaps the current one (a step that must
 * not be repeated by going back, e.g. the passphrase step once the venue exists), and `backTo`
 * returns to the screen this one was opened from (after saving an edit), going back in history
 * when that is where the user came from, so that no duplicate entry piles up.
 *
 * Each entry remembers the hash it was opened from (in history.state), stamped on arrival.
 */
interface EntryState {
  from: string;
}

function isEntryState(state: unknown): state is EntryState {
  return typeof state === 'object' && state !== null && typeof (state as { from?: unknown }).from === 'string';
}

export class HashNavigation {
  private current = location.hash || '#/';
  /** For a replaced entry: where the entry it replaced was opened from. */
  private carriedFrom: string | undefined;

  constructor() {
    // The entry the app was opened on came from outside it: going back from there leaves the app.
    if (!isEntryState(history.state)) history.replaceState({ from: OUTSIDE } satisfies EntryState, '');
  }

  /** Call on every hashchange, before rendering the new screen. */
  arrived(): void {
    const hash = location.hash || '#/';
    if (!isEntryState(history.state)) {
      history.replaceState({ from: this.carriedFrom ?? this.current } satisfies EntryState, '');
    }
    this.carriedFrom = undefined;
    this.current = hash;
  }

  push(hash: string): boolean {
    if (normal(location.hash) === normal(hash)) return false;
    location.hash = hash;
    return true;
  }

  replace(hash: string): boolean {
    if (normal(location.hash) === normal(hash)) return false;
    this.carriedFrom = isEntryState(history.state) ? history.state.from : this.current;
    location.replace(hash);
    return true;
  }

  /** Back to `hash`: through history if this screen was opened from it, else by replacing this one. */
  backTo(hash: string): boolean {
    if (normal(location.hash) === normal(hash)) return false;
    if (isEntryState(history.state) && normal(history.state.from) === normal(hash)) {
      history.back();
      return true;
    }
    return this.replace(hash);
  }
}

const OUTSIDE = '(outside the app)';

function normal(hash: string): string {
  return hash === '' || hash === '#' ? '#/' : hash;
}
