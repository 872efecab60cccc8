// Builds one xterm.js terminal in the browser with its addons (fit first; WebGL or DOM renderer, links, unicode 11 when idle).
import type { ITerminalOptions, Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import { clipboardKeys } from './clipboard-keys';
import { createLeaveKeys } from './leave-keys';
import { XTERM_OPTIONS } from './xterm-theme';

export type XtermHandle = {
  term: Terminal;
  fit: FitAddon;
  /** Calls `listener` whenever Escape arms (true) or stops arming (false) leaving by Tab; returns the unsubscribe. */
  onLeaveArmed(listener: (armed: boolean) => void): () => void;
  /** Changes the named options of the live terminal (xterm applies each at once); the others stay. */
  setOptions(options: ITerminalOptions): void;
  /** Disposes the terminal and every addon; safe to call twice. */
  dispose(): void;
};

let coreLoad: Promise<[typeof import('@xterm/xterm'), typeof import('@xterm/addon-fit')]> | null = null;

/** xterm.js and its fit addon, fetched once; a failed fetch is tried again by the next call. */
function xtermCore() {
  coreLoad ??= Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]).catch((error: unknown) => {
    coreLoad = null;
    throw error;
  });
  return coreLoad;
}

// Fetch xterm.js as soon as this module runs in the browser (hydration's start), in parallel with the
// page's connection and session request, rather than once the terminal's effect asks for it.
// A failure here is reported by the createXterm call that awaits it, so it is dropped here.
if (typeof window !== 'undefined') xtermCore().catch(() => {});

/**
 * xterm.js touches `window` on import, so it is loaded here, lazily, only in the browser; this
 * also keeps it out of the page's first-load JavaScript. Only the terminal and its fit addon stand
 * between the page and a prompt; links, unicode 11 widths and the WebGL renderer follow when the
 * page is idle (xterm's DOM renderer draws until then).
 */
export async function createXterm(container: HTMLElement, screenReaderMode: boolean): Promise<XtermHandle> {
  const [{ Terminal }, { FitAddon }] = await xtermCore();
  const term = new Terminal({ ...XTERM_OPTIONS, screenReaderMode });
  const fit = new FitAddon();
  term.loadAddon(fit);
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
  let disposed = false;
  whenIdle(() => void loadExtras(term, () => disposed));
  return {
    term,
    fit,
    onLeaveArmed(listener) {
      armedListeners.add(listener);
      return () => armedListeners.delete(listener);
    },
    setOptions(options) {
      term.options = options;
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

/** Runs `task` when the page is idle (at most IDLE_DEADLINE_MS later), so it never delays the first prompt. */
function whenIdle(task: () => void): void {
  if ('requestIdleCallback' in window) window.requestIdleCallback(task, { timeout: IDLE_DEADLINE_MS });
  else setTimeout(task, IDLE_FALLBACK_MS);
}

/** Longest the optional addons wait for an idle page (in milliseconds). */
const IDLE_DEADLINE_MS = 2_000;
/** Where the browser has no requestIdleCallback (Safari before 18): wait this long instead (in milliseconds). */
const IDLE_FALLBACK_MS = 300;

/** The addons a prompt can do without: clickable links, unicode 11 widths, the WebGL renderer. */
async function loadExtras(term: Terminal, disposed: () => boolean): Promise<void> {
  try {
    const [{ WebLinksAddon }, { Unicode11Addon }] = await Promise.all([import('@xterm/addon-web-links'), import('@xterm/addon-unicode11')]);
    if (disposed()) return;
    term.loadAddon(new WebLinksAddon());
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
  } catch (error) {
    // Without them links are plain text and wide characters take xterm's default widths: the terminal still works.
    console.info('nslab: terminal link and unicode 11 addons unavailable', error);
  }
  if (!disposed()) await loadWebgl(term, disposed);
}

/** WebGL when the browser can, else xterm's built-in DOM renderer (xterm 6 has no canvas renderer). */
async function loadWebgl(term: Terminal, disposed: () => boolean): Promise<void> {
  try {
    const { WebglAddon } = await import('@xterm/addon-webgl');
    if (disposed()) return;
    const webgl = new WebglAddon();
    // On context loss (GPU reset, too many contexts) drop the addon: xterm falls back to the DOM renderer.
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch (error) {
    // No WebGL2 here (e.g. GPU disabled): the DOM renderer is already in place, so this is not a failure.
    console.info('nslab: WebGL renderer unavailable, using the DOM renderer', error);
  }
}
