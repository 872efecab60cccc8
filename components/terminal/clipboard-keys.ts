// Terminal copy/paste keys: Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes; plain Ctrl+C stays ^C.
import type { Terminal } from '@xterm/xterm';

/**
 * The clipboard part of the terminal's key handler (create-xterm installs one handler that
 * asks each part). Returning false tells xterm not to turn the key into input.
 * Paste needs no code of ours: the browser's own Ctrl+Shift+V fires a `paste` event on xterm's
 * textarea, which xterm sends (bracketed when the shell asks). Copy must be ours, because
 * Ctrl+Shift+C would otherwise open the browser's element inspector.
 */
export function clipboardKeys(term: Terminal): (event: KeyboardEvent) => boolean {
  return (event) => {
    const combo = event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey;
    if (!combo) return true;
    if (event.code === 'KeyC') {
      event.preventDefault();
      if (event.type === 'keydown' && term.hasSelection()) void copyText(term.getSelection());
      return false;
    }
    if (event.code === 'KeyV') return false;
    return true;
  };
}

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // The async clipboard is missing outside secure contexts (plain http on a LAN address):
    // fall back to the legacy copy command, which xterm answers with its selection.
    document.execCommand('copy');
  }
}
