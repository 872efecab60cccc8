// Builds one xterm.js terminal in the browser with its addons (fit, WebGL or DOM renderer, links, unicode 11).
import type { Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import { clipboardKeys } from './clipboard-keys';
import { createLeaveKeys } from './leave-keys';
import { XTERM_OPTIONS } from './xterm-theme';

export type XtermHandle = {
  term: Terminal;
  fit: FitAddon;
  /** Calls `listener` whenever Escape arms (true) or stops arming (false) leaving by Tab; returns the unsubscribe. */
  onLeaveArmed(listener: (armed: boolean) => void): () => void;
  /** Disposes the terminal and every addon; safe to call twice. */
  dispose(): void;
};

/**
 * xterm.js touches `window` on import, so it is loaded here, lazily, only in the browser; this
 * also keeps it out of the page's first-load JavaScript.
 */
export async function createXterm(container: HTMLElement, screenReaderMode: boolean): Promise<XtermHandle> {
  const [{ Terminal }, { FitAddon }, { WebLinksAddon }, { Unicode11Addon }] = await Promise.all([
    import('@xterm/xterm'),
    import('@xterm/addon-fit'),
    import('@xterm/addon-web-links'),
    import('@xterm/addon-unicode11'),
  ]);
  const term = new Terminal({ ...XTERM_OPTIONS, screenReaderMode });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon());
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  // xterm takes one key handler: leaving first (a held Escape goes out before the next key), then the clipboard.
  const armedListeners = new Set<(armed: boolean) => void>();
  const leave = createLeaveKeys(
    () => term.input('\x1b', true),
    (armed) => armedListeners.forEach((l) => l(armed)),
  );
  const clipboard = clipboardKeys(term);
  term.attachCustomKeyEventHandler((event) => leave.handle(event) && clipboard(event));
  term.open(container);
  term.textarea?.addEventListener('blur', leave.disarm);
  await loadWebgl(term);

  let disposed = false;
  return {
    term,
    fit,
    onLeaveArmed(listener) {
      armedListeners.add(listener);
      return () => armedListeners.delete(listener);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      armedListeners.clear();
      term.textarea?.removeEventListener('blur', leave.disarm);
      term.dispose(); // also disposes every loaded addon
    },
  };
}

/** WebGL when the browser can, else xterm's built-in DOM renderer (xterm 6 has no canvas renderer). */
async function loadWebgl(term: Terminal): Promise<void> {
  try {
    const { WebglAddon } = await import('@xterm/addon-webgl');
    const webgl = new WebglAddon();
    // On context loss (GPU reset, too many contexts) drop the addon: xterm falls back to the DOM renderer.
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch (error) {
    // No WebGL2 here (e.g. GPU disabled): the DOM renderer is already in place, so this is not a failure.
    console.info('nslab: WebGL renderer unavailable, using the DOM renderer', error);
  }
}
