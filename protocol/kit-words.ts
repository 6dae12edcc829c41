/**
 * The list kit passphrases are drawn from (kit-passphrase.ts): the EFF long word list (7,776
 * words made for dice passphrases: common, concrete, easy to spell, no word a prefix of another;
 * published by the Electronic Frontier Foundation under its site's Creative Commons Attribution
 * licence, CC BY) without its four hyphenated words, 7,772 words,
 * as `DEFAULT_WORDLIST` of the npm package secure-password-utilities (MIT, maintained, no
 * dependencies). Without the hyphenated words a dash can separate words when typed back.
 *
 * Why not German: no maintained npm package ships a German diceware list under a licence that
 * goes with the EUPL-1.2; the German lists that exist are loose files in repositories (or GPL,
 * Reinhold's), and a list we curated ourselves would be one nobody else reviewed. English words of
 * the EFF list are short and common enough to copy by hand, and the owner only has to copy them.
 *
 * Loaded on demand: about 70 kB that only the passphrase step needs, kept out of the venue app's
 * first load (the service worker still caches the chunk for offline use).
 */
export async function loadKitWords(): Promise<readonly string[]> {
  const { DEFAULT_WORDLIST } = await import('secure-password-utilities/wordlists');
  return DEFAULT_WORDLIST;
}
