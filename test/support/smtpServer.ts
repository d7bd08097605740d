import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent, headers and all. */
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** smtp://user:pass@127.0.0.1:<port> */
  url: string;
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  user?: string;
  pass?: string;
  /** Recipients refused at RCPT TO with this reply, e.g. 550 mailbox unavailable. */
  reject?: (address: string) => { code: number; message: string } | undefined;
}

/**
 * A real SMTP server on a free loopback port (smtp-server, nodemailer's own), that asks for a
 * password and keeps every message it accepts, parsed (mailparser).
 */
export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const user = options.user ?? 'mailer';
  const pass = options.pass ?? 'secret-pass';
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    // No certificate to trust in a test: plain SMTP on loopback, with AUTH allowed on it.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) return callback(null, { user });
      const err = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
      callback(err);
    },
    onRcptTo(address, _session, callback) {
      const refused = options.reject?.(address.address);
      if (refused) return callback(Object.assign(new Error(refused.message), { responseCode: refused.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            mails.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    port,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
