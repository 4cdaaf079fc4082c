import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBinarySI, formatDecimalSI } from './quantity-format.js';
import { parseThresholdConfig, thresholdQuantity } from './threshold-config.js';

describe('parseThresholdConfig', () => {
  it('defaults to upstream hard thresholds, mirrored onto allocatable memory', () => {
    const t = parseThresholdConfig();
    assert.deepEqual(
      t.map((x) => [x.signal, x.value, x.gracePeriodMs]),
      [
        ['memory.available', { quantity: 100 * 1024 * 1024, text: '100Mi' }, 0],
        ['nodefs.available', { percentage: Math.fround(0.1) }, 0],
        ['imagefs.available', { percentage: Math.fround(0.15) }, 0],
        ['nodefs.inodesFree', { percentage: Math.fround(0.05) }, 0],
        ['allocatableMemory.available', { quantity: 100 * 1024 * 1024, text: '100Mi' }, 0],
      ],
    );
    assert.equal(parseThresholdConfig({ enforceNodeAllocatable: [] }).length, 4);
  });

  it('parses soft thresholds with grace periods and minimum reclaims', () => {
    const t = parseThresholdConfig({
      evictionHard: { 'memory.available': '0%', 'nodefs.available': '1Gi' },
      evictionSoft: { 'memory.available': '1.5Gi' },
      evictionSoftGracePeriod: { 'memory.available': '1m30s' },
      evictionMinimumReclaim: { 'memory.available': '500Mi', 'nodefs.available': '5%' },
    });
    assert.deepEqual(t, [
      {
        signal: 'nodefs.available',
        value: { quantity: 1024 ** 3, text: '1Gi' },
        gracePeriodMs: 0,
        minReclaim: { percentage: Math.fround(0.05) },
      },
      {
        signal: 'memory.available',
        value: { quantity: 1.5 * 1024 ** 3, text: '1536Mi' },
        gracePeriodMs: 90_000,
        minReclaim: { quantity: 500 * 1024 * 1024 },
      },
    ]);
  });

  it('rejects what upstream rejects, with its messages', () => {
    const bad = (config: Parameters<typeof parseThresholdConfig>[0], message: string) =>
      assert.throws(() => parseThresholdConfig(config), { message });
    bad({ evictionHard: { 'cpu.available': '1' } }, 'unsupported eviction signal cpu.available');
    bad(
      { evictionSoft: { 'memory.available': '1Gi' } },
      'grace period must be specified for the soft eviction threshold memory.available',
    );
    bad(
      { evictionHard: { 'memory.available': '-1' } },
      'eviction threshold memory.available must be positive: -1',
    );
    bad(
      { evictionHard: { 'nodefs.available': '120%' } },
      'eviction percentage threshold nodefs.available must be <= 100%: 120%',
    );
    bad(
      { evictionMinimumReclaim: { 'nodefs.available': '0%' } },
      'eviction percentage minimum reclaim nodefs.available must be positive: 0%',
    );
    bad(
      { evictionSoft: { 'memory.available': '1Gi' }, evictionSoftGracePeriod: { 'memory.available': '-1s' } },
      'invalid eviction grace period specified: -1s, must be a positive value',
    );
  });

  it('turns percentages into amounts as Go does (float32 percentage, truncated)', () => {
    assert.equal(thresholdQuantity({ percentage: Math.fround(0.1) }, 1000), 100);
    assert.equal(thresholdQuantity({ percentage: Math.fround(0.15) }, 1_000_000_007), 150_000_007);
    assert.equal(thresholdQuantity({ quantity: 5 }, 1000), 5);
  });
});

describe('quantity formats', () => {
  it('prints whole quantities as upstream String() does', () => {
    assert.equal(formatBinarySI(100 * 1024 * 1024), '100Mi');
    assert.equal(formatBinarySI(1536), '1536');
    assert.equal(formatBinarySI(1000), '1k');
    assert.equal(formatBinarySI(0), '0');
    assert.equal(formatDecimalSI(5_000_000), '5M');
    assert.equal(formatDecimalSI(1500), '1500');
  });
});
