/**
 * Passkey ceremonies in the browser (@simplewebauthn/browser): the Worker issues the options and
 * verifies the answers; the browser and the authenticator (phone, laptop, security key) do the rest.
 */
import { startRegistration } from '@simplewebauthn/browser';
import { authRoutes } from '../../protocol/api/auth.ts';
import { signInWithPasskey, signOut } from '../../client/passkey-sign-in.ts';
import { call } from '../../client/api.ts';
import type { Account } from './venue-api.ts';

export async function signUp(displayName: string): Promise<Account> {
  const { flowId, options } = await call(authRoutes.registerOptions, { body: { displayName } });
  const response = await startRegistration({ optionsJSON: options });
  return (await call(authRoutes.registerVerify, { body: { flowId, response } })).account;
}

export async function signIn(): Promise<Account> {
  const account = await signInWithPasskey();
  if (account.role !== 'venue') {
    await signOut();
    throw new Error('This passkey belongs to a health-office account. Use /health/ instead.');
  }
  return { ...account, role: 'venue' };
}

export async function addPasskey(): Promise<void> {
  const { flowId, options } = await call(authRoutes.passkeyOptions, {});
  const response = await startRegistration({ optionsJSON: options });
  await call(authRoutes.passkeyVerify, { body: { flowId, response } });
}
