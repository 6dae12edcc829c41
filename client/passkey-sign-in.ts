/**
 * Signing in with a passkey (@simplewebauthn/browser), shared by the venue and health-office
 * apps: the passkey itself names the account (discoverable credential), nothing is typed.
 */
import { type PublicKeyCredentialRequestOptionsJSON, startAuthentication } from '@simplewebauthn/browser';
import { api } from './api.ts';

export interface SignedInAccount {
  id: string;
  role: 'venue' | 'office';
  displayName: string;
}

export async function signInWithPasskey(): Promise<SignedInAccount> {
  const { flowId, options } = await api.post<{ flowId: string; options: PublicKeyCredentialRequestOptionsJSON }>('/api/auth/login/options', {});
  const response = await startAuthentication({ optionsJSON: options });
  return (await api.post<{ account: SignedInAccount }>('/api/auth/login/verify', { flowId, response })).account;
}
