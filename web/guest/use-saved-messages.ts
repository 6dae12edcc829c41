/** The "use my saved luca data" popup's texts, German (the default) and English. */
import { errorMessages } from '../../client/error-messages.ts';

const de = {
  errors: errorMessages.de,
  loading: 'Einen Moment …',
  title: 'Mit deinen luca-Daten registrieren?',
  intro: (venue: string, when: string) => `${venue} bittet um deine Kontaktdaten für ${when}.`,
  name: 'Name',
  address: 'Adresse',
  country: 'Land',
  phone: 'Telefon',
  email: 'E-Mail',
  completeTitle: 'Bitte ergänze zuerst deine Kontaktdaten',
  completeIntro:
    'luca fragt jetzt auch nach Hausnummer und Land und prüft Postleitzahl und Telefonnummer. Deine Angaben werden in der luca-App gespeichert; danach bestätigst du die Registrierung.',
  completeSave: 'Speichern und weiter',
  privacy:
    'Die Daten werden hier verschlüsselt; die Website des Betriebs sieht sie nicht. Der Besuch erscheint danach in deinen Besuchen in der luca-App.',
  confirm: 'Bestätigen und registrieren',
  sending: 'Wird verschlüsselt und gesendet …',
  cancel: 'Abbrechen',
  close: 'Schließen',
  done: 'Registriert. Dieses Fenster schließt sich.',
  noDataTitle: 'Noch keine luca-Daten',
  noData: 'Auf diesem Gerät sind keine Kontaktdaten in der luca-App gespeichert. Trage sie im Formular ein oder richte die App ein.',
  openApp: 'luca-App öffnen',
  failedTitle: 'Das hat nicht geklappt.',
  onlyFromWidget: 'Diese Seite lässt sich nur aus dem luca-Formular auf der Website eines Betriebs öffnen.',
  badParameters: 'Dem Formular fehlen Angaben zum Ort oder zur Zeit. Bitte das Formular auf der Website neu laden.',
};

const en: typeof de = {
  errors: errorMessages.en,
  loading: 'One moment …',
  title: 'Register with your luca data?',
  intro: (venue, when) => `${venue} asks for your contact details for ${when}.`,
  name: 'Name',
  address: 'Address',
  country: 'Country',
  phone: 'Phone',
  email: 'E-mail',
  completeTitle: 'Please complete your contact data first',
  completeIntro:
    'luca now also asks for your house number and country and checks postcode and phone number. Your details are saved in the luca app; then you confirm the registration.',
  completeSave: 'Save and continue',
  privacy: "The data is encrypted here; the venue's website does not see it. The visit then appears among your visits in the luca app.",
  confirm: 'Confirm and register',
  sending: 'Encrypting and sending …',
  cancel: 'Cancel',
  close: 'Close',
  done: 'Registered. This window closes.',
  noDataTitle: 'No luca data yet',
  noData: 'No contact data is saved in the luca app on this device. Fill in the form, or set up the app.',
  openApp: 'Open the luca app',
  failedTitle: 'That did not work.',
  onlyFromWidget: 'This page can only be opened from the luca form on a venue’s website.',
  badParameters: 'The form lacks the venue or the time. Please reload the form on the website.',
};

export const useSavedMessages = { de, en };
export type UseSavedMessages = typeof de;
