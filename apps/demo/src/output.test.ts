import { PassThrough } from 'node:stream';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
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
    expect(output.colors.red('x')).toBe('x');
  });

  it('on a TTY shows a spinner until the first token, then clears it and prints the text', () => {
    // yocto-spinner only animates where `CI` is unset and TERM is not dumb (CI sets CI=true).
    vi.stubEnv('CI', undefined);
    vi.stubEnv('TERM', 'xterm-256color');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const { stdout, stderr, text } = streams(true);
    // The terminal methods yocto-spinner uses; each leaves a marker in the captured text.
    const tty = Object.assign(stdout, {
      columns: 80,
      cursorTo: (_x: number, callback?: () => void) => {
        stdout.write('<col0>');
        callback?.();
        return true;
      },
      clearLine: (_direction: number, callback?: () => void) => {
        stdout.write('<clear>');
        callback?.();
        return true;
      },
      moveCursor: (_dx: number, _dy: number, callback?: () => void) => {
        callback?.();
        return true;
      },
    });
    const output = new Output({ json: false, stdout: tty, stderr, env: { NO_COLOR: '1' } });
    const printer = output.startStream('waiting for the first token…');
    expect(text.stdout).toContain('waiting for the first token…');
    const beforeToken = text.stdout.length;
    printer.write('Hello');
    printer.end();
    const afterToken = text.stdout.slice(beforeToken);
    // The spinner line is erased before the text starts, and not drawn again.
    expect(afterToken).toContain('<clear>');
    expect(afterToken.endsWith('  Hello\n')).toBe(true);
    expect(afterToken.slice(afterToken.lastIndexOf('<clear>'))).not.toContain('waiting');
    expect(text.stderr).toBe('');
  });
});
