/**
 * Cairn command-line client: `npm run cli -- <command>` (`--help` lists the commands).
 * The wallet is CAIRN_PRIVATE_KEY or an encrypted JSON keystore (--keystore); the identity key is
 * derived from the wallet's signature on every run and never stored, or, when the KeyDirectory
 * publishes a passphrase-protected key for the wallet (set up in the app), restored from its
 * stored backup with the passphrase (CAIRN_KEY_PASSPHRASE or a prompt).
 *
 * Exit codes: 0 done; 1 failed (a typed error, one line on stderr; a send that failed was not
 * posted); 3 sent but not mined within --wait seconds (pending: it may still be mined, so it must
 * not be sent again; `history` shows it once it is).
 */
import { Command, InvalidArgumentError } from "commander";
import { DEFAULT_SEND_TIMEOUT_MS, describeError, TransactionInFlightError } from "@cairn/core";
import * as commands from "./cli/commands.js";
import { openSession, type GlobalOptions, type Session } from "./cli/openSession.js";

const positiveInt = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError("must be a positive integer");
  return parsed;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command()
  .name("cairn")
  .description("End-to-end encrypted channels over Ethereum + IPFS")
  .option("--rpc <url>", "Ethereum JSON-RPC endpoint", process.env.CAIRN_RPC_URL ?? "http://127.0.0.1:8545")
  .option("--pin <url>", "pinning service API", process.env.CAIRN_PIN_URL ?? "http://127.0.0.1:5050")
  .option("--pin-token <token>", "bearer token of a pinning service that issues its own (default: sign in to Cairn's node with the wallet)", process.env.CAIRN_PIN_TOKEN)
  .option("--ipfs <multiaddr>", "pinning node's WebSocket multiaddr (default: from <pin>/health)")
  .option("--keystore <path>", "ethers v6 encrypted JSON keystore (password: CAIRN_KEYSTORE_PASSWORD or prompt)")
  .option("--data-dir <dir>", "where the CLI's IPFS store and chain log cache live", ".cairn")
  .option(
    "--app-origin <url>",
    "the Cairn app's origin: the identity key is bound to it, so use the address you open the app at",
    process.env.CAIRN_APP_ORIGIN ?? "http://127.0.0.1:3000",
  )
  .option("--wait <seconds>", "how long a transaction may take to be mined before it is reported pending", positiveInt, DEFAULT_SEND_TIMEOUT_MS / 1000)
  .addHelpText("after", "\nExit codes: 0 done, 1 failed (nothing sent), 3 pending (sent as the hash shown, not mined within --wait: do not send again).")
  .showHelpAfterError();

/** Exit code of a command that sent a transaction which is not mined yet (see the header). */
const EXIT_PENDING = 3;

/** Wraps a command: opens the session, runs, closes, and prints typed errors as one line. */
function run<A extends unknown[]>(action: (session: Session, ...args: A) => Promise<void>) {
  return async (...args: A) => {
    let session: Session | undefined;
    try {
      session = await openSession(program.opts<GlobalOptions>());
      await action(session, ...args);
    } catch (error) {
      const pending = error instanceof commands.SendPendingError || error instanceof TransactionInFlightError;
      process.stderr.write(`${pending ? "pending" : "error"}: ${describeError(error, { rpcUrl: program.opts<GlobalOptions>().rpc })}\n`);
      if (process.env.CAIRN_DEBUG) console.error(error);
      process.exitCode = pending ? EXIT_PENDING : 1;
    } finally {
      await session?.close();
    }
  };
}

program.command("init").description("derive your identity key from a wallet signature and publish it").action(run((s) => commands.init(s)));
program
  .command("migrate-key")
  .description("replace a version-1 identity key with the key bound to the app's origin (a key change)")
  .action(run((s) => commands.migrateKey(s)));
program
  .command("unlock [peer]")
  .description("derive your identity key, check the directory; with a peer address, show your safety number")
  .action(run((s, peer?: string) => commands.unlock(s, peer)));
program
  .command("create <name>")
  .description("create a channel (public unless --private or --member)")
  .option("--private", "private channel: key sealed to each member")
  .option("--member <address>", "invite a member (repeatable; implies --private)", collect)
  .option("--description <text>", "channel description")
  .action(run((s, name: string, options: { private?: boolean; member?: string[]; description?: string }) => commands.create(s, name, options)));
program.command("direct <peer>").description("start the 1:1 channel with a peer").action(run((s, peer: string) => commands.direct(s, peer)));
program.command("join <id>").description("join a public channel").action(run((s, id: string) => commands.join(s, id)));
program
  .command("invite <id> <address>")
  .description("add a member to a channel you administer")
  .action(run((s, id: string, address: string) => commands.invite(s, id, address)));
program
  .command("remove <id> <address>")
  .description("remove a member; a private channel gets a new key the member never sees")
  .action(run((s, id: string, address: string) => commands.remove(s, id, address)));
program
  .command("rekey <id>")
  .description("give a private channel a new key (its admin; any member after someone left it)")
  .action(run((s, id: string) => commands.rekey(s, id)));
program
  .command("channels")
  .description("list your channels (or every public channel with --public)")
  .option("--public", "list public channels instead")
  .action(run((s, options: { public?: boolean }) => commands.channels(s, options)));
program
  .command("directory [addresses...]")
  .description("published identity keys (all, or of the given addresses)")
  .action(run((s, addresses: string[]) => commands.directory(s, addresses)));
program.command("send <id> <text>").description("send a text message").action(run((s, id: string, text: string) => commands.send(s, id, text)));
program
  .command("send-file <id> <path>")
  .description("send a file (streamed, encrypted, uploaded to the pinning service)")
  .option("--text <text>", "message text to go with the file")
  .action(run((s, id: string, path: string, options: { text?: string }) => commands.sendFile(s, id, path, options)));
program
  .command("history <id>")
  .description("show the newest messages of a channel")
  .option("--limit <n>", "how many", positiveInt, 20)
  .action(run((s, id: string, options: { limit: number }) => commands.history(s, id, options)));
program
  .command("follow <id>")
  .description("show the newest messages, then new ones as they arrive (Ctrl-C to stop)")
  .option("--limit <n>", "how many old messages first", positiveInt, 10)
  .option("--interval <ms>", "polling interval", positiveInt, 1000)
  .action(run((s, id: string, options: { limit: number; interval: number }) => commands.follow(s, id, options)));
program
  .command("download <id> <message> <out>")
  .description("save an attachment of a message (id or id suffix) to a file")
  .option("--index <n>", "which attachment (0-based)", (v) => positiveInt(String(Number(v) + 1)) - 1, 0)
  .action(run((s, id: string, message: string, out: string, options: { index: number }) => commands.download(s, id, message, out, options)));
program
  .command("sign-out")
  .description("sign out of the pinning service: it revokes this CLI's token, which is forgotten")
  .option("--everywhere", "revoke every token of the account (other devices' and browsers' too)")
  .action(run((s, options: { everywhere?: boolean }) => commands.signOut(s, options)));

await program.parseAsync();
process.exit(process.exitCode ?? 0);
