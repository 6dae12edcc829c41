/**
 * The layers of docs/ARCHITECTURE.md ("Pieces"), enforced: `npm run lint:layers` (part of
 * `npm test`) fails on any import that breaks them. Type-only imports count too: a circle of
 * types is still a circle to read.
 *
 *   web/ (apps) ──▶ widget/ (element, frame) ──▶ client/ (browser foundation) ──▶ protocol/
 *   worker/ ──▶ protocol/
 */
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other cannot be understood, tested or moved one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'protocol-stands-alone',
      severity: 'error',
      comment: 'protocol/ is the wire format and the cryptography: it imports nothing of ours above it (no DOM, no server).',
      from: { path: '^protocol/' },
      to: { path: '^(client|web|widget|worker|e2e|bench|scripts)/' },
    },
    {
      name: 'worker-never-imports-browser-code',
      severity: 'error',
      comment: 'The Worker runs in workerd: browser code has no place in it.',
      from: { path: '^worker/' },
      to: { path: '^(client|web|widget)/' },
    },
    {
      name: 'browser-never-imports-worker',
      severity: 'error',
      comment: 'Browser bundles meet the Worker only over HTTP, through the contract in protocol/.',
      from: { path: '^(client|web|widget)/' },
      to: { path: '^worker/' },
    },
    {
      name: 'client-below-the-front-ends',
      severity: 'error',
      comment: 'client/ is what the apps and the widget stand on; it knows neither.',
      from: { path: '^client/' },
      to: { path: '^(web|widget)/' },
    },
    {
      name: 'widget-not-on-the-apps',
      severity: 'error',
      comment: 'The widget runs on other websites: it must not pull in an app (the venue app may embed the widget, not the reverse).',
      from: { path: '^widget/' },
      to: { path: '^web/' },
    },
    {
      name: 'production-code-never-imports-tests',
      severity: 'error',
      comment: 'Test helpers stay out of the bundles and the Worker.',
      from: { path: '^(protocol|client|web|widget|worker)/', pathNot: '(\\.test\\.ts$|^worker/test/)' },
      to: { path: '(\\.test\\.ts$|^worker/test/|^e2e/)' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that resolves to nothing is a typo or a missing dependency (workerd provides cloudflare:*; the demo websites import their own /venue-zone.js).',
      from: {},
      to: { couldNotResolve: true, pathNot: '^(cloudflare:[a-z]+|/venue-zone\\.js)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.wrangler)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
