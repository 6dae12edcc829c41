/**
 * The browser tests' ports, offsets from one base so that two checkouts can run their journeys on
 * one machine at once (`LUCA_E2E_PORT_BASE=8900 npx vitest run --project e2e`). Default 8790.
 */
const base = Number(process.env.LUCA_E2E_PORT_BASE ?? 8790);

export const E2E_PORTS = {
  /** The shared `wrangler dev` every journey uses (e2e/global-setup.ts). */
  app: base + 7,
  /** The widget's demo host pages, another origin (127.0.0.1 vs localhost), as in `npm start`. */
  hosts: base + 4,
  /** The offline journey's own server, which it stops and starts. */
  offline: base + 6,
  /** The update journey's own server, serving its own copy of the build. */
  update: base + 1,
  /** The README's demo, started as `npm start` starts it (e2e/newcomer-demo.test.ts). */
  newcomer: base + 2,
  /** The newcomer demo's website pages. */
  newcomerHosts: base + 3,
  /** A venue's website for the widget's integration journeys (e2e/support/host-server.ts), allowed by the demo venue. */
  integrationHost: base + 5,
  /** The crash test's own server, which it kills and starts again (e2e/load-crash.test.ts). */
  load: base + 8,
} as const;
