/**
 * The "websites allowed to embed" field, checked in the browser with the same rule the Worker
 * applies (protocol/schemas.ts EmbedOriginSchema), so that the operator reads the app's own text
 * next to the field, naming the line, rather than a refusal from the server. A website typed
 * with a trailing slash or in capitals is taken as its origin; one with a path is explained.
 */
import * as v from 'valibot';
import { EmbedOriginSchema, VenueSettingsSchema } from '../../protocol/schemas.ts';
import type { VenueMessages } from './messages.ts';

type OriginTexts = Pick<VenueMessages, 'originInvalid' | 'originNotHttps' | 'originWithPath' | 'originsTooMany'>;

const MAX_ORIGINS = 20;

export function parseEmbedOrigins(text: string, messages: OriginTexts): { origins: string[] } | { error: string } {
  const origins: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const number = index + 1;
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      return { error: messages.originInvalid(number, line) };
    }
    const loopback = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
    if (url.protocol !== 'https:' && !loopback)
      return { error: url.protocol === 'http:' ? messages.originNotHttps(number, line) : messages.originInvalid(number, line) };
    if (url.username || url.password || !v.is(EmbedOriginSchema, url.origin)) return { error: messages.originInvalid(number, line) };
    if (url.pathname !== '/' || url.search || url.hash) return { error: messages.originWithPath(number, url.origin) };
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  if (origins.length > MAX_ORIGINS) return { error: messages.originsTooMany };
  // What passes here passes the Worker's schema too.
  if (!v.is(VenueSettingsSchema, { allowedOrigins: origins })) return { error: messages.originsTooMany };
  return { origins };
}
