/// <reference lib="dom" />
// What the live view's panels have in common.
import { h } from '../dom.js';

/** A part of the live view: it owns its element and its state, and stops its timers and charts on dispose. */
export interface Panel {
  readonly element: HTMLElement;
  dispose(): void;
}

/** A labelled value in a row of stats. */
export function stat(label: string, value: Node | string, testId?: string): HTMLElement {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value', 'data-testid': testId }, value));
}
