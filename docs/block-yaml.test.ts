import { describe, expect, it } from 'vitest';
import { YamlSubsetError, parseBlockYaml } from './block-yaml.ts';

// Each expected value is what a full YAML 1.2 parser gives for the same text (checked once with
// the `yaml` package, which the project does not depend on).
describe('the block-YAML reader', () => {
  it('reads mappings, sequences of scalars and of mappings, quotes, booleans and comments', () => {
    const text = [
      '# a comment',
      'name: luca-next',
      'list:',
      '  - name: x # a comment',
      '    email: "a\\x40b.c"',
      "    note: 'it''s \"quoted\"'",
      '  - name: y',
      'flat:',
      '- one',
      '- two',
      'nested:',
      '  ready: true',
      '  url: https://example.org/a#not-a-comment',
      "  text: guest's value",
    ].join('\n');
    expect(parseBlockYaml(text)).toEqual({
      name: 'luca-next',
      list: [{ name: 'x', email: 'a@b.c', note: 'it\'s "quoted"' }, { name: 'y' }],
      flat: ['one', 'two'],
      nested: { ready: true, url: 'https://example.org/a#not-a-comment', text: "guest's value" },
    });
  });

  it('folds ">" scalars into paragraphs and keeps "|" lines, with or without the final newline', () => {
    expect(parseBlockYaml('k: >\n  one\n  two\n\n\n  three\n')).toEqual({ k: 'one two\n\nthree\n' });
    expect(parseBlockYaml('k: >-\n  one\n  two\n\n  three\nnext: v\n')).toEqual({ k: 'one two\nthree', next: 'v' });
    expect(parseBlockYaml('k: |\n  line # kept\n   indented\n')).toEqual({ k: 'line # kept\n indented\n' });
  });

  it('refuses what it would not read as YAML does, naming the line', () => {
    for (const [text, why] of [
      ['a: b\nv: [1, 2]', /line 2: .*outside the subset/],
      ['v: 0.4', /number or null: quote it/],
      ['a:\nb: c', /line 1: an empty value/],
      ['a: &anchor b', /outside the subset/],
      ['a: b\n  c: d', /line 2: indentation/],
      ['---\na: b', /several documents/],
      ['a: b\na: c', /"a" appears twice/],
      ['a: b: c', /quote it/],
    ] as const) {
      expect(() => parseBlockYaml(text)).toThrow(YamlSubsetError);
      expect(() => parseBlockYaml(text)).toThrow(why);
    }
  });
});
