/** Random identifiers: 16 bytes from the platform CSPRNG, base64url (22 characters). */
import { randomBytes, toBase64Url } from './bytes.ts';

export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newId(): string {
  return toBase64Url(randomBytes(16));
}
