/**
 * TANs from fixed random bytes: the symbols, the Luhn mod 32 check symbol, spellings that read as
 * the TAN and typos its check symbol refuses, the server's hash, and the associated data of a
 * history shared under it (bound to the secret part only: the server draws the lookup after sealing).
 */
import { ProtocolError, fromBase64Url, sha256, toBase64Url, utf8 } from '../../protocol/bytes.ts';
import type { VerifiedDailyKey } from '../../protocol/hierarchy.ts';
import { sealHistory } from '../../protocol/history.ts';
import { open } from '../../protocol/hybrid.ts';
import {
  TAN_ALPHABET,
  TAN_DATA_LENGTH,
  TAN_LOOKUP_LENGTH,
  formatTan,
  parseTan,
  tanFromBytes,
  lookupHash,
  tanLookup,
  tanSecret,
} from '../../protocol/tan.ts';
import { type TestVectors, fromHex } from '../../protocol/test-vectors-format.ts';
import { TAN_BYTES } from './inputs.ts';
import { type KeyOf, agree, encoded } from './support.ts';

/** How a person might type it: lower case, spaces for dashes, l for 1 and O for 0. */
function spellings(tan: string): string[] {
  const formatted = formatTan(tan);
  return [...new Set([formatted.toLowerCase(), ` ${formatted.replace(/-/g, ' ')} `, formatted.replace(/1/g, 'l').replace(/0/g, 'O')])];
}

/** One symbol changed, and (where the TAN has one) a swap of two different neighbours other than 0 and Z. */
function typos(tan: string): string[] {
  const first = TAN_ALPHABET.charAt((TAN_ALPHABET.indexOf(tan.charAt(0)) + 1) % TAN_ALPHABET.length);
  const out = [first + tan.slice(1)];
  for (let i = 0; i + 1 < tan.length; i++) {
    const [a, b] = [tan.charAt(i), tan.charAt(i + 1)];
    if (a === b || (a + b).split('').sort().join('') === '0Z') continue;
    out.push(tan.slice(0, i) + b + a + tan.slice(i + 2));
    break;
  }
  return out;
}

function refused(input: string): boolean {
  try {
    parseTan(input);
    return false;
  } catch (error) {
    return error instanceof ProtocolError && error.code === 'bad_tan';
  }
}

export async function buildTans(keyOf: KeyOf, officeKey: VerifiedDailyKey): Promise<TestVectors['tans']> {
  const daily = keyOf('officeDaily');
  const out: TestVectors['tans'] = [];
  for (const hex of TAN_BYTES) {
    const tan = tanFromBytes(fromHex(hex));
    const typed = spellings(tan);
    const wrong = typos(tan);
    agree(
      typed.every((input) => parseTan(input) === tan),
      `the spellings of TAN ${tan}`,
    );
    agree(wrong.every(refused), `the typos of TAN ${tan}`);
    const lookup = tanLookup(tan);
    const hashInput = `luca-next/v1/tan-lookup:${lookup}`;
    const hash = await lookupHash(lookup);
    agree(hash === toBase64Url(await sha256(utf8(hashInput))), 'the lookup hash');
    const history = encoded('luca-next/v1/history', [officeKey.officeId, officeKey.keyId, tanSecret(tan)]);
    // The code's associated data is private to history.ts: a history it sealed must open under the file's.
    const sealed = await sealHistory(officeKey, tanSecret(tan), [], 0);
    await open(daily.privateKey, daily.publicRaw, fromBase64Url(sealed), fromHex(history.encodedHex), 'history');
    out.push({
      randomBytesHex: hex,
      dataSymbols: tan.slice(0, TAN_DATA_LENGTH),
      checkSymbol: tan.slice(TAN_DATA_LENGTH),
      tan,
      formatted: formatTan(tan),
      typed,
      typos: wrong,
      lookup,
      secretSymbols: tan.slice(TAN_LOOKUP_LENGTH, TAN_DATA_LENGTH),
      hashInput,
      lookupHash: hash,
      history: { officeDailyKey: 'officeDaily', associatedData: history },
    });
  }
  return out;
}
