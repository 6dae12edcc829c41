import { describe, expect, it } from 'vitest';
import { emit } from './emit.ts';

// Two events only this test declares: one with a detail, one without.
declare global {
  interface HTMLElementEventMap {
    'luca-test-with-detail': CustomEvent<{ count: number }>;
    'luca-test-without-detail': CustomEvent<undefined>;
  }
}

function heard(target: EventTarget, type: string): CustomEvent<unknown>[] {
  const events: CustomEvent<unknown>[] = [];
  target.addEventListener(type, (event) => events.push(event as CustomEvent<unknown>));
  return events;
}

describe('emit', () => {
  it('sends a bubbling, composed event with its detail', () => {
    const target = new EventTarget();
    const events = heard(target, 'luca-test-with-detail');
    emit(target, 'luca-test-with-detail', { count: 3 });
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toEqual({ count: 3 });
    expect(events[0]?.bubbles).toBe(true);
    expect(events[0]?.composed).toBe(true);
  });

  it('sends an event without detail', () => {
    const target = new EventTarget();
    const events = heard(target, 'luca-test-without-detail');
    emit(target, 'luca-test-without-detail');
    expect(events.map((event) => event.detail)).toEqual([null]);
  });

  it('accepts only declared names, each with its own detail (checked by tsc)', () => {
    const target = new EventTarget();
    const events = heard(target, 'luca-undeclared');
    // @ts-expect-error an event no element declares
    emit(target, 'luca-undeclared');
    // @ts-expect-error the detail of another event
    emit(target, 'luca-test-with-detail', { venueName: 'x' });
    // @ts-expect-error a detail for an event that has none
    emit(target, 'luca-test-without-detail', { count: 1 });
    // @ts-expect-error a missing detail
    emit(target, 'luca-test-with-detail');
    expect(events).toHaveLength(1);
  });
});
