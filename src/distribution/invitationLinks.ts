import { oneClickAnswer } from '../core/distribution/oneClick.js';
import type { CompiledScript } from '../core/script/compiled.js';
import { inviteLink } from '../invitations/inviteLink.js';
import type { InvitationMessage } from './InvitationSender.js';

/** The page that shows, and takes, an unsubscribe (GET shows it, POST does it). */
export function unsubscribeLink(publicUrl: string, unsubscribeToken: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/u/${unsubscribeToken}`;
}

/**
 * The links of one invitation: the survey (/s/<invite>), the survey with the first answer
 * given (/s/<invite>?answer=4; a value off the first question's scale gives the plain survey
 * link, which is also what the page does with one) and the unsubscribe page (/u/<token>, from
 * UnsubscribeTokens).
 */
export function invitationLinks(publicUrl: string, inviteToken: string, script: CompiledScript, unsubscribeToken: string): InvitationMessage['links'] {
  const survey = inviteLink(publicUrl, inviteToken);
  return {
    survey,
    answer: (value) => {
      const given = oneClickAnswer(script, value);
      return given ? `${survey}?answer=${encodeURIComponent(given.answer)}` : survey;
    },
    unsubscribe: unsubscribeLink(publicUrl, unsubscribeToken),
  };
}
