/** What the shell gives each staff page, and what a page gives back. */
import type { StaffApi } from './api.js';
import type { StaffSession } from './session.js';

export interface StaffContext {
  api: StaffApi;
  session(): StaffSession | null;
  toast(text: string): void;
  ask(title: string, body: string, okLabel: string): Promise<boolean>;
  /** Whether updates arrive live (else the cases page polls). */
  live(): boolean;
  /** "<text> · Satisfy", while the page is shown. */
  setTitle(text: string): void;
  /** Typing over the live socket: which case's customer to hear typing, and the agent's own. */
  typing: { watch(caseId: string | null): void; send(caseId: string): boolean };
}

export interface StaffPage {
  el: HTMLElement;
  /** Shown: after sign-in, navigation, or back/forward. Reads its own state from location.hash. */
  enter(): void;
  /** Hidden (it keeps its state: an unsaved script survives a look at the cases). */
  leave(): void;
  /** The session ended: forget everything. */
  reset(): void;
  /** The URL fragment for what the page shows (#case=…), so going back to it opens the same. */
  hash(): string;
  /** False when the person chose to stay (unsaved changes). */
  canLeave?(): Promise<boolean>;
}
