/**
 * Every refusal the Worker can answer, as one typed union shared by the Worker (which may throw
 * only these codes, each with its status) and the apps (which show their own German or English
 * text for each code and never the server's English `message`). docs/PROTOCOL.md's table of
 * errors is checked against this map (docs/protocol-doc.test.ts).
 */
import * as v from 'valibot';

export const API_ERROR_STATUS = {
  // 400: the request itself is malformed
  invalid_input: 400,
  bad_request: 400,
  bad_code: 400,
  bad_tan: 400,
  challenge_expired: 400,
  duplicate_day: 400,
  duplicate_employee: 400,
  duplicate_grant: 400,
  duplicate_key: 400,
  duplicate_release: 400,
  no_keys: 400,
  passkey_refused: 400,
  unknown_passkey: 400,
  // 401, 403: who is asking
  not_signed_in: 401,
  ancestor_not_allowed: 403,
  cancel_refused: 403,
  checkout_refused: 403,
  read_refused: 403,
  cross_origin: 403,
  not_admin: 403,
  not_admitted: 403,
  not_staff: 403,
  not_your_flow: 403,
  not_your_signature: 403,
  origin_not_allowed: 403,
  other_office: 403,
  wrong_account: 403,
  // 404: nothing of that name
  not_found: 404,
  unknown_case: 404,
  unknown_claim_code: 404,
  unknown_code: 404,
  unknown_contact: 404,
  unknown_employee: 404,
  unknown_forward: 404,
  unknown_office: 404,
  unknown_request: 404,
  unknown_warning: 404,
  unknown_tan: 404,
  unknown_venue: 404,
  method_not_allowed: 405,
  // 421: the other origin's route (the office app has an origin of its own)
  wrong_host: 421,
  // 409: the state does not allow it (any more)
  already_answered: 409,
  already_certified: 409,
  already_done: 409,
  already_requested: 409,
  audit_replayed: 409,
  case_closed: 409,
  case_exists: 409,
  code_used: 409,
  day_has_key: 409,
  employee_removed: 409,
  forward_taken: 409,
  id_taken: 409,
  no_identity_key: 409,
  no_setup: 409,
  not_a_draft: 409,
  office_not_certified: 409,
  passkey_exists: 409,
  remove_self: 409,
  request_exists: 409,
  stale_revocation: 409,
  warning_exists: 409,
  warning_withdrawn: 409,
  venue_claimed: 409,
  venue_exists: 409,
  visit_started: 409,
  // 410: gone for good
  tan_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // 422: well-formed, but not acceptable
  audit_mismatch: 422,
  audit_signature: 422,
  audit_stale: 422,
  bad_card: 422,
  bad_certificate: 422,
  bad_daily_key: 422,
  bad_departure: 422,
  bad_proof: 422,
  bad_request_signature: 422,
  bad_revocation: 422,
  bad_rotation_request: 422,
  bad_visit: 422,
  bad_window: 422,
  day_out_of_range: 422,
  forward_required: 422,
  grants_incomplete: 422,
  identity_for_admins: 422,
  keys_changed: 422,
  kiosk_code_required: 422,
  no_source: 422,
  not_a_case_visit: 422,
  bad_warning_signature: 422,
  not_in_window: 422,
  own_venue: 422,
  reason_required: 422,
  revocation_incomplete: 422,
  stale_kiosk_code: 422,
  stale_office_key: 422,
  unknown_key: 422,
  unknown_visit_venue: 422,
  venue_not_live: 422,
  wrong_case: 422,
  wrong_day: 422,
  wrong_office: 422,
  wrong_office_key: 422,
  wrong_reference: 422,
  rate_limited: 429,
  warning_limit: 429,
  // 500: the Worker's own fault, never the input's
  internal: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
export type ApiErrorStatus = (typeof API_ERROR_STATUS)[ApiErrorCode];
/** The status that goes with `code`: a refusal cannot be thrown with another. */
export type StatusOf<C extends ApiErrorCode> = (typeof API_ERROR_STATUS)[C];

/** Failures the browser's API client reports itself, without a usable answer from the Worker. */
export type ClientFailureCode = 'offline' | 'unexpected_response';

export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as ApiErrorCode[];

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERROR_STATUS, code);
}

/**
 * The one error envelope every API route answers with. `message` is English for developers and
 * logs; apps show their own text for `code`. `field` names the input a refusal concerns, as a
 * dotted path into the request (`visits.2`, `allowedOrigins.0`), when there is one.
 */
export const ApiErrorSchema = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    field: v.optional(v.string()),
  }),
});
export type ApiError = v.InferOutput<typeof ApiErrorSchema>;
