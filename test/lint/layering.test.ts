import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

/** Lints a fixture's text as if it lived at `pretendPath` and returns the layering messages. */
async function layeringErrors(fixture: string, pretendPath: string): Promise<string[]> {
  const text = await readFile(path.join(root, 'test/lint/fixtures', fixture), 'utf8');
  const [result] = await eslint.lintText(text, { filePath: path.join(root, pretendPath) });
  return result!.messages.filter((m) => m.ruleId === 'k8ts/layering').map((m) => m.message);
}

describe('layering lint rule', () => {
  it('fails a component importing another component', async () => {
    const errors = await layeringErrors('component-imports-component.ts', 'src/scheduler/bad.ts');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /src\/scheduler may not import src\/controllers/);
  });

  it('fails anything but the apiserver importing src/storage', async () => {
    for (const where of [
      'src/client/bad.ts',
      'src/controllers/bad.ts',
      'src/cmd/bad.ts',
      'src/kubelet/bad.ts',
    ]) {
      const errors = await layeringErrors('client-imports-storage.ts', where);
      assert.equal(errors.length, 1, where);
      assert.match(errors[0]!, /may not import src\/storage/);
    }
  });

  it('fails a lower layer importing a higher one, also through re-exports', async () => {
    const errors = await layeringErrors('base-imports-api.ts', 'src/base/bad.ts');
    assert.deepEqual(errors.length, 1);
    assert.match(errors[0]!, /src\/base may not import src\/api \(allowed: nothing\)/);
  });

  it('keeps storage drivers private to src/storage', async () => {
    const errors = await layeringErrors('sqlite-outside-storage.ts', 'src/apiserver/bad.ts');
    assert.deepEqual(errors, ["'better-sqlite3' may only be imported inside src/storage"]);
    assert.deepEqual(await layeringErrors('sqlite-outside-storage.ts', 'src/storage/sqlite/ok.ts'), []);
  });

  it('allows the apiserver to import storage', async () => {
    assert.deepEqual(await layeringErrors('apiserver-imports-storage.ts', 'src/apiserver/ok.ts'), []);
  });

  it('the eslint CLI exits non-zero on a violating file in the tree', async () => {
    const { execFile } = await import('node:child_process');
    const { mkdir, rm, writeFile } = await import('node:fs/promises');
    // A real file in the tree, so the CLI applies the project's config to it as to any source file.
    const dir = path.join(root, 'src', 'scheduler');
    const created = (await mkdir(dir, { recursive: true })) !== undefined;
    const target = path.join(dir, `lint-fixture-${process.pid}.ts`);
    try {
      await writeFile(
        target,
        await readFile(path.join(root, 'test/lint/fixtures/client-imports-storage.ts'), 'utf8'),
      );
      const code = await new Promise<number>((resolve) => {
        const child = execFile(
          process.execPath,
          [path.join(root, 'node_modules/eslint/bin/eslint.js'), target],
          {
            cwd: root,
          },
        );
        child.on('exit', (c) => resolve(c ?? -1));
      });
      assert.equal(code, 1);
    } finally {
      await rm(created ? dir : target, { recursive: true, force: true });
    }
  });
});
