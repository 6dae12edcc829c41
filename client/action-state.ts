/**
 * How an element runs what the user asked for (sign in, send a request, export, end the kiosk):
 * busy while it runs, so its buttons are disabled and a second click sends nothing twice, and a
 * failure kept as a text in the user's language for the element to show. The raw error never
 * reaches the screen: `describe` turns it into a catalogue text. A Lit reactive controller, so the
 * element re-renders when either changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ActionState implements ReactiveController {
  private running = false;
  private problem = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly describe: (error: unknown) => string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Nothing to set up (the state lives as long as the element); a ReactiveController must name at least one hook.
  }

  /** True while an action runs. */
  get busy(): boolean {
    return this.running;
  }

  /** The last failure's text, '' when the last action succeeded (or none ran). */
  get error(): string {
    return this.problem;
  }

  /** Shows a failure found outside an action (a load, a check before sending). */
  set error(text: string) {
    this.problem = text;
    this.host.requestUpdate();
  }

  /**
   * Runs `action` with busy set and the last failure cleared; true when it succeeded. `fail`, when
   * given, explains this action's failures instead of `describe`; it returns '' for a failure it
   * showed elsewhere (at the form field it concerns).
   */
  async run(action: () => Promise<void>, fail: (error: unknown) => string = this.describe): Promise<boolean> {
    this.running = true;
    this.problem = '';
    this.host.requestUpdate();
    try {
      await action();
      return true;
    } catch (error) {
      this.problem = fail(error);
      return false;
    } finally {
      this.running = false;
      this.host.requestUpdate();
    }
  }
}
