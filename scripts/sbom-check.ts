/**
 * Checks the SBOM that `npm sbom` wrote (CycloneDX JSON, `npm run sbom` and .ci/run): it parses,
 * describes this application under its licence, lists components, and holds every runtime
 * dependency of package.json at its pinned version. npm names the root component after the
 * checkout's folder (a CI clone's random name), so the check writes package.json's name there.
 *
 *   tsx scripts/sbom-check.ts dist/sbom.cdx.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface PackageFacts {
  name: string;
  version: string;
  license: string;
  dependencies: Record<string, string>;
}

interface Component {
  name?: unknown;
  version?: unknown;
  purl?: unknown;
  licenses?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function licenceIds(licenses: unknown): string[] {
  if (!Array.isArray(licenses)) return [];
  return licenses.flatMap((entry: unknown) => {
    if (!isRecord(entry)) return [];
    if (typeof entry.expression === 'string') return [entry.expression];
    return isRecord(entry.license) && typeof entry.license.id === 'string' ? [entry.license.id] : [];
  });
}

/** What is wrong with the SBOM, one line each; empty when it is sound. */
export function sbomProblems(sbom: unknown, facts: PackageFacts): string[] {
  if (!isRecord(sbom)) return ['not a JSON object'];
  const problems: string[] = [];
  if (sbom.bomFormat !== 'CycloneDX') problems.push(`bomFormat is ${String(sbom.bomFormat)}, not CycloneDX`);
  const root: Component = isRecord(sbom.metadata) && isRecord(sbom.metadata.component) ? sbom.metadata.component : {};
  if (root.purl !== `pkg:npm/${facts.name}@${facts.version}`)
    problems.push(`the described application is ${String(root.purl)}, not pkg:npm/${facts.name}@${facts.version}`);
  if (!licenceIds(root.licenses).includes(facts.license)) problems.push(`the application's licence is not ${facts.license}`);
  const components: Component[] = Array.isArray(sbom.components) ? sbom.components.filter(isRecord) : [];
  if (components.length === 0) problems.push('no components');
  for (const component of components) {
    if (typeof component.name !== 'string' || typeof component.version !== 'string' || typeof component.purl !== 'string') {
      problems.push(`a component without name, version or purl: ${JSON.stringify(component).slice(0, 120)}`);
    }
  }
  for (const [name, version] of Object.entries(facts.dependencies)) {
    if (!components.some((component) => component.name === name && component.version === version))
      problems.push(`runtime dependency ${name}@${version} is missing`);
  }
  return problems;
}

if (process.argv[1] === import.meta.filename) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx scripts/sbom-check.ts <sbom.cdx.json>');
  const facts = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as PackageFacts;
  const sbom: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const problems = sbomProblems(sbom, facts);
  if (problems.length > 0) {
    console.error(`${file} is not a sound SBOM:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  if (isRecord(sbom) && isRecord(sbom.metadata) && isRecord(sbom.metadata.component)) sbom.metadata.component.name = facts.name;
  writeFileSync(file, `${JSON.stringify(sbom, null, 2)}\n`);
  const count = isRecord(sbom) && Array.isArray(sbom.components) ? sbom.components.length : 0;
  console.log(`${file}: CycloneDX SBOM of ${facts.name}@${facts.version} (${facts.license}), ${count} components.`);
}
