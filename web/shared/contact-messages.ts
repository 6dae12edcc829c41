/** The contact form's texts (guest app, widget frame, popup), German and English. */
export const contactFormMessages = {
  de: {
    firstName: 'Vorname',
    lastName: 'Nachname',
    street: 'Straße und Hausnummer',
    postcode: 'Postleitzahl',
    city: 'Ort',
    phone: 'Telefonnummer',
    email: 'E-Mail (freiwillig)',
    save: 'Speichern',
    required: 'Bitte ausfüllen.',
    invalidPostcode: 'Bitte eine gültige Postleitzahl eingeben (3 bis 10 Zeichen).',
    invalidPhone: 'Bitte eine Telefonnummer mit mindestens 6 Ziffern eingeben, z. B. +49 30 1234567.',
    invalidEmail: 'Bitte eine gültige E-Mail-Adresse eingeben oder das Feld leer lassen.',
    tooLong: 'Dieser Eintrag ist zu lang.',
  },
  en: {
    firstName: 'First name',
    lastName: 'Last name',
    street: 'Street and number',
    postcode: 'Postcode',
    city: 'City',
    phone: 'Phone number',
    email: 'E-mail (optional)',
    save: 'Save',
    required: 'Please fill in.',
    invalidPostcode: 'Please enter a valid postcode (3 to 10 characters).',
    invalidPhone: 'Please enter a phone number with at least 6 digits, e.g. +49 30 1234567.',
    invalidEmail: 'Please enter a valid e-mail address or leave the field empty.',
    tooLong: 'This entry is too long.',
  },
};

export type ContactFormMessages = (typeof contactFormMessages)['de'];
