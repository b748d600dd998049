import { withApi } from "../api-client.ts";
import { cell, parseFlags, requireFlag, subcommands } from "../args.ts";
import { CliError, printJson, printTable } from "../cli.ts";
import { loadFleetctlEnv } from "../env.ts";

const CREATE = "token create --name N [--expires-days D] [--json]";

async function create(args: string[], json: boolean) {
  const { values } = parseFlags(args, { name: { type: "string" }, "expires-days": { type: "string" } }, CREATE);
  const name = requireFlag(values.name, "--name", CREATE);
  const days = values["expires-days"];
  if (days !== undefined && !/^\d+$/.test(days)) throw new CliError(`--expires-days must be a whole number of days`, 2);
  const created = await withApi(loadFleetctlEnv(), (api) =>
    api.tokens.create.mutate({ name, expiresInDays: days ? Number(days) : undefined }),
  );
  if (json) printJson(created);
  else {
    process.stdout.write(`${created.token}\n`);
    process.stderr.write(
      `token ${created.id} (${created.prefix}…) expires ${created.expiresAt ?? "never"}. It is shown only once: store it now.\n`,
    );
  }
  return 0;
}

async function list(args: string[], json: boolean) {
  parseFlags(args, {}, "token list [--json]");
  const tokens = await withApi(loadFleetctlEnv(), (api) => api.tokens.list.query());
  if (json) printJson(tokens);
  else {
    printTable([
      ["ID", "NAME", "PREFIX", "CREATED", "LAST USED", "EXPIRES", "REVOKED"],
      ...tokens.map((t) => [
        t.id,
        t.name,
        t.prefix,
        cell(t.createdAt),
        cell(t.lastUsedAt),
        cell(t.expiresAt),
        cell(t.revokedAt),
      ]),
    ]);
  }
  return 0;
}

async function revoke(args: string[], json: boolean) {
  const usage = "token revoke ID [--json]";
  const { positionals } = parseFlags(args, {}, usage);
  const tokenId = requireFlag(positionals[0], "ID", usage);
  await withApi(loadFleetctlEnv(), (api) => api.tokens.revoke.mutate({ tokenId }));
  if (json) printJson({ id: tokenId, revoked: true });
  else process.stdout.write(`revoked token ${tokenId}\n`);
  return 0;
}

/** `fleetctl token create|list|revoke`: API tokens for automation, bound to the signed-in operator. */
export const runToken = subcommands("token", {
  create: { usage: CREATE, run: create },
  list: { usage: "token list [--json]", run: list },
  revoke: { usage: "token revoke ID [--json]", run: revoke },
});
