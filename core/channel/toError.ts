/** `error` as an Error (non-Error throwables are wrapped), for status fields typed `Error`. */
export const toError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
