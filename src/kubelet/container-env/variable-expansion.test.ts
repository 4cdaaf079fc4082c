import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandVariables, mappingFor } from './variable-expansion.js';

const vars = new Map([
  ['VAR_A', 'A'],
  ['VAR_B', 'B'],
  ['VAR_C', 'C'],
  ['VAR_REF', '$(VAR_A)'],
  ['VAR_EMPTY', ''],
]);
const services = new Map([['SVC_HOST', '10.0.0.1']]);
const expand = (s: string) => expandVariables(s, mappingFor(vars, services));

test('references expand from the maps in order; unknown ones stay as written', () => {
  const cases: [string, string][] = [
    ['$(VAR_A)', 'A'],
    ['___$(VAR_B)___', '___B___'],
    ['$(VAR_A)-$(VAR_B)-$(VAR_C)', 'A-B-C'],
    ['$(VAR_A)$(VAR_A)', 'AA'],
    ['$(SVC_HOST):80', '10.0.0.1:80'],
    ['$(VAR_REF)', '$(VAR_A)'],
    ['$(VAR_EMPTY)', ''],
    ['$(UNKNOWN)', '$(UNKNOWN)'],
    ['$()', '$()'],
    ['foo\\$(VAR_C)bar', 'foo\\Cbar'],
  ];
  for (const [input, want] of cases) assert.equal(expand(input), want, input);
});

test('$$ escapes, lone and trailing dollars and unclosed references are kept', () => {
  const cases: [string, string][] = [
    ['f000-$$VAR_A', 'f000-$VAR_A'],
    ['$$$(VAR_A)', '$A'],
    ['$$$$$$(BIG_MONEY)', '$$$(BIG_MONEY)'],
    ['$$(VAR_A)', '$(VAR_A)'],
    ['$$', '$'],
    ['$', '$'],
    ['$(VAR_A)$', 'A$'],
    ['$VAR_A', '$VAR_A'],
    ['$(VAR_A', '$(VAR_A'],
    ['no vars', 'no vars'],
    ['', ''],
  ];
  for (const [input, want] of cases) assert.equal(expand(input), want, input);
});

test('a reference ends at the first ")", whatever it holds', () => {
  // The first ")" closes the name "VAR_A$(VAR_B", which is unknown and so stays as written.
  assert.equal(expand('$(VAR_A$(VAR_B)'), '$(VAR_A$(VAR_B)');
  assert.equal(expand('x $( $(VAR_A'), 'x $( $(VAR_A');
});
