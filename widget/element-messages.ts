/**
 * What the element itself says on the host page (the frame says the rest), in the page's
 * language: short, for the guest who meets a broken embedding. The site's developer reads the
 * English detail in the console and the error event.
 */
export type ElementLang = 'de' | 'en';

const de = {
  title: 'luca-Check-in: Kontaktdaten',
  setup: 'Dieses Formular ist auf der Website nicht richtig eingerichtet. Bitte wenden Sie sich an den Betrieb.',
  notAllowed: 'Diese Website darf das luca-Formular dieses Betriebs nicht einbinden.',
  unavailable: 'Das Formular lässt sich gerade nicht laden. Bitte später erneut versuchen.',
};

const en: typeof de = {
  title: 'luca check-in: contact details',
  setup: 'This form is not set up correctly on this website. Please contact the venue.',
  notAllowed: 'This website may not embed the luca form of this venue.',
  unavailable: 'The form cannot be loaded right now. Please try again later.',
};

export const elementMessages = { de, en };
export type ElementMessages = typeof de;
