import { describe, expect, it } from 'vitest';
import { type PackageFacts, sbomProblems } from './sbom-check.ts';

const facts: PackageFacts = { name: 'luca-next', version: '0.1.0', license: 'EUPL-1.2', dependencies: { lit: '3.3.3', hono: '4.13.19' } };
const component = (name: string, version: string) => ({ type: 'library', name, version, purl: `pkg:npm/${name}@${version}` });
const sound = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  metadata: {
    component: { type: 'application', name: 'some-folder', purl: 'pkg:npm/luca-next@0.1.0', licenses: [{ license: { id: 'EUPL-1.2' } }] },
  },
  components: [component('lit', '3.3.3'), component('hono', '4.13.19'), component('lit-html', '3.3.1')],
};

describe('the SBOM check', () => {
  it('accepts an SBOM of this application with its runtime dependencies', () => {
    expect(sbomProblems(sound, facts)).toEqual([]);
  });

  it('names what is missing or wrong', () => {
    expect(sbomProblems([], facts)).toEqual(['not a JSON object']);
    expect(sbomProblems({ ...sound, components: [] }, facts)).toEqual([
      'no components',
      'runtime dependency lit@3.3.3 is missing',
      'runtime dependency hono@4.13.19 is missing',
    ]);
    expect(sbomProblems({ ...sound, components: [component('lit', '3.3.2'), component('hono', '4.13.19')] }, facts)).toEqual([
      'runtime dependency lit@3.3.3 is missing',
    ]);
    expect(sbomProblems({ ...sound, bomFormat: 'SPDX' }, facts)).toEqual(['bomFormat is SPDX, not CycloneDX']);
    const unlicensed = { ...sound, metadata: { component: { ...sound.metadata.component, licenses: [] } } };
    expect(sbomProblems(unlicensed, facts)).toEqual(["the application's licence is not EUPL-1.2"]);
    const other = { ...sound, metadata: { component: { ...sound.metadata.component, purl: 'pkg:npm/other@1.0.0' } } };
    expect(sbomProblems(other, facts)).toEqual(['the described application is pkg:npm/other@1.0.0, not pkg:npm/luca-next@0.1.0']);
    expect(sbomProblems({ ...sound, components: [...sound.components, { name: 'x' }] }, facts)).toEqual([
      'a component without name, version or purl: {"name":"x"}',
    ]);
  });
});
