// Leaving the terminal by keyboard: Escape then Tab (or Shift+Tab) moves the focus out; any other key after Escape reaches the shell with the Escape.

/** The part of a DOM KeyboardEvent the leave keys look at (a plain object in tests). */
export type KeyLike = Pick<KeyboardEvent, 'type' | 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>;

export type LeaveKeys = {
  /**
   * Decides one key event; false tells xterm to ignore it. A Tab that is ignored here keeps the
   * browser's own action, so the focus moves to the next (or, with Shift, the previous) control.
   */
  handle(event: KeyLike): boolean;
  /** Forgets a held Escape (the terminal lost focus), without sending it; a plain function, so it can be a listener. */
  disarm: () => void;
  readonly armed: boolean;
};

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

/**
 * Escape is held back, not sent: in bash's readline a lone ESC is the Meta prefix and waits
 * for its next key with no timeout, so an Escape sent before leaving would turn the next
 * command (typed or sent by a Run button) into a Meta chord (ESC r is revert-line). Held, it
 * goes to the shell just before the next key that is not Tab, so vim and less still get it.
 */
export function createLeaveKeys(sendEscape: () => void, onArmedChange: (armed: boolean) => void = () => {}): LeaveKeys {
  let armed = false;
  const set = (next: boolean) => {
    if (next === armed) return;
    armed = next;
    onArmedChange(armed);
  };
  return {
    get armed() {
      return armed;
    },
    disarm: () => set(false),
    handle(event) {
      if (event.type !== 'keydown') return true;
      const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
      if (event.key === 'Escape' && plain && !event.shiftKey) {
        // A second Escape releases the first and is held in its turn (Esc Esc Tab still leaves).
        if (armed) sendEscape();
        set(true);
        return false;
      }
      if (!armed) return true;
      // Shift+Tab starts with Shift: a modifier on its own keeps the Escape held.
      if (MODIFIERS.has(event.key)) return true;
      if (event.key === 'Tab' && plain) {
        set(false);
        return false;
      }
      set(false);
      sendEscape();
      return true;
    },
  };
}
