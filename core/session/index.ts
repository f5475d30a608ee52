export * from "./errors.js";
export { createSessionKey, type SessionKey } from "./createSessionKey.js";
export { estimateFunding, messagesLeft, sessionExpiry, SESSION_POST_GAS, DEFAULT_SESSION_SECONDS, MAX_SESSION_SECONDS, type FundingParams } from "./estimateFunding.js";
export { createSessionKeySender, type SessionKeySenderParams } from "./createSessionKeySender.js";
export { routeSessionPosts, type RouteSessionPostsParams } from "./routeSessionPosts.js";
export { createOutbox, type Outbox, type OutboxOptions, type OutboxOutcome, type OutboxResult } from "./createOutbox.js";
export { sealSessionState, openSessionState, type SessionState, type SessionStateContext } from "./sealSessionState.js";
export { queueSends, type QueueSendsOptions } from "./queueSends.js";
export { sweepSessionKey } from "./sweepSessionKey.js";
