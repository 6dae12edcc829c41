/**
 * The fixed inputs of docs/test-vectors.json: test keys, ids, times and texts, chosen once (the
 * keys, ids, secrets and the first TAN's bytes drawn from the CSPRNG and pasted here), so that the
 * script writes the same file on every run. These keys are published: test keys only.
 */
import type { ContactData } from '../../protocol/contact.ts';
import type { Companion } from '../../protocol/party.ts';

export interface FixedKey {
  algorithm: 'ECDH' | 'ECDSA';
  jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string; d: string };
}

export const TEST_KEYS = {
  root: {
    algorithm: 'ECDSA',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'ioFkzx7CQL5xBpPk6UwZHj-q-KJHbIl9t0LAa1sICUY',
      y: '17RBpUrHi8k-oZ1uk4i4GRjUO1fe_8S_jaVvZnTgwis',
      d: 'rXkOhBRklZuEuKih4T8nrOa3hn37dkjQOLR2ZQsw6I4',
    },
  },
  officeIdentity: {
    algorithm: 'ECDSA',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'iRUnXEzu2ZGQsLAKCBrr4bcx0UaU9zAi6v-UJrmL5m8',
      y: 'YDJzPhLF_PMarlAR-1pD0dsoYX-2ZXiNKy_H9Pbipl4',
      d: 'VwSz5iKA92XnmIuzhNc6I6UnZjO-brp0gnhKrR0cmNk',
    },
  },
  officeIdentityNext: {
    algorithm: 'ECDSA',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'i6JlzC9ajMKE8jBdvwou7yeZ0uojip-Iw2Qm4eg_K3Y',
      y: 'tr6wOFzOaiSQZ5tR-p3L92WVA011rHZqAll8pIVwXI4',
      d: 'erG4MC4sjTHgWL5ZRTyl6qy0WVlZZH9hSgOTsOoG-IM',
    },
  },
  officeDaily: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'gWz47U7zdFPl9K3zATxkEBst4ga9csHIfda0lSh06T8',
      y: 'p_3y_o8FcFDG_M2q7oegKONmcC2BoExbLaGbG7QHVRQ',
      d: 'OSMMF12ckF1qr8OOkxiCAKWM9wKzszI5wOIFGJdEwNk',
    },
  },
  employeeSigning: {
    algorithm: 'ECDSA',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'bZs9HQxtV_txgt2hJoqYTvCoYsQ5F6WlKxjY5iROCSE',
      y: 'LVcRIKLZ-ltusE1GN8GYXfZV9mysfLNXBYYkCIZxk7U',
      d: '6il9YfaoVtEALcZVpptobeSy0joHVscblhKsiqIt62U',
    },
  },
  employeeDevice: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'kGQU6l6bbF9Zv22JUFygBr5FPGwyWfq0GcuF_pY2Xjs',
      y: 'cBi_B_NIvCWsSIFnbfZ69BLOw-SjIe4DVY9Gs-wCTvk',
      d: 'ic-PWRM3odTGPwW9aO7OcSqYWGvbBOZNVHM4RM9v50g',
    },
  },
  venueEncryption: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'cDvESRysTPCIY3CscKiBrCzd3_s8_WwZHix8ccar5bY',
      y: 'Isk4CHwaOtO2CQ72C3uwQ-5mttTmhYdcu1_2QLnkXC8',
      d: '82R4FddrIPSaMYMUlolTCB4mdRZEBpd3BzQiOPh_bnc',
    },
  },
  venueSigning: {
    algorithm: 'ECDSA',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'T-WPvaLpAGuDiQcDu1-A4jDbCBPThN2r2AINdyZI2QQ',
      y: 'V-uNhNzdNsp47yyhyOv7f1FIwCc6VCFs5M4SWhbX8S4',
      d: '5PlA7funueCMRfjNf0YMJUzLicoHTiEa9Cs00wpZQB0',
    },
  },
  hybridRecipient: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'iE7_DYOLVnzuJwGxFvKojmqUm8f8rStd2H43x3GFBGI',
      y: 'SnuQv7uPgRa2v8K0pTbxYnDT04jNTkwBZ07CLy21fTc',
      d: '9rr1FulG8OyDYg1eh6ZzgueAPi-Dcr7GwFMJAk4nL-k',
    },
  },
  hybridEphemeral1: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'Xu2lxbyfNke3kaerl_-bu_B0-T88kgOuAgHSWZ5ucB4',
      y: 'hOrI7TUceSSV-_s44a7qTUj12JJ35nEJXWR_FwMB3MM',
      d: 'azCKKeEgqAhey2BbnJwy4aHmekXK73Y6cUQgCouMnzc',
    },
  },
  hybridEphemeral2: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'ropxNoWvhZUkk7c3Q-ostDWAiXAULWE4AjK0mPBFaK0',
      y: 'N7C0LZCrCI7dFLz97DCZuDu74UXFuUkvPsrMlkEqny0',
      d: 'SeRDooXOb3IR7N-BbfaZFT576KBuqfTqPFl010h6GPs',
    },
  },
  checkIn1Inner: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'W2MhFO31nCLhtljM5BzdyG-8zi18Xd-xaWkmVcPXQvs',
      y: 'l8b7XEdoBG0TjEGcQzWgsdbQxj5jR6aDQUAHWVrSBNw',
      d: 'dhxymsHfwihineD4SZt7DCn7s9VJffQfTtdwo0dD1aE',
    },
  },
  checkIn1Outer: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'Zohqp8gf4sLI-y2ArU1Zazn9AJ_9fzkGHBiiI0izdjk',
      y: 'CQsU5nmjR6OXKwv4KsTskv6cJfbIhJ9ugJhwq4xYk3A',
      d: 'e1KwQ0mWfVEkxpwDrlO1uUflcvQpY1Jf0TyWB4s5kmw',
    },
  },
  checkIn2Inner: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'AmhaMLkWJkgUyyToyIf-R9wlV39g23VfX9oc0SqDars',
      y: 'Gmv6Fnc67pKBjjcN97_LpB1hIGsJ7kcfuZ1HXm-dCug',
      d: 'xAgQgRypm-rx0aIf21RwhId8H-NXYKM-WZbJ9_oStgk',
    },
  },
  checkIn2Outer: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'TJ5lCTkfWdNHFpXuv5OCjms2pTDlgvRvjnv-A-s8U10',
      y: '40A5Hyd9f9MLN7kGNYcjNy2WgqVwGtShHBmS12Zkg4E',
      d: 'wj-HMfXrrbg7mGOmkSuvASlNeGsND8lKV5PuPBbIvEU',
    },
  },
  checkIn3Inner: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'ahZbvNjewQA1NI6gCQ5jp59yNpbIZCArH_SB_hh2yMA',
      y: 'OywBlWLJT3mufV7Tvq4hT2REOFXTz4NO4bumC5cSka0',
      d: 'hTKhAgg3oaRAgA02LEvPjERlYSkIpg_ylAgYxHsDxVE',
    },
  },
  checkIn3Outer: {
    algorithm: 'ECDH',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: 'xP0C2iD7jiwOAivzSxTC9D5LJ6arMNCjXJnVlz9o_xw',
      y: 'ZEZB37ZpWMCifQNovzJudb8NDQ00L7O0x7Or4TMmTzk',
      d: 'as0exHXMjzZguQTp4Uq_048Ipa9hPoCo9Khi7qpJ8lM',
    },
  },
} as const satisfies Record<string, FixedKey>;

export type TestKeyName = keyof typeof TEST_KEYS;

export const IDS = {
  officeId: 'jYzmUG13dfFObzWD29eGPw',
  venueId: 'T8uVy_XwZZjLiVp9gkZgdw',
  employeeId: 'TDVjnn4xO-PMapBnCmNh9g',
  caseId: 'jHLQd6IFh8Lhc3zlSre-Aw',
  requestId: 'dfJAjPY96xDsrbLdI-RtjA',
} as const;

/** The app's origin in the QR links. */
export const ORIGIN = 'https://luca.example';

/** The office certificate runs through 2026; the daily key, check-ins and audit entries are of one day in it. */
export const OFFICE = {
  name: 'Gesundheitsamt Köln-Süd (Testvektor)',
  postcodes: ['10115', '10117'],
  notBefore: Date.parse('2026-01-01T00:00:00Z'),
  validDays: 365,
};
export const DAY = '2026-03-14';
/** A time at which every certificate of the file is valid and the data request is fresh. */
export const CHECKED_AT = Date.parse('2026-03-14T12:00:00Z');

export const EMPLOYEE = {
  name: 'Erika Mustermann',
  role: 'member',
  notBefore: Date.parse('2026-03-01T08:00:00Z'),
  /** EMPLOYEE_CERTIFICATE_DAYS: a longer-lived certificate is refused (trust model 18). */
  validDays: 30,
} as const;

/** The office's revocation state: the employee above removed, an hour before CHECKED_AT. */
/** The office rotates its identity key (an admin was removed): the request, and the operator's new certificate. */
export const ROTATION = {
  requestedAt: Date.parse('2026-03-14T12:30:00Z'),
  /** The new certificate begins when the operator certifies it, after the request. */
  notBefore: Date.parse('2026-03-14T14:00:00Z'),
} as const;

export const REVOCATION = {
  serial: 3,
  issuedAt: Date.parse('2026-03-14T11:00:00Z'),
  revokedKey: 'employeeSigning',
} as const;

export const VENUE = {
  name: 'Café Testvektor',
  street: 'Musterstraße 1',
  postcode: '10115',
  city: 'Berlin',
  kind: 'cafe',
  defaultStayMinutes: 90,
  areas: [
    { id: 'terrasse', name: 'Terrasse' },
    { id: 'saal-2', name: 'Saal 2' },
  ],
} as const;

export const DATA_REQUEST = {
  caseReference: 'AZ 2026/0314-7',
  from: Date.parse('2026-03-14T09:30:00Z'),
  to: Date.parse('2026-03-14T11:30:00Z'),
  basis: 'visit',
  reason: 'Die Indexperson war in diesem Zeitraum vor Ort.',
  createdAt: Date.parse('2026-03-14T11:45:00Z'),
} as const;

export const KIOSK_NOW = Date.parse('2026-03-14T10:36:30.500Z');

/** The two audit entries: the employee sends the request, the venue approves it. */
export const AUDIT_TIMES = [Date.parse('2026-03-14T11:45:01.250Z'), Date.parse('2026-03-14T12:10:00Z')] as const;
export const RELEASED_CHECK_INS = 2;

export interface FixedCheckIn {
  name: string;
  id: string;
  arrivedAt: number;
  areaId?: string;
  reference?: string;
  contact: ContactData;
  companions?: readonly Companion[];
  innerEphemeral: TestKeyName;
  outerEphemeral: TestKeyName;
  checkoutSecret: string;
}

export const CHECK_INS: readonly FixedCheckIn[] = [
  {
    name: 'with area and reference, a contact as the app writes it today',
    id: 'SqmDAtVLuL-zVo_0jE7KxA',
    arrivedAt: Date.parse('2026-03-14T10:37:12.345Z'),
    areaId: 'terrasse',
    reference: 'Tisch 7 · Fensterplatz',
    contact: {
      firstName: 'Jürgen',
      lastName: 'Weiß',
      street: 'Schönhauser Allee',
      houseNumber: '12a',
      postcode: '10435',
      city: 'Berlin',
      country: 'DE',
      phone: '+49 30 1234567',
      email: 'juergen.weiss@example.org',
    },
    innerEphemeral: 'checkIn1Inner',
    outerEphemeral: 'checkIn1Outer',
    checkoutSecret: 's8jSh6tRFOjx9Vn3udJdg1uqK9u9SNRwZrFYRJk3ls8',
  },
  {
    name: 'no area, no reference, a contact as older versions wrote it (no house number, country or email)',
    id: 'RI_6cFetWIlO-mWvgdbEYg',
    arrivedAt: Date.parse('2026-03-14T18:05:00Z'),
    contact: { firstName: 'Ada', lastName: 'Lovelace', street: 'Dorfstraße 3', postcode: '10115', city: 'Berlin', phone: '030 7654321' },
    innerEphemeral: 'checkIn2Inner',
    outerEphemeral: 'checkIn2Outer',
    checkoutSecret: 'vtyFjiTrf_tryOaimyaw7Y-Vo2D9a0QFyTZjjWxYICQ',
  },
  {
    name: "a group: a cinema ticket for three, one companion with a phone and a seat, one child at the guest's address",
    id: 'Gk3pQ0vYbS9m2cX7tR1wLA',
    arrivedAt: Date.parse('2026-03-14T19:45:00Z'),
    reference: 'Saal 2 · Reihe F',
    contact: {
      firstName: 'Aylin',
      lastName: 'Demir',
      street: 'Karl-Marx-Straße',
      houseNumber: '88',
      postcode: '12043',
      city: 'Berlin',
      country: 'DE',
      phone: '+49 176 12345678',
    },
    companions: [
      { firstName: 'Can', lastName: 'Demir', phone: '+49 176 87654321', seat: 'Reihe F · Platz 13' },
      { firstName: 'Elif', lastName: 'Demir', seat: 'Reihe F · Platz 14' },
    ],
    innerEphemeral: 'checkIn3Inner',
    outerEphemeral: 'checkIn3Outer',
    checkoutSecret: '1oiRf4ADP5eSwadhh0c4TLiV3HMY4kgtZpF6Jhn7yRk',
  },
];

export interface FixedSeal {
  name: string;
  ephemeral: TestKeyName;
  purpose: string;
  /** encodeFields of these, or no associated data at all. */
  associatedData: { label: string; fields: readonly string[] } | undefined;
  plaintext: string;
}

export const HYBRID: readonly FixedSeal[] = [
  {
    name: 'text with associated data',
    ephemeral: 'hybridEphemeral1',
    purpose: 'test-vector',
    associatedData: { label: 'luca-next/v1/test-vector', fields: ['context'] },
    plaintext: 'Grüße aus luca-next',
  },
  {
    name: 'empty plaintext, empty associated data',
    ephemeral: 'hybridEphemeral2',
    purpose: 'office-key-grant',
    associatedData: undefined,
    plaintext: '',
  },
];

/** The 11 random bytes of TANs: drawn once, all zero, counting up, all ones (only the low 5 bits of a byte count). */
export const TAN_BYTES = ['f7b8d7940aced37bf0ad70', '0000000000000000000000', '000102030405060708090a', 'ffffffffffffffffffffff'] as const;

export const ENCODE_FIELDS: readonly { label: string; fields: readonly string[] }[] = [
  { label: 'luca-next/v1/example', fields: [] },
  { label: 'luca-next/v1/example', fields: ['', 'ü', 'a.b', '1773484632345'] },
];

/** A warning to the guests of the vector venue, published in the feed under the day of its window. */
export const WARNING = {
  warningId: 'wRnG7aT3sQe0Vb5xKc9LdA',
  from: Date.parse('2026-03-14T09:30:00Z'),
  to: Date.parse('2026-03-14T11:30:00Z'),
  level: 2,
  advice: {
    de: 'Lassen Sie sich in den nächsten Tagen testen und reduzieren Sie Ihre Kontakte.',
    en: 'Please get tested in the next few days and reduce your contacts.',
  },
  contact: { phone: '+49 221 221-0', hours: 'Mo–Fr 8–16 Uhr' },
  createdAt: Date.parse('2026-03-14T11:50:00Z'),
  /** The entry's AES-GCM nonce; the Worker draws a random one for every entry. */
  nonceHex: '5be1a0c3d27f9e4461b8057a',
} as const;
