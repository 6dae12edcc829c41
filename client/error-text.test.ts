import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../protocol/bytes.ts';
import { API_ERROR_CODES } from '../protocol/errors.ts';
import { ApiRequestError } from './api.ts';
import { errorMessages } from './error-messages.ts';
import { describeError, describeFailure, failureRecord } from './error-text.ts';

describe('describeError', () => {
  it('has a German and a different English text for every code the Worker can answer', () => {
    for (const code of API_ERROR_CODES) {
      const de = describeError(new ApiRequestError(400, code, 'English server text'), errorMessages.de);
      const en = describeError(new ApiRequestError(400, code, 'English server text'), errorMessages.en);
      expect(de.length, code).toBeGreaterThan(5);
      expect(en, code).not.toBe(de);
      expect(de).not.toContain('English server text');
    }
  });

  it('never shows a server message, a browser message or a protocol detail', () => {
    const failures: unknown[] = [
      new ApiRequestError(404, 'unknown_code', 'This code is unknown, used or expired.'),
      new ProtocolError('bad_signature', 'daily key is not signed by the office'),
      new DOMException('The operation either timed out or was not allowed. See: https://www.w3.org/TR/webauthn-2/', 'NotAllowedError'),
      new TypeError('Failed to fetch'),
      new Error('something internal'),
      'a thrown string',
    ];
    for (const failure of failures) {
      const text = describeError(failure, errorMessages.de);
      expect(text).not.toMatch(/This code|daily key|w3\.org|Failed to fetch|internal|thrown/);
    }
    expect(describeError(failures[2], errorMessages.de)).toBe(errorMessages.de.browser.NotAllowedError);
    expect(describeError(failures[3], errorMessages.en)).toBe(errorMessages.en.api.offline);
  });

  it('describes a kept failure in the language it is read in, and an older English reason generally', () => {
    const kept = JSON.parse(JSON.stringify(failureRecord(new ApiRequestError(422, 'wrong_office_key', 'x')))) as unknown;
    expect(describeFailure(kept, errorMessages.de)).toBe(errorMessages.de.api.wrong_office_key);
    expect(describeFailure(kept, errorMessages.en)).toBe(errorMessages.en.api.wrong_office_key);
    expect(describeFailure('the office has published no key for 2026-11-25', errorMessages.de)).toBe(errorMessages.de.browser.other);
    expect(describeFailure({ source: 'api', code: 'no_such_code' }, errorMessages.de)).toBe(errorMessages.de.browser.other);
  });

  it('lets a screen say better what a code means there', () => {
    expect(
      describeError(new ApiRequestError(404, 'unknown_venue', 'x'), errorMessages.en, { unknown_venue: 'No venue has this code.' }),
    ).toBe('No venue has this code.');
  });
});
