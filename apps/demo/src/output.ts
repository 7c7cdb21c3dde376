import type { Writable } from 'node:stream';
import picocolors from 'picocolors';
import yoctoSpinner, { type Spinner } from 'yocto-spinner';

/** The colour functions the demo uses (picocolors; identity functions when colours are off). */
export type Colors = ReturnType<typeof picocolors.createColors>;

/** Where the demo writes and how. */
export interface OutputOptions {
  /** `--json`: human-readable output is suppressed; only the final JSON document goes to stdout. */
  json: boolean;
  /** The stream for human-readable output (default `process.stdout`). */
  stdout?: Writable & { isTTY?: boolean };
  /** The stream for notes and errors (default `process.stderr`). */
  stderr?: Writable;
  /** Environment used to honour `NO_COLOR` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** A channel of a streamed answer; a change of channel prints a label (reasoning apart from the answer). */
export type StreamChannel = 'text' | 'reasoning';

/**
 * Prints one streamed answer as it arrives: a spinner until the first token (TTY only), then the
 * deltas, indented, with a label whenever the channel changes.
 */
export interface StreamPrinter {
  /** Writes a delta of the given channel; the first call stops the spinner. */
  write(delta: string, channel?: StreamChannel): void;
  /** Prints a whole line (a tool call, a tool result), stopping the spinner first. */
  line(text: string): void;
  /** Restarts the spinner, e.g. while the next step of a tool loop is awaited. */
  wait(text?: string): void;
  /** Stops the spinner and ends the current line. */
  end(): void;
}

const INDENT = '  ';

/**
 * Human-readable output of the demo: section and step titles, streamed answers, notes.
 * Colours and the spinner are used only when stdout is a TTY (and `NO_COLOR` is unset);
 * with `json` every human-readable write is dropped so stdout carries the JSON document alone.
 */
export class Output {
  readonly json: boolean;
  readonly colors: Colors;
  readonly interactive: boolean;
  private readonly stdout: Writable;
  private readonly stderr: Writable;
  private activeStream: StreamPrinter | undefined;

  constructor(options: OutputOptions) {
    const stdout = options.stdout ?? process.stdout;
    const env = options.env ?? process.env;
    this.json = options.json;
    this.stdout = stdout;
    this.stderr = options.stderr ?? process.stderr;
    const tty = Boolean(options.stdout ? options.stdout.isTTY : process.stdout.isTTY);
    this.interactive = tty && !options.json;
    const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
    this.colors = picocolors.createColors(this.interactive && !noColor);
  }

  /** Writes raw human-readable text (dropped in JSON mode). */
  print(text: string): void {
    if (!this.json) this.stdout.write(text);
  }

  /** Writes a human-readable line (dropped in JSON mode). */
  line(text = ''): void {
    this.print(`${text}\n`);
  }

  /** A note about the run (the embedded server, the target): stdout normally, stderr in JSON mode. */
  note(text: string): void {
    if (this.json) this.stderr.write(`${text}\n`);
    else this.line(this.colors.dim(text));
  }

  /** An error message: always stderr, after a blank line when it follows human-readable output. */
  error(text: string): void {
    this.stderr.write(`${this.json ? '' : '\n'}${this.colors.red(text)}\n`);
  }

  /** A numbered section title, e.g. `1. @routify/core`. */
  section(title: string): void {
    const { bold, cyan } = this.colors;
    this.line();
    this.line(bold(cyan(`━━ ${title} `.padEnd(72, '━'))));
  }

  /** A step title inside a section. */
  step(title: string): void {
    this.line();
    this.line(this.colors.bold(`▸ ${title}`));
  }

  /** An indented detail line inside a step. */
  detail(text: string): void {
    this.line(`${INDENT}${text}`);
  }

  /** Starts printing a streamed answer; shows a spinner until the first token when interactive. */
  startStream(waitingText = 'waiting for the first token…'): StreamPrinter {
    this.activeStream?.end();
    this.activeStream = new TerminalStreamPrinter(this, this.stdout, waitingText);
    return this.activeStream;
  }

  /** Ends the stream being printed, if any (stops its spinner); used when a step fails. */
  endStream(): void {
    this.activeStream?.end();
    this.activeStream = undefined;
  }
}

class TerminalStreamPrinter implements StreamPrinter {
  private spinner: Spinner | undefined;
  private channel: StreamChannel | undefined;
  private atLineStart = true;

  constructor(
    private readonly output: Output,
    private readonly stdout: Writable,
    waitingText: string,
  ) {
    this.wait(waitingText);
  }

  wait(text = 'waiting…'): void {
    if (!this.output.interactive || this.spinner) return;
    this.breakLine();
    this.spinner = yoctoSpinner({ text, stream: this.stdout }).start();
  }

  write(delta: string, channel: StreamChannel = 'text'): void {
    if (delta === '') return;
    this.stopSpinner();
    const { dim, magenta } = this.output.colors;
    if (channel !== this.channel) {
      this.breakLine();
      if (channel === 'reasoning' || this.channel === 'reasoning') {
        this.output.line(
          INDENT + (channel === 'reasoning' ? magenta('reasoning ›') : magenta('answer ›')),
        );
      }
      this.channel = channel;
    }
    const style = channel === 'reasoning' ? dim : (text: string) => text;
    const lines = delta.split('\n');
    lines.forEach((part, index) => {
      if (index > 0) {
        this.output.print('\n');
        this.atLineStart = true;
      }
      if (part === '') return;
      if (this.atLineStart) this.output.print(INDENT);
      this.output.print(style(part));
      this.atLineStart = false;
    });
  }

  line(text: string): void {
    this.stopSpinner();
    this.breakLine();
    this.output.line(INDENT + text);
    this.channel = undefined;
  }

  end(): void {
    this.stopSpinner();
    this.breakLine();
  }

  private breakLine(): void {
    if (!this.atLineStart) {
      this.output.print('\n');
      this.atLineStart = true;
    }
  }

  private stopSpinner(): void {
    if (this.spinner) {
      this.spinner.clear();
      this.spinner.stop();
      this.spinner = undefined;
    }
  }
}
