/** Errors of the local stack (scripts/stack). One class per condition. */
import { CairnError } from "@cairn/core/errors";

/** The chain journal was written by an incompatible version of the stack. */
export class JournalVersionError extends CairnError {
  override readonly name: string = "JournalVersionError";
  constructor(file: string, found: unknown, expected: number) {
    super(`Chain journal ${file} has version ${String(found)}; this stack reads version ${expected}`, {
      details: "Start with --reset to begin a new chain.",
    });
  }
}

/** The restored chain runs older builds of some contracts than the current sources. */
export class DeployedCodeOutdatedError extends CairnError {
  override readonly name: string = "DeployedCodeOutdatedError";
  constructor(contracts: string[]) {
    super(`The restored chain runs an older build of ${contracts.join(" and ")} than contracts/ holds`, {
      details:
        "The contracts changed since this chain was recorded and cannot be upgraded in place: " +
        "run `npm run dev -- --reset` for a new chain (its channels and messages are not carried over; IPFS blocks are kept).",
    });
  }
}

/** The chain journal misses blocks. */
export class JournalGapError extends CairnError {
  override readonly name: string = "JournalGapError";
  constructor(file: string, expected: number, found: number) {
    super(`Chain journal ${file} expects block ${expected} but holds block ${found}`, {
      details: "Start with --reset to begin a new chain.",
    });
  }
}

/** A mined transaction could not be turned back into the raw bytes that hash to its hash. */
export class RawTransactionMismatchError extends CairnError {
  override readonly name: string = "RawTransactionMismatchError";
  constructor(hash: string, type: string) {
    super(`Cannot rebuild the raw bytes of transaction ${hash} (type ${type})`);
  }
}

/** The restarted node's genesis block differs from the recorded one. */
export class GenesisMismatchError extends CairnError {
  override readonly name: string = "GenesisMismatchError";
  constructor(found: string, recorded: string) {
    super(`The restarted chain's genesis ${found} differs from the recorded ${recorded}`, {
      details: "The node was not started with the journal's genesis date, or its accounts or hardfork changed.",
    });
  }
}

/** Replaying the journal produced a different block than the recorded one. */
export class ReplayDivergedError extends CairnError {
  override readonly name: string = "ReplayDivergedError";
  constructor(blockNumber: number, cause?: unknown) {
    super(`Replaying the chain journal diverged at block ${blockNumber}`, {
      cause,
      details: "Start with --reset to begin a new chain.",
    });
  }
}

/** The chain journal could not record the chain's latest blocks. */
export class ChainJournalBehindError extends CairnError {
  override readonly name = "ChainJournalBehindError";
  readonly recordedBlock: number;
  constructor(recordedBlock: number, cause: unknown) {
    super(`The chain journal stops at block ${recordedBlock}: later blocks are not recorded`, {
      cause,
      details:
        "The node did not answer the recorder. Blocks after this one are lost at the next start " +
        "unless a later flush records them.",
    });
    this.recordedBlock = recordedBlock;
  }
}

/** A stack process exited while the stack needed it. */
export class ChildExitedError extends CairnError {
  override readonly name: string = "ChildExitedError";
  constructor(name: string, code: number | null, signal: NodeJS.Signals | null, logTail: string) {
    super(`${name} exited (${signal ?? `code ${code}`})`, { details: logTail });
  }
}

/** A service did not become ready in time. */
export class StartupTimeoutError extends CairnError {
  override readonly name: string = "StartupTimeoutError";
  constructor(what: string, timeoutMs: number, cause?: unknown) {
    super(`${what} was not ready after ${Math.round(timeoutMs / 1000)} s`, { cause });
  }
}

/** A port the stack needs is already taken. */
export class PortInUseError extends CairnError {
  override readonly name: string = "PortInUseError";
  constructor(name: string, port: number, holder?: { pid: number; command: string; orchestratorPid?: number }) {
    const by = holder === undefined ? "" : ` by pid ${holder.pid} (${holder.command})`;
    super(`Port ${port} (${name}) is already in use on 127.0.0.1${by}`, {
      details:
        holder?.orchestratorPid !== undefined
          ? `It belongs to the running Cairn stack of pid ${holder.orchestratorPid}: stop that one, or choose other ports with the CAIRN_*_PORT variables.`
          : "Stop the other process or choose another port with the matching CAIRN_*_PORT variable.",
    });
  }
}

/** A CAIRN_*_PORT variable does not hold a TCP port number. */
export class InvalidPortError extends CairnError {
  override readonly name: string = "InvalidPortError";
  constructor(variable: string, value: string) {
    super(`${variable}=${value} is not a TCP port (1-65535)`);
  }
}

/** Ignition could not bring the recorded chain's deployment up to date with the module. */
export class DeploymentOutdatedError extends CairnError {
  override readonly name: string = "DeploymentOutdatedError";
  constructor(cause: unknown) {
    super("The contracts on the restored chain cannot be updated to the current Ignition module", {
      cause,
      details: "The contracts probably changed since the chain was recorded: run `npm run dev -- --reset` for a new chain.",
    });
  }
}
