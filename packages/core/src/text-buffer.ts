/**
 * An append-only text buffer for streamed deltas. `+=` on a string builds a V8 rope with one
 * ~32-byte node per append that is never flattened while it only grows, so a long stream kept
 * several times its text in memory. Here pieces are joined into flat blocks every
 * `BLOCK_PIECES` appends (each character copied once), and the whole text is joined only when
 * it is read, then cached until the next append.
 */
const BLOCK_PIECES = 1024;

export class TextBuffer {
  #blocks: string[] = [];
  #pieces: string[] = [];
  #text: string | undefined = '';

  /** Appends `piece` (O(1) amortized). */
  append(piece: string): void {
    if (piece === '') return;
    this.#pieces.push(piece);
    this.#text = undefined;
    if (this.#pieces.length >= BLOCK_PIECES) {
      this.#blocks.push(this.#pieces.join(''));
      this.#pieces = [];
    }
  }

  /** The whole text so far, as one flat string (joined once per change, then cached). */
  toString(): string {
    if (this.#text === undefined) {
      const all = this.#blocks.join('') + this.#pieces.join('');
      this.#blocks = all === '' ? [] : [all];
      this.#pieces = [];
      this.#text = all;
    }
    return this.#text;
  }
}
