// The project's test images (pause:1, toolbox:1, toolbox:2) in the local registry on 127.0.0.1:5000,
// built offline by tools/build-test-images.sh (the team's shared image script, kept in the repository so
// a clone anywhere can build them). The build is cached (a second run takes
// ~0.2 s), and the registry is left running for the next test, as the script intends: tests running
// in parallel share it, so no single test may stop it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The registry the images are served from. */
export const testRegistry = '127.0.0.1:5000';

/** Registry references of the test images. */
export const testImages = {
  pause: `${testRegistry}/pause:1`,
  toolbox1: `${testRegistry}/toolbox:1`,
  toolbox2: `${testRegistry}/toolbox:2`,
} as const;

/** The build script: $K8TS_TEST_IMAGES_SCRIPT, else this repository's tools/build-test-images.sh. */
export function testImagesScript(): string {
  const fromEnv = process.env['K8TS_TEST_IMAGES_SCRIPT'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  // dist/test/support → the repository root
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  return path.join(repo, 'tools', 'build-test-images.sh');
}

let ready: Promise<void> | undefined;

/** Builds the images (cached) and makes sure the registry serves them; once per process. */
export function ensureTestImages(): Promise<void> {
  ready ??= (async () => {
    const script = testImagesScript();
    if (!existsSync(script)) throw new Error(`test image script not found: ${script}`);
    await run('bash', [script, path.join(tmpdir(), 'k8ts-test-images')], {
      env: { ...process.env, REGISTRY: testRegistry },
      timeout: 300_000,
    });
  })();
  return ready;
}
