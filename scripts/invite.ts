// `npm run invite -- --survey post-purchase --customer 42 --order A-1001 [--name Ana] [--locale es] [--days 14]`
// prints a survey link (PUBLIC_URL/s/<signed invitation>). The server must run with the same
// TOKEN_SIGNING_KEY; later the invitation API calls the same function.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { isSatisfyError } from '../src/errors.js';
import { Invitations } from '../src/invitations/Invitations.js';
import { inviteLink } from '../src/invitations/inviteLink.js';

try {
  const { values } = parseArgs({
    options: {
      survey: { type: 'string' },
      customer: { type: 'string' },
      name: { type: 'string' },
      order: { type: 'string' },
      locale: { type: 'string' },
      days: { type: 'string' },
    },
    strict: true,
  });
  const config = loadConfig();
  if (!config.tokenSigningKey) throw new Error('Set TOKEN_SIGNING_KEY (the same value the server uses), or the link will not open.');
  const days = values.days ? Number(values.days) : config.webchat.inviteTtlMs / 86_400_000;
  if (!Number.isFinite(days) || days <= 0) throw new Error('--days must be a positive number');
  const invitations = new Invitations(config.tokenSigningKey, () => Date.now());
  const token = await invitations.create(
    {
      surveyId: values.survey ?? config.defaultSurveyId,
      ...(values.locale ? { locale: values.locale } : {}),
      ...(values.customer || values.name ? { customer: { ...(values.customer ? { id: values.customer } : {}), ...(values.name ? { name: values.name } : {}) } } : {}),
      ...(values.order ? { order: { id: values.order } } : {}),
    },
    days * 86_400_000,
  );
  console.log(inviteLink(config.publicUrl ?? `http://localhost:${config.port}`, token));
} catch (err) {
  console.error(isSatisfyError(err) ? err.message : `invite: ${(err as Error).message}`);
  process.exit(1);
}
