// A headless xterm fed with a terminal's output, so a page that attaches later gets the exact screen (VS Code's approach).
import headlessPkg from '@xterm/headless';
import serializePkg from '@xterm/addon-serialize';

// Both packages are CommonJS bundles: their named exports live on the default export under Node's ESM loader.
const { Terminal: HeadlessTerminal } = headlessPkg as unknown as typeof import('@xterm/headless');
const { SerializeAddon } = serializePkg as unknown as typeof import('@xterm/addon-serialize');

/** Lines kept above the screen for a reattaching page (in lines). */
export const MIRROR_SCROLLBACK_LINES = 1000;

export class ScreenMirror {
  private readonly term: InstanceType<typeof HeadlessTerminal>;
  private readonly serializer = new SerializeAddon();
  private disposed = false;

  constructor(cols: number, rows: number) {
    this.term = new HeadlessTerminal({ cols, rows, scrollback: MIRROR_SCROLLBACK_LINES, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  write(data: Uint8Array): void {
    if (!this.disposed) this.term.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.disposed) this.term.resize(cols, rows);
  }

  /**
   * The screen as escape sequences that redraw it, once everything written so far is parsed.
   * xterm parses asynchronously; the callback of an empty write runs right after all earlier
   * writes were parsed and before any later one, so the snapshot matches the output so far exactly.
   */
  snapshot(): Promise<string> {
    return new Promise((resolve) => {
      if (this.disposed) return resolve('');
      this.term.write('', () => resolve(this.serializer.serialize({ scrollback: MIRROR_SCROLLBACK_LINES })));
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.term.dispose();
  }
}
