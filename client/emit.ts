/**
 * How every element of this project tells its host something: a `luca-…` event (namespaced, so it
 * cannot collide with the page's own events) that bubbles and is composed, so the app root hears
 * it through the shadow roots in between. Each element declares its events, with their details,
 * in `HTMLElementEventMap` next to its class; `emit` accepts only those names, each with its own
 * detail (none for events declared as `CustomEvent<undefined>`), and a listener typed from the same
 * map gets the same detail type.
 */
export type LucaEventName = Extract<keyof HTMLElementEventMap, `luca-${string}`>;

export type LucaEventDetail<K extends LucaEventName> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Each declared event with what it carries: `[type]` for an event without detail, else `[type, detail]`. */
export type LucaEventArgs = {
  [K in LucaEventName]: LucaEventDetail<K> extends undefined ? [type: K] : [type: K, detail: LucaEventDetail<K>];
}[LucaEventName];

export function emit(target: EventTarget, ...[type, detail]: LucaEventArgs): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
