import { buildWeb } from '../../scripts/buildWeb.js';

/** The server serves pages and bundles only from dist/web: build it once per run (under a second). */
export default async function setup(): Promise<void> {
  await buildWeb();
}
