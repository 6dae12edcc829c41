/**
 * Passkey ceremonies in the browser (@simplewebauthn/browser): the Worker issues the options and
 * verifies the answers; the browser and the authenticator (phone, laptop, security key) do the rest.
 */
import { type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { api } from '../shared/api.ts';
import type { Account } from './venue-api.ts';

export async function signUp(displayName: string): Promise<Account> {
  const { flowId, options } = await api.post<{ flowId: string; options: PublicKeyCredentialCreationOptionsJSON }>('/api/auth/register/options', { displayName });
  const response = await startRegistration({ optionsJSON: options });
  return (await api.post<{ account: Account }>('/api/auth/register/verify', { flowId, response })).account;
}

export async function signIn(): Promise<Account> {
  const { flowId, options } = await api.post<{ flowId: string; options: PublicKeyCredentialRequestOptionsJSON }>('/api/auth/login/options', {});
  const response = await startAuthentication({ optionsJSON: options });
  return (await api.post<{ account: Account }>('/api/auth/login/verify', { flowId, response })).account;
}

export async function addPasskey(): Promise<void> {
  const { flowId, options } = await api.post<{ flowId: string; options: PublicKeyCredentialCreationOptionsJSON }>('/api/auth/passkeys/options', {});
  const response = await startRegistration({ optionsJSON: options });
  await api.post('/api/auth/passkeys/verify', { flowId, response });
}
