/**
 * Our ids are base64url, so one in 64 begins with "-" and node's parseArgs would read it as an
 * option ("Unknown option '-y'"). Ids given on the command line are moved behind a "--"
 * terminator, in their order, so that they always arrive as positionals.
 */
const ID = /^[A-Za-z0-9_-]{22}$/;

export function idsAsPositionals(argv: readonly string[]): string[] {
  if (argv.includes('--')) return [...argv];
  const ids = argv.filter((arg) => arg.startsWith('-') && ID.test(arg));
  if (ids.length === 0) return [...argv];
  return [...argv.filter((arg) => !ids.includes(arg)), '--', ...ids];
}
