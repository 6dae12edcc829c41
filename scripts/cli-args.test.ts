import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { idsAsPositionals } from './cli-args.ts';

const parse = (argv: string[]) =>
  parseArgs({
    args: idsAsPositionals(argv),
    allowPositionals: true,
    options: { 'persist-to': { type: 'string' }, remote: { type: 'boolean' } },
  });

describe('command-line ids', () => {
  it('reads an id that begins with "-" as the id, not as an option', () => {
    const id = '-yRk3bQ0cXn9LmP2sT5vWa';
    expect(() => parseArgs({ args: ['certify', id], allowPositionals: true, options: {} })).toThrow(/Unknown option/);
    const { positionals, values } = parse(['certify', id, '--persist-to', '/tmp/x', '--remote']);
    expect(positionals).toEqual(['certify', id]);
    expect(values).toEqual({ 'persist-to': '/tmp/x', remote: true });
  });

  it('leaves other arguments and an explicit "--" alone', () => {
    expect(idsAsPositionals(['certify', 'AbCdEfGhIjKlMnOpQrStUv', '--remote'])).toEqual(['certify', 'AbCdEfGhIjKlMnOpQrStUv', '--remote']);
    expect(idsAsPositionals(['certify', '--', '-yRk3bQ0cXn9LmP2sT5vWa'])).toEqual(['certify', '--', '-yRk3bQ0cXn9LmP2sT5vWa']);
    expect(idsAsPositionals(['pending', '--persist-to', '/tmp/x'])).toEqual(['pending', '--persist-to', '/tmp/x']);
  });
});
