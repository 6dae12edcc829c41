/**
 * What the sessions table keeps of a session cookie: a labelled hash, never the token (PROTOCOL.md
 * "Sessions"). One function for the Worker and for the tests that make sessions directly.
 */
import { sha256, toBase64Url, utf8 } from '../../protocol/bytes.ts';

export async function hashSessionToken(token: string): Promise<string> {
  return toBase64Url(await sha256(utf8(`luca-next/v1/session:${token}`)));
}
