/**
 * "Use my saved luca data": the frame opens the guest PWA's popup (/widget/use-saved, same
 * origin as the frame, but a top-level window and so with the PWA's own first-party storage,
 * which the embedded frame cannot reach). The popup shows the guest their data and the venue,
 * seals and submits on confirmation, and reports the outcome to its opener: this frame. The host
 * page is not involved and never sees the contact data.
 */
import * as v from 'valibot';
import { randomBytes, toBase64Url } from '../../protocol/bytes.ts';
import { encodeVenueQrPayload } from '../../protocol/venue.ts';
import type { FrameParams, RegisteredDetail } from '../../protocol/widget.ts';

export type PopupOutcome = RegisteredDetail | 'blocked' | 'closed';

const DetailSchema = v.strictObject({
  checkinId: v.string(),
  cancelToken: v.string(),
  window: v.strictObject({ start: v.string(), end: v.string() }),
  sandbox: v.optional(v.literal(true)),
});

export const UseSavedResultSchema = v.variant('type', [
  /** Sealed, about to be sent: passed on to the host at once, so that its token is never lost. */
  v.strictObject({ type: v.literal('luca-use-saved-sealed'), nonce: v.string(), detail: DetailSchema }),
  v.strictObject({ type: v.literal('luca-use-saved-result'), nonce: v.string(), detail: DetailSchema }),
  v.strictObject({ type: v.literal('luca-use-saved-closed'), nonce: v.string() }),
]);

/**
 * The popup's address: the same parameters as the frame's, in the fragment (never sent to a
 * server), and a nonce for this one request, which the popup echoes with its answer.
 */
export function useSavedUrl(params: FrameParams, window: { start: number; end: number }, nonce: string): string {
  const query = new URLSearchParams({
    nonce,
    venue: encodeVenueQrPayload(params.venue),
    mode: params.mode,
    start: new Date(window.start).toISOString(),
    end: new Date(window.end).toISOString(),
  });
  if (params.reference) query.set('ref', params.reference);
  if (params.lang) query.set('lang', params.lang);
  if (params.sandbox) query.set('sandbox', '1');
  return `/widget/use-saved#${query.toString()}`;
}

export function openUseSavedPopup(
  params: FrameParams,
  window: { start: number; end: number },
  onSealed: (detail: RegisteredDetail) => void,
): Promise<PopupOutcome> {
  // A window name and a nonce of its own per request: a second widget (or click) never reuses
  // this popup, and an answer counts only for the request that opened it.
  const nonce = toBase64Url(randomBytes(16));
  const popup = globalThis.open(useSavedUrl(params, window, nonce), `luca-use-saved-${nonce}`, 'popup,width=480,height=760');
  if (!popup) return Promise.resolve('blocked');
  return new Promise((resolve) => {
    const finish = (outcome: PopupOutcome) => {
      globalThis.removeEventListener('message', onMessage);
      clearInterval(watch);
      resolve(outcome);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== location.origin || event.source !== popup) return;
      const parsed = v.safeParse(UseSavedResultSchema, event.data);
      if (!parsed.success || parsed.output.nonce !== nonce) return;
      if (parsed.output.type === 'luca-use-saved-sealed') onSealed(parsed.output.detail);
      else finish(parsed.output.type === 'luca-use-saved-result' ? parsed.output.detail : 'closed');
    };
    globalThis.addEventListener('message', onMessage);
    // A popup closed by the guest sends nothing.
    const watch = setInterval(() => {
      if (popup.closed) finish('closed');
    }, 500);
  });
}
