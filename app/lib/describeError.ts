import { describeError as describe } from "@cairn/core/chain";
import { appConfig } from "./config";

/** Core's one-line description of an error, naming the app's RPC endpoint when it cannot be reached. */
export const describeError = (error: unknown): string => describe(error, { rpcUrl: appConfig.rpcUrl });
