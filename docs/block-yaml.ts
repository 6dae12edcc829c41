/**
 * A reader for the block-style YAML that publiccode.yml is written in, so docs/publiccode.test.ts
 * can check the file without a YAML dependency: mappings, sequences (of scalars or mappings),
 * plain, quoted and block (`>`, `|`) scalars, booleans and comments. Anything else YAML allows
 * (flow collections, anchors, tags, several documents, unquoted numbers or nulls) is refused with
 * its line number rather than read differently from a real YAML parser; in publiccode.yml,
 * versions and dates are strings and must be quoted anyway.
 */
export type YamlValue = string | boolean | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  number: number;
  indent: number;
  /** Without indentation and without a trailing comment. */
  text: string;
  raw: string;
}

export class YamlSubsetError extends Error {}

const fail = (line: Line | undefined, why: string): never => {
  throw new YamlSubsetError(line ? `line ${line.number}: ${why}` : why);
};

/** The text of a line up to a comment: a `#` at its start or after a space, outside quotes. */
function withoutComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      if (i === 0 || /[\s:-]/.test(text[i - 1] ?? '')) quote = char;
    } else if (char === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text.trimEnd();
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };

function doubleQuoted(body: string, line: Line): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    if (escape.length > 1) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return ESCAPES[escape] ?? fail(line, `escape \\${escape} is outside the subset`);
  });
}

function scalar(text: string, line: Line): string | boolean {
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
  if (quoted) return doubleQuoted(quoted[1] ?? '', line);
  const single = /^'((?:[^']|'')*)'$/.exec(text);
  if (single) return (single[1] ?? '').replaceAll("''", "'");
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[[\]{}&*!|>%@`"']/.test(text)) fail(line, `"${text}" is outside the subset`);
  if (
    /^(null|Null|NULL|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/.test(
      text,
    )
  ) {
    fail(line, `"${text}" reads as a number or null: quote it`);
  }
  if (text.includes(': ')) fail(line, `"${text}" holds ": ", quote it`);
  return text;
}

export function parseBlockYaml(source: string): YamlValue {
  const rawLines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lines: Line[] = rawLines.map((raw, index) => {
    if (raw.includes('\t') && /^\s*\t/.test(raw)) fail({ number: index + 1, indent: 0, text: raw, raw }, 'tabs indent');
    const indent = raw.length - raw.trimStart().length;
    return { number: index + 1, indent, text: withoutComment(raw.slice(indent)), raw };
  });
  let at = 0;
  const skipBlank = () => {
    while (at < lines.length && lines[at]?.text === '') at++;
  };
  const current = (): Line | undefined => {
    skipBlank();
    return lines[at];
  };
  const isItem = (line: Line) => line.text === '-' || line.text.startsWith('- ');

  function block(indent: number): YamlValue {
    const line = current();
    if (!line || line.indent < indent) return fail(line, 'a value is missing');
    if (line.text === '---' || line.text === '...') fail(line, 'several documents are outside the subset');
    return isItem(line) ? sequence(line.indent) : mapping(line.indent);
  }

  function blockScalar(style: string, parentIndent: number): string {
    const folded = style.startsWith('>');
    const body: string[] = [];
    let contentIndent: number | undefined;
    at++;
    while (at < lines.length) {
      const line = lines[at] as Line;
      const blank = line.raw.trim() === '';
      if (!blank && line.indent <= parentIndent) break;
      if (!blank) {
        contentIndent ??= line.indent;
        if (line.indent < contentIndent) fail(line, 'a block scalar line less indented than its first');
        if (line.indent > contentIndent && folded) fail(line, 'more-indented lines in a folded scalar are outside the subset');
      }
      body.push(blank ? '' : line.raw.slice(contentIndent).trimEnd());
      at++;
    }
    while (body.at(-1) === '') body.pop();
    let text = '';
    if (!folded) text = body.join('\n');
    else {
      for (const [i, part] of body.entries()) {
        const previous = body[i - 1];
        if (i === 0) text = part;
        else if (part === '') text += '\n';
        else text += previous === '' ? part : ` ${part}`;
      }
    }
    return style.endsWith('-') || body.length === 0 ? text : `${text}\n`;
  }

  /** The value after `key:` or `- `, on the same line or below it. */
  function valueAfter(rest: string, line: Line, indent: number): YamlValue {
    if (/^[>|]-?$/.test(rest)) return blockScalar(rest, indent);
    if (rest !== '') {
      at++;
      return scalar(rest, line);
    }
    at++;
    const next = current();
    if (next && (next.indent > indent || (next.indent === indent && isItem(next) && !isItem(line)))) return block(next.indent);
    return fail(line, 'an empty value (null) is outside the subset');
  }

  function mapping(indent: number): { [key: string]: YamlValue } {
    const result: { [key: string]: YamlValue } = {};
    for (let line = current(); line && line.indent === indent && !isItem(line); line = current()) {
      const pair = /^([A-Za-z_][\w-]*):(?: +(.*))?$/.exec(line.text);
      if (!pair) return fail(line, `"${line.text}" is not a key of the subset`);
      const key = pair[1] ?? '';
      if (Object.hasOwn(result, key)) fail(line, `"${key}" appears twice`);
      result[key] = valueAfter(pair[2] ?? '', line, indent);
    }
    const after = current();
    if (after && after.indent > indent) fail(after, 'indentation does not match any key above');
    return result;
  }

  function sequence(indent: number): YamlValue[] {
    const result: YamlValue[] = [];
    for (let line = current(); line && line.indent === indent && isItem(line); line = current()) {
      const rest = line.text.slice(1).trimStart();
      if (/^[A-Za-z_][\w-]*:( |$)/.test(rest)) {
        // "- key: value": a mapping whose keys line up with this first key.
        const keyIndent = indent + line.text.length - rest.length;
        lines[at] = { ...line, indent: keyIndent, text: rest };
        result.push(mapping(keyIndent));
      } else {
        result.push(valueAfter(rest, line, indent));
      }
    }
    return result;
  }

  const value = block(0);
  const left = current();
  if (left) fail(left, 'unexpected content after the document');
  return value;
}
