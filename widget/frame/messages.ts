/** The widget frame's texts, German (the default) and English. */
import { errorMessages } from '../../client/error-messages.ts';
import { contactFormMessages } from '../../client/contact-messages.ts';
import { PUBLISH_AHEAD_DAYS } from '../../protocol/time.ts';

const de = {
  errors: errorMessages.de,
  ...contactFormMessages.de,
  loading: 'Einen Moment …',
  titleBooking: (venue: string) => `Kontaktdaten für ${venue}`,
  titleKiosk: (venue: string) => `Willkommen bei ${venue}`,
  window: (from: string, to: string) => `Für Ihren Besuch ${from} – ${to}`,
  kioskIntro: 'Ohne App einchecken: Tragen Sie Ihre Kontaktdaten ein. Nichts davon bleibt auf diesem Gerät.',
  privacy:
    'Ihre Daten werden hier in Ihrem Browser verschlüsselt. Weder die Website noch der Betrieb noch luca können sie lesen; nur das Gesundheitsamt, wenn es nach einem Infektionsfall anfragt und der Betrieb zustimmt. Sie werden nach 28 Tagen gelöscht.',
  submit: 'Verschlüsselt registrieren',
  submitKiosk: 'Einchecken',
  sending: 'Wird verschlüsselt und gesendet …',
  useSaved: 'Meine gespeicherten luca-Daten verwenden',
  useSavedHint: 'Öffnet die luca-App in einem neuen Fenster; die Website sieht Ihre Daten nicht.',
  popupBlocked: 'Das Fenster wurde blockiert. Bitte erlauben Sie Pop-ups oder füllen Sie das Formular aus.',
  done: 'Registriert. Danke!',
  doneDetail: 'Ihre Kontaktdaten sind verschlüsselt hinterlegt.',
  doneKiosk: 'Eingecheckt. Schönen Aufenthalt!',
  another: 'Weitere Person eintragen',
  nextGuest: 'Nächster Gast',
  idleWarning: 'Das Formular wird gleich geleert, damit der nächste Gast nichts davon sieht.',
  moreTime: 'Ich brauche mehr Zeit',
  cancelled: 'Die Registrierung wurde gelöscht.',
  errorTitle: 'Das hat nicht geklappt.',
  retry: 'Erneut versuchen',
  notAllowed: 'Diese Website darf das luca-Formular dieses Betriebs nicht einbinden.',
  badVenue: 'Dieser Betrieb konnte nicht bestätigt werden. Bitte wenden Sie sich an den Betrieb.',
  tooEarly: (day: string) =>
    `Für ${day} ist die Registrierung noch nicht geöffnet: Das Gesundheitsamt gibt sie ${PUBLISH_AHEAD_DAYS} Tage vorher frei. Der Betrieb bittet Sie dann erneut darum.`,
  sandbox: 'Testmodus: Dieses Formular speichert nichts.',
  slotPast: 'Dieser Termin ist vorbei: Es gibt nichts mehr zu registrieren.',
  slotTooFar: `Die Registrierung für diesen Termin öffnet ${PUBLISH_AHEAD_DAYS} Tage vorher. Der Betrieb bittet Sie dann erneut darum.`,
  offline: 'Keine Verbindung. Bitte versuchen Sie es gleich noch einmal.',
  badSetup: 'Das Formular ist auf dieser Website falsch eingebunden. Bitte wenden Sie sich an den Betrieb.',
};

const en: typeof de = {
  errors: errorMessages.en,
  ...contactFormMessages.en,
  loading: 'One moment …',
  titleBooking: (venue) => `Contact details for ${venue}`,
  titleKiosk: (venue) => `Welcome to ${venue}`,
  window: (from, to) => `For your visit ${from} – ${to}`,
  kioskIntro: 'Check in without the app: enter your contact details. Nothing of it stays on this device.',
  privacy:
    'Your data is encrypted here in your browser. Neither the website nor the venue nor luca can read it; only the health office, if it asks after an infection and the venue agrees. It is deleted after 28 days.',
  submit: 'Register encrypted',
  submitKiosk: 'Check in',
  sending: 'Encrypting and sending …',
  useSaved: 'Use my saved luca data',
  useSavedHint: 'Opens the luca app in a new window; the website does not see your data.',
  popupBlocked: 'The window was blocked. Please allow pop-ups or fill in the form.',
  done: 'Registered. Thank you!',
  doneDetail: 'Your contact details are stored encrypted.',
  doneKiosk: 'Checked in. Enjoy your stay!',
  another: 'Register another person',
  nextGuest: 'Next guest',
  idleWarning: 'This form will be cleared shortly, so the next guest sees nothing of it.',
  moreTime: 'I need more time',
  cancelled: 'The registration was deleted.',
  errorTitle: 'That did not work.',
  retry: 'Try again',
  notAllowed: 'This website may not embed the luca form of this venue.',
  badVenue: 'This venue could not be verified. Please contact the venue.',
  tooEarly: (day) =>
    `Registration for ${day} is not open yet: the health office opens it ${PUBLISH_AHEAD_DAYS} days before. The venue will ask you again then.`,
  sandbox: 'Test mode: this form stores nothing.',
  slotPast: 'This booking is over: there is nothing left to register.',
  slotTooFar: `Registration for this booking opens ${PUBLISH_AHEAD_DAYS} days before. The venue will ask you again then.`,
  offline: 'No connection. Please try again in a moment.',
  badSetup: 'The form is embedded incorrectly on this website. Please contact the venue.',
};

export const frameMessages = { de, en };
export type FrameMessages = typeof de;
