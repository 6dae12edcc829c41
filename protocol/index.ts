/** The protocol shared by the guest PWA, the venue and office apps, the widget and the Worker. */
export * from './bytes.ts';
export * from './keys.ts';
export * from './signing.ts';
export * from './hybrid.ts';
export * from './hierarchy.ts';
export * from './venue.ts';
export * from './contact.ts';
export * from './checkin.ts';
export * from './tan.ts';
export * from './time.ts';
export * from './ids.ts';
export * from './schemas.ts';
export * from './provisioning.ts';
export * from './history.ts';
export * from './venue-code.ts';
export * from './recovery-kit.ts';
export * from './data-request.ts';
