/**
 * The root public key every office certificate must chain to (trust model 3). It is compiled into
 * the bundle by vite.config.ts, so the server that delivers offices and keys cannot replace it.
 */
import { fromBase64Url } from '../protocol/bytes.ts';

declare const __LUCA_ROOT_PUBLIC_KEY__: string;

export const PINNED_ROOT_PUBLIC_KEY = fromBase64Url(__LUCA_ROOT_PUBLIC_KEY__);
