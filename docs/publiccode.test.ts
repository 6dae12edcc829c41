/**
 * publiccode.yml, the metadata that catalogues of public-sector software read (openCode among
 * them): the keys the standard requires, within its limits, and the licence package.json states.
 * Read with docs/block-yaml.ts, which refuses any YAML it would not read as a full parser does.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type YamlValue, parseBlockYaml } from './block-yaml.ts';

const ROOT = resolve(import.meta.dirname, '..');
type YamlMap = { [key: string]: YamlValue };

const isMap = (value: YamlValue | undefined): value is YamlMap => typeof value === 'object' && !Array.isArray(value);
const map = (value: YamlValue | undefined, key: string): YamlMap => {
  if (!isMap(value)) throw new Error(`${key} is not a mapping`);
  return value;
};
const string = (value: YamlValue | undefined, key: string): string => {
  if (typeof value !== 'string') throw new Error(`${key} is not a string`);
  return value;
};
const strings = (value: YamlValue | undefined): string[] => (Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []);

const publiccode = map(parseBlockYaml(readFileSync(join(ROOT, 'publiccode.yml'), 'utf8')), 'publiccode.yml');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; license: string };

describe('publiccode.yml', () => {
  it('has every top-level key the standard requires', () => {
    for (const key of [
      'publiccodeYmlVersion',
      'name',
      'url',
      'platforms',
      'categories',
      'developmentStatus',
      'softwareType',
      'description',
      'legal',
      'maintenance',
      'localisation',
    ]) {
      expect(publiccode, key).toHaveProperty(key);
    }
    expect(publiccode.publiccodeYmlVersion).toMatch(/^0\.([4-9]|\d{2,})(\.\d+)?$/);
    expect(publiccode.name).toBe(packageJson.name);
    expect(publiccode.url).toMatch(/^https:\/\/\S+\.git$/);
    expect(strings(publiccode.platforms)).toEqual(['web']);
    expect(strings(publiccode.categories).length).toBeGreaterThan(0);
    for (const category of strings(publiccode.categories)) expect(category).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(['concept', 'development', 'beta', 'stable', 'obsolete']).toContain(publiccode.developmentStatus);
    expect(publiccode.softwareType).toBe('standalone/web');
  });

  it("describes the software in German and English within the standard's lengths", () => {
    const description = map(publiccode.description, 'description');
    expect(Object.keys(description).sort()).toEqual(['de', 'en']);
    for (const lang of ['de', 'en']) {
      const text = map(description[lang], `description.${lang}`);
      const short = string(text.shortDescription, `description.${lang}.shortDescription`);
      const long = string(text.longDescription, `description.${lang}.longDescription`);
      expect(short.length, `${lang} shortDescription`).toBeGreaterThan(0);
      expect(short.length, `${lang} shortDescription`).toBeLessThanOrEqual(150);
      expect(short, `${lang} shortDescription is one line`).not.toMatch(/\n/);
      expect(long.length, `${lang} longDescription`).toBeGreaterThanOrEqual(150);
      expect(long.length, `${lang} longDescription`).toBeLessThanOrEqual(10_000);
      const features = strings(text.features);
      expect(features.length, `${lang} features`).toBeGreaterThan(0);
      // Older parsers of the standard cap a feature at 100 characters.
      for (const feature of features) expect(feature.length, feature).toBeLessThanOrEqual(100);
    }
  });

  it('states the licence package.json states, and who maintains it in which languages', () => {
    expect(map(publiccode.legal, 'legal').license).toBe(packageJson.license);
    expect(packageJson.license).toBe('EUPL-1.2');
    const maintenance = map(publiccode.maintenance, 'maintenance');
    expect(['internal', 'contract', 'community', 'none']).toContain(maintenance.type);
    if (maintenance.type === 'internal' || maintenance.type === 'community') {
      const contacts = Array.isArray(maintenance.contacts) ? maintenance.contacts : [];
      expect(contacts.length).toBeGreaterThan(0);
      for (const contact of contacts) expect(typeof map(contact, 'contact').name).toBe('string');
    }
    const localisation = map(publiccode.localisation, 'localisation');
    expect(localisation.localisationReady).toBe(true);
    expect(strings(localisation.availableLanguages)).toEqual(['de', 'en']);
  });
});
