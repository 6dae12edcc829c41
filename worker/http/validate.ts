/**
 * Validation middleware for every input: valibot schemas from protocol/schemas.ts through
 * @hono/valibot-validator, with failures turned into the one error envelope. The message names
 * the first offending field so that a client developer sees at once what was wrong, and `field`
 * carries its path so that an app can put its own text next to that input.
 */
import { vValidator } from '@hono/valibot-validator';
import type { ValidationTargets } from 'hono';
import type * as v from 'valibot';
import { errorBody } from './errors.ts';

/**
 * A strict object's issue input as text: the unknown key's name, or the value that was no object
 * at all (a number, a string, null). Valibot reports a plain object through its keys, never whole.
 */
function inputText(input: unknown): string {
  return typeof input === 'object' && input !== null ? JSON.stringify(input) : String(input);
}

function describeIssue(issues: readonly v.BaseIssue<unknown>[]): { message: string; field: string | undefined } {
  const issue = issues[0];
  if (!issue) return { message: 'invalid input', field: undefined };
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  const unknownKey = issue.kind === 'schema' && issue.type === 'strict_object' && issue.input !== undefined;
  if (unknownKey) return { message: `unknown field ${path || inputText(issue.input)}`, field: path || undefined };
  return { message: path ? `${path}: ${issue.message}` : issue.message, field: path || undefined };
}

export function validate<Target extends keyof ValidationTargets, Schema extends v.GenericSchema>(target: Target, schema: Schema) {
  return vValidator(target, schema, (result, c) => {
    if (!result.success) {
      const { message, field } = describeIssue(result.issues);
      return c.json(errorBody('invalid_input', message, field), 400);
    }
    return undefined;
  });
}
