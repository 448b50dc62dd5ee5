/**
 * One caller session (main/shared/caller.ts) per page load of our window: what the page held in the core — the
 * scanner lent to its Settings test, its keypad — is released when it reloads, navigates or is destroyed, as a
 * hub socket's is when it closes.
 */
import { CallerSession } from '../shared/caller';

/** The part of Electron's WebContents used here (plain-Node tests pass a stand-in with only an id). */
export interface PageSender {
  id: number;
  once?(event: 'did-navigate' | 'destroyed', listener: () => void): unknown;
}

export class PageSessions {
  private readonly sessions = new Map<number, CallerSession>();

  of(sender: PageSender): CallerSession {
    const known = this.sessions.get(sender.id);
    if (known) return known;
    const session = new CallerSession('window');
    this.sessions.set(sender.id, session);
    const end = () => {
      if (this.sessions.get(sender.id) === session) this.sessions.delete(sender.id);
      session.end();
    };
    sender.once?.('did-navigate', end);
    sender.once?.('destroyed', end);
    return session;
  }

  endAll(): void {
    for (const session of this.sessions.values()) session.end();
    this.sessions.clear();
  }
}
