/**
 * Passkey ceremonies in the browser (@simplewebauthn/browser): the Worker issues the options and
 * verifies the answers; the browser and the authenticator (phone, laptop, security key) do the rest.
 */
import { type PublicKeyCredentialCreationOptionsJSON, startRegistration } from '@simplewebauthn/browser';
import { signInWithPasskey } from '../../client/passkey-sign-in.ts';
import { api } from '../../client/api.ts';
import type { Account } from './venue-api.ts';

export async function signUp(displayName: string): Promise<Account> {
  const { flowId, options } = await api.post<{ flowId: string; options: PublicKeyCredentialCreationOptionsJSON }>('/api/auth/register/options', { displayName });
  const response = await startRegistration({ optionsJSON: options });
  return (await api.post<{ account: Account }>('/api/auth/register/verify', { flowId, response })).account;
}

export async function signIn(): Promise<Account> {
  const account = await signInWithPasskey();
  if (account.role !== 'venue') {
    await api.post('/api/auth/logout', {});
    throw new Error('This passkey belongs to a health-office account. Use /health/ instead.');
  }
  return { ...account, role: 'venue' };
}

export async function addPasskey(): Promise<void> {
  const { flowId, options } = await api.post<{ flowId: string; options: PublicKeyCredentialCreationOptionsJSON }>('/api/auth/passkeys/options', {});
  const response = await startRegistration({ optionsJSON: options });
  await api.post('/api/auth/passkeys/verify', { flowId, response });
}
