import { bootOrExplain, ConfigError } from '@emporium/kit';
import { checkAdminInput, createAdmin } from '../admin.ts';
import { openForCli, readSecret } from './common.ts';

// pnpm --filter @emporium/subgraph-user admin:create <email> [--name "Display name"]
// The password comes from EMPORIUM_ADMIN_PASSWORD, else the first line of stdin, else a hidden prompt.
await bootOrExplain(async () => {
  const args = process.argv.slice(2);
  const nameAt = args.indexOf('--name');
  const displayName = nameAt >= 0 ? args[nameAt + 1] : undefined;
  const email = args.find((a, i) => !a.startsWith('--') && (nameAt < 0 || i !== nameAt + 1));
  if (!email) throw new ConfigError('Usage: admin:create <email> [--name "Display name"] (password from EMPORIUM_ADMIN_PASSWORD, stdin or a prompt).');
  const password = await readSecret('EMPORIUM_ADMIN_PASSWORD', 'Password for the new admin: ');
  const checked = checkAdminInput(email, password);
  if ('message' in checked) {
    console.error(checked.message);
    process.exitCode = 1;
    return;
  }
  console.error('opening the user database …');
  const rt = await openForCli();
  try {
    console.error('creating the account (scrypt takes a moment) …');
    const outcome = await createAdmin(rt, { email, password, ...(displayName ? { displayName } : {}) });
    if (outcome.kind === 'refused') {
      console.error(outcome.message);
      process.exitCode = 1;
    } else if (outcome.kind === 'created') {
      console.log(`created admin ${outcome.user.email} (id ${outcome.user.id}, roles ${outcome.user.roles.join(', ')}).`);
    } else {
      console.log(`${outcome.user.email} already had an account: added the admin role (roles ${outcome.user.roles.join(', ')}); its password is unchanged.`);
    }
  } finally {
    await rt.close();
  }
});
