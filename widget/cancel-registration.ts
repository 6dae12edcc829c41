/**
 * Cancelling a registration with its cancel token, from the host page itself (no form needed):
 * `POST <app>/api/checkins/<id>/cancel {secret}`, answered with CORS for any origin (the secret is
 * the only authority). Times out with a clear rejection, never hangs. The same route serves a
 * booking system's back-end (docs/WIDGET.md).
 */

/** Why a cancel failed: the API's code (`cancel_refused`, `visit_started`, `rate_limited` …), or `bad_token`, `timeout`, `offline`. */
export class LucaCheckinError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LucaCheckinError';
  }
}

const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
export const CANCEL_TIMEOUT_MS = 10_000;

/** `token` is whatever a page's own script passed to `lucaCheckin.cancel()`: plain JavaScript may pass anything. */
export async function cancelRegistration(appOrigin: string, token: unknown, timeoutMs = CANCEL_TIMEOUT_MS): Promise<{ checkinId: string }> {
  const match = TOKEN.exec(String(token).trim());
  if (!match?.[1] || !match[2]) throw new LucaCheckinError('bad_token', 'luca-checkin: not a cancel token.');
  const [, checkinId, secret] = match;
  let response: Response;
  try {
    response = await fetch(`${appOrigin}/api/checkins/${checkinId}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new LucaCheckinError(
      timedOut ? 'timeout' : 'offline',
      timedOut
        ? `luca-checkin: no answer within ${timeoutMs / 1000} s: try again.`
        : `luca-checkin: ${appOrigin} unreachable (offline, or no connect-src ${appOrigin}).`,
    );
  }
  if (response.ok) return { checkinId };
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: unknown; message?: unknown } };
  const code = typeof body.error?.code === 'string' ? body.error.code : `http_${response.status}`;
  throw new LucaCheckinError(
    code,
    `luca-checkin: cancel refused (${code}): ${typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`}`,
  );
}
