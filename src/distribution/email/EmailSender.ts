import { createTransport } from 'nodemailer';
import type { InvitationMessage, InvitationSender } from '../InvitationSender.js';
import { renderInvitationEmail } from './renderInvitationEmail.js';

export interface EmailSenderOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 (TLS). */
  smtpUrl: string;
  /** The From address, e.g. `Acme <surveys@acme.example>`. */
  from: string;
  replyTo?: string;
  /** An address that also takes unsubscribes by mail (List-Unsubscribe's mailto). */
  unsubscribeMailto?: string;
  /** Connecting, the greeting and each reply wait at most this long. */
  timeoutMs: number;
}

/**
 * Why an email was not sent, in words an admin understands ("SMTP 550 mailbox unavailable").
 * `permanent`: the server refused for good (5xx, no address); another try will not help.
 */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmailSendError';
  }
}

/**
 * Sends invitations and reminders by email over SMTP (nodemailer, a small connection pool).
 * A failure throws an EmailSendError: the scheduler tries again later and shows its message.
 */
export class EmailSender implements InvitationSender {
  readonly channel = 'email' as const;
  private readonly transport;

  constructor(private readonly options: EmailSenderOptions) {
    this.transport = createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: 2,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      // Nothing about the customer (addresses, links with tokens) goes to the logs.
      logger: false,
      debug: false,
    });
  }

  async send(message: InvitationMessage): Promise<{ ref?: string }> {
    const { customer } = message.invitation;
    const address = typeof customer.email === 'string' ? customer.email.trim() : '';
    if (!address) throw new EmailSendError('The customer has no email address.', true);
    const email = renderInvitationEmail(message, this.options.unsubscribeMailto ? { unsubscribeMailto: this.options.unsubscribeMailto } : {});
    const name = typeof customer.name === 'string' ? customer.name.trim() : '';
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: name ? { name, address } : address,
        ...(this.options.replyTo ? { replyTo: this.options.replyTo } : {}),
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: email.headers,
      });
      return info.messageId ? { ref: info.messageId } : {};
    } catch (err) {
      throw describeSmtpError(err, this.options.smtpUrl);
    }
  }

  /** Ends the pooled connections (at shutdown). */
  close(): void {
    this.transport.close();
  }
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  permanent?: boolean;
  message?: string;
}

/** nodemailer's error as one line for admins: the server's reply where there is one. */
export function describeSmtpError(err: unknown, smtpUrl: string): EmailSendError {
  const e = (err && typeof err === 'object' ? err : {}) as NodemailerError;
  const server = serverName(smtpUrl);
  const reply = typeof e.response === 'string' ? e.response.replace(/^\d{3}[ -]?/, '').replace(/\s+/g, ' ').trim().slice(0, 200) : '';
  if (e.code === 'EAUTH') return new EmailSendError(`SMTP authentication failed at ${server}${e.responseCode ? `: ${e.responseCode} ${reply}` : ''}; check the user and password in SMTP_URL`, false, { cause: err });
  if (e.responseCode) {
    const step = e.command && e.command !== 'CONN' && e.command !== 'API' ? ` (at ${e.command})` : '';
    return new EmailSendError(`SMTP ${e.responseCode} ${reply}${step}`.trim(), e.responseCode >= 500, { cause: err });
  }
  const detail = (e.message ?? String(err)).replace(/\s+/g, ' ').trim().slice(0, 200);
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'ETIMEDOUT' || e.code === 'EDNS') {
    return new EmailSendError(`SMTP server ${server} not reachable: ${detail}`, false, { cause: err });
  }
  return new EmailSendError(`Email not sent: ${detail}`, e.permanent === true, { cause: err });
}

/** host:port of the SMTP URL, never its user or password. */
function serverName(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`;
  } catch {
    return 'the SMTP server';
  }
}
