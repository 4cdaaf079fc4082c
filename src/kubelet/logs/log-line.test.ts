import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  logLineParserFor,
  parseCriLogLine,
  parseDockerJsonLogLine,
  startsPartialRecord,
} from './log-line.js';
import { formatLogTimestamp } from './log-timestamp.js';

const b = (s: string) => Buffer.from(s);

describe('CRI log lines', () => {
  it('parses a full line, keeping its newline', () => {
    const r = parseCriLogLine(b('2026-11-22T07:01:11.734573767Z stdout F toolbox v1 serving\n'))!;
    assert.equal(formatLogTimestamp(r.timestamp), '2026-11-22T07:01:11.734573767Z');
    assert.equal(r.stream, 'stdout');
    assert.equal(r.partial, false);
    assert.equal(r.content.toString(), 'toolbox v1 serving\n');
  });

  it('drops the newline of a partial record, so it joins the next one', () => {
    const r = parseCriLogLine(b('2026-11-22T07:01:11Z stderr P first half \n'))!;
    assert.equal(r.stream, 'stderr');
    assert.equal(r.partial, true);
    assert.equal(r.content.toString(), 'first half ');
  });

  it('reads only the first of several tags, and keeps spaces in the message', () => {
    const r = parseCriLogLine(b('2026-11-22T07:01:11Z stdout F:future  two  spaces\n'))!;
    assert.equal(r.partial, false);
    assert.equal(r.content.toString(), ' two  spaces\n');
    assert.equal(parseCriLogLine(b('2026-11-22T07:01:11Z stdout P:x y'))!.partial, true);
    assert.equal(parseCriLogLine(b('2026-11-22T07:01:11Z stdout F \n'))!.content.toString(), '\n');
  });

  it('rejects lines that are not CRI records', () => {
    for (const bad of [
      'hello world\n',
      '2026-11-22T07:01:11Z stdin F x\n',
      '2026-11-22T07:01:11Z stdout\n',
      '2026-11-22T07:01:11Z stdout F\n',
      'yesterday stdout F x\n',
    ])
      assert.equal(parseCriLogLine(b(bad)), undefined, bad);
  });

  it('tells partial records from their first bytes', () => {
    assert.equal(startsPartialRecord(b('2026-11-22T07:01:11.734573767Z stdout P abc')), true);
    assert.equal(startsPartialRecord(b('2026-11-22T07:01:11Z stderr P:t abc')), true);
    assert.equal(startsPartialRecord(b('2026-11-22T07:01:11Z stdout F abc')), false);
    assert.equal(startsPartialRecord(b('{"log":"a b P c","stream":"stdout"}')), false);
    assert.equal(startsPartialRecord(b('plain text P here')), false);
  });
});

describe('docker json-file lines', () => {
  it('parses log, stream and time', () => {
    const r = parseDockerJsonLogLine(
      b('{"log":"hello\\n","stream":"stderr","time":"2016-10-20T18:39:20.57606443Z"}\n'),
    )!;
    assert.equal(r.content.toString(), 'hello\n');
    assert.equal(r.stream, 'stderr');
    assert.equal(formatLogTimestamp(r.timestamp), '2016-10-20T18:39:20.576064430Z');
    assert.equal(parseDockerJsonLogLine(b('{"log":"x","stream":"other"}')), undefined);
    assert.equal(parseDockerJsonLogLine(b('not json')), undefined);
  });

  it('chooses the format from the first line, CRI first', () => {
    assert.equal(logLineParserFor(b('2026-11-22T07:01:11Z stdout F x\n')), parseCriLogLine);
    assert.equal(
      logLineParserFor(b('{"log":"x\\n","stream":"stdout","time":"2016-10-20T18:39:20Z"}\n')),
      parseDockerJsonLogLine,
    );
    assert.equal(logLineParserFor(b('just text\n')), undefined);
  });
});
