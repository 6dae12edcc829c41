import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import { ActionState } from './action-state.ts';

/** A host that records what the controller asks of it (no DOM needed). */
function fakeHost(): ReactiveControllerHost & { updates: number; controllers: ReactiveController[] } {
  const host = {
    updates: 0,
    controllers: [] as ReactiveController[],
    addController: (controller: ReactiveController) => void host.controllers.push(controller),
    removeController: () => undefined,
    requestUpdate: () => void (host.updates += 1),
    updateComplete: Promise.resolve(true),
  };
  return host;
}

const describeFailure = (error: unknown) => `explained: ${error instanceof Error ? error.message : 'unknown'}`;

describe('ActionState', () => {
  it('is busy while the action runs and re-renders its host on start and end', async () => {
    const host = fakeHost();
    const state = new ActionState(host, describeFailure);
    expect(host.controllers).toContain(state);
    let release: () => void = () => undefined;
    const running = state.run(() => new Promise<void>((resolve) => (release = resolve)));
    expect(state.busy).toBe(true);
    release();
    expect(await running).toBe(true);
    expect(state.busy).toBe(false);
    expect(state.error).toBe('');
    expect(host.updates).toBe(2);
  });

  it('keeps a failure as the described text, never the raw error', async () => {
    const state = new ActionState(fakeHost(), describeFailure);
    expect(await state.run(() => Promise.reject(new Error('Failed to fetch')))).toBe(false);
    expect(state.busy).toBe(false);
    expect(state.error).toBe('explained: Failed to fetch');
  });

  it('clears the last failure when the next action starts', async () => {
    const state = new ActionState(fakeHost(), describeFailure);
    await state.run(() => Promise.reject(new Error('first')));
    const second = state.run(() => Promise.resolve());
    expect(state.error).toBe('');
    await second;
    expect(state.error).toBe('');
  });

  it('lets one action explain its own failures, or show them elsewhere', async () => {
    const state = new ActionState(fakeHost(), describeFailure);
    await state.run(
      () => Promise.reject(new Error('x')),
      () => 'at this action',
    );
    expect(state.error).toBe('at this action');
    let atField = '';
    await state.run(
      () => Promise.reject(new Error('tan')),
      () => {
        atField = 'the TAN field';
        return '';
      },
    );
    expect(atField).toBe('the TAN field');
    expect(state.error).toBe('');
  });

  it('shows a failure found outside an action', () => {
    const host = fakeHost();
    const state = new ActionState(host, describeFailure);
    state.error = 'could not load';
    expect(state.error).toBe('could not load');
    expect(host.updates).toBe(1);
  });
});
