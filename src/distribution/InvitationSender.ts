import type { InvitationChannel, InvitationRecord } from '../core/distribution/invitation.js';
import type { CompiledScript } from '../core/script/compiled.js';

/** What a channel needs to send one invitation or reminder. */
export interface InvitationMessage {
  invitation: InvitationRecord;
  /** The published script, for its title and first question (one-click answers). */
  script: CompiledScript;
  links: {
    /** Opens the survey in the web chat. */
    survey: string;
    /** Opens the survey with this answer to the first question already given (one click). */
    answer: (value: string) => string;
    /** Stops every later invitation to this customer (GET shows a page, POST does it). */
    unsubscribe: string;
  };
  reminder: boolean;
}

/**
 * A channel that delivers invitations (email, Slack). Throwing means "try again later" (the
 * scheduler retries with back-off and dead-letters after its last try); the error's message is
 * what admins see.
 */
export interface InvitationSender {
  readonly channel: InvitationChannel;
  send(message: InvitationMessage): Promise<{ ref?: string }>;
}
