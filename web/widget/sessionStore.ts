/**
 * Where the widget keeps its conversation. The conversation ({conversationId, token,
 * watermark}) lives in localStorage under `satisfy:<invite>` (or `satisfy:default`), so every
 * tab and window of the origin resumes the same survey instead of starting another; whether
 * the bubble's panel is open stays per tab, in sessionStorage (`satisfy:<…>:tab`). Storage a
 * browser refuses (privacy modes) falls back: localStorage → sessionStorage → memory.
 */

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SavedConversation {
  conversationId: string;
  token: string;
  watermark: string;
}

export interface Saved {
  /** Null when there is none (or what is kept is not one). */
  conversation: SavedConversation | null;
  /** The panel was open in this tab (a reload reopens it). */
  open: boolean;
}

/** The storage if it can be written now; browsers throw on access or on setItem in some modes. */
export function usableStorage(get: () => KeyValueStorage | null | undefined, probeKey: string): KeyValueStorage | null {
  try {
    const s = get();
    if (!s) return null;
    s.setItem(probeKey, '1');
    s.removeItem(probeKey);
    return s;
  } catch {
    return null;
  }
}

export function memoryStorage(): KeyValueStorage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
  };
}

function readJson(s: KeyValueStorage, key: string): unknown {
  try {
    return JSON.parse(s.getItem(key) ?? 'null') as unknown;
  } catch {
    return null;
  }
}

function writeJson(s: KeyValueStorage, key: string, value: unknown): void {
  try {
    s.setItem(key, JSON.stringify(value));
  } catch {
    /* full or refused: no resume, the chat goes on */
  }
}

export class SessionStore {
  constructor(
    private readonly key: string,
    /** Shared by the origin's tabs (localStorage, or the fallback). */
    private readonly shared: KeyValueStorage,
    /** This tab's (sessionStorage, or memory). */
    private readonly tab: KeyValueStorage,
  ) {}

  /** localStorage → sessionStorage → memory, as the browser allows. */
  static open(key: string, local: () => KeyValueStorage | null | undefined, session: () => KeyValueStorage | null | undefined): SessionStore {
    const probe = `${key}:probe`;
    const tab = usableStorage(session, probe) ?? memoryStorage();
    return new SessionStore(key, usableStorage(local, probe) ?? tab, tab);
  }

  load(): Saved {
    const conv = readJson(this.shared, this.key) as Partial<Record<keyof SavedConversation, unknown>> | null;
    const tab = readJson(this.tab, `${this.key}:tab`) as { open?: unknown } | null;
    const ok = !!conv && typeof conv === 'object' && typeof conv.conversationId === 'string' && !!conv.conversationId && typeof conv.token === 'string' && !!conv.token;
    return {
      conversation: ok ? { conversationId: conv.conversationId as string, token: conv.token as string, watermark: typeof conv.watermark === 'string' ? conv.watermark : '' } : null,
      open: !!tab && typeof tab === 'object' && tab.open === true,
    };
  }

  saveConversation(c: SavedConversation): void {
    writeJson(this.shared, this.key, { conversationId: c.conversationId, token: c.token, watermark: c.watermark });
  }

  saveOpen(open: boolean): void {
    writeJson(this.tab, `${this.key}:tab`, { open });
  }

  /** Whether the one-click answer of this invitation was already given (by any tab, before a reload). */
  answerGiven(): boolean {
    return readJson(this.shared, `${this.key}:answered`) === true;
  }

  markAnswerGiven(): void {
    writeJson(this.shared, `${this.key}:answered`, true);
  }

  /** The conversation cannot be resumed: the next start begins a new one. */
  clear(): void {
    try {
      this.shared.removeItem(this.key);
    } catch {
      /* refused: the next resume is refused by the server instead */
    }
  }
}
