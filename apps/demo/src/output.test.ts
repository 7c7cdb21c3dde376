import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from './output';

function streams(isTTY: boolean) {
  const stdout = Object.assign(new PassThrough(), { isTTY });
  const stderr = new PassThrough();
  const text = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => {
    text.stdout += chunk.toString('utf8');
  });
  stderr.on('data', (chunk: Buffer) => {
    text.stderr += chunk.toString('utf8');
  });
  return { stdout, stderr, text };
}

describe('Output', () => {
  it('prints streamed deltas indented, with reasoning labelled apart from the answer', () => {
    const { stdout, stderr, text } = streams(false);
    const output = new Output({ json: false, stdout, stderr, env: {} });
    const printer = output.startStream();
    printer.write('thinking ', 'reasoning');
    printer.write('hard', 'reasoning');
    printer.write('Hello\nworld');
    printer.line('→ tool()');
    printer.write('!');
    printer.end();
    expect(text.stdout).toBe(
      '  reasoning ›\n  thinking hard\n  answer ›\n  Hello\n  world\n  → tool()\n  !\n',
    );
    expect(output.interactive).toBe(false);
  });

  it('uses colours on a TTY unless NO_COLOR is set, and never off a TTY', () => {
    const tty = new Output({ json: false, stdout: streams(true).stdout, env: {} });
    expect(tty.colors.red('x')).toBe('\u001b[31mx\u001b[39m');
    const noColor = new Output({
      json: false,
      stdout: streams(true).stdout,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.colors.red('x')).toBe('x');
    const piped = new Output({ json: false, stdout: streams(false).stdout, env: {} });
    expect(piped.colors.red('x')).toBe('x');
  });

  it('writes nothing to stdout in JSON mode; notes go to stderr', () => {
    const { stdout, stderr, text } = streams(true);
    const output = new Output({ json: true, stdout, stderr, env: {} });
    output.section('1. core');
    output.step('step');
    output.note('using the mock');
    const printer = output.startStream();
    printer.write('hello');
    printer.end();
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe('using the mock\n');
    expect(output.interactive).toBe(false);
  });
});
