/**
 * Signing in with a passkey (@simplewebauthn/browser), shared by the venue and health-office
 * apps: the passkey itself names the account (discoverable credential), nothing is typed.
 */
import { startAuthentication } from '@simplewebauthn/browser';
import { type Account, authRoutes } from '../protocol/api/auth.ts';
import { call } from './api.ts';

/** The account a passkey signed in: a venue operator's or a health-office employee's. */
export type SignedInAccount = Account;

export async function signInWithPasskey(): Promise<SignedInAccount> {
  const { flowId, options } = await call(authRoutes.loginOptions, {});
  const response = await startAuthentication({ optionsJSON: options });
  return (await call(authRoutes.loginVerify, { body: { flowId, response } })).account;
}

/** Ends the session on the server (signing out twice is no error). */
export async function signOut(): Promise<void> {
  await call(authRoutes.logout, {});
}
