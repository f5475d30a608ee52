import type { CID } from "multiformats/cid";
import { UploadNotFoundError, UploadsBusyError } from "./errors.js";

/** One DAG on its way in, over one CAR or several (`POST /car?upload=<id>&part=<n>`). */
export interface UploadSession {
  owner: string;
  /** Named by the first CAR's header. */
  root?: CID;
  /** Links of received blocks (and the root) not received yet, as compact CID keys. */
  expected: Set<string>;
  blocks: number;
  bytes: number;
  lastActive: number;
  /** Requests using the session now (an idle session has none). */
  running: number;
  /** Requests of one session run one after another. */
  tail: Promise<unknown>;
}

export interface UploadSessions {
  /**
   * The session a request belongs to: a fresh unnamed one for a one-CAR upload (`id`
   * undefined), a new or the existing named one for part 0, the existing one for a later part
   * (`UploadNotFoundError` if there is none). `UploadsBusyError` past the owner's or the
   * node's session limit.
   */
  open(owner: string, id: string | undefined, part: number): UploadSession;
  /** Forget a session (completed or refused). */
  close(session: UploadSession): void;
  /** Bytes the owner's other open sessions hold. */
  bytesOf(owner: string, except: UploadSession): number;
  /** Roots of every open session: garbage collection keeps what they received. */
  roots(): CID[];
  /** Close the sessions with no request for `idleMs`; returns them. */
  expire(): UploadSession[];
}

export interface UploadSessionLimits {
  /** Open sessions per account. */
  perAccount: number;
  /** Open sessions on the node. */
  total: number;
  /** A session with no request for this long is dropped with what it received. */
  idleMs: number;
  now?: () => number;
}

/** Open uploads, in memory (a restart drops them; their blocks are then collected). */
export function createUploadSessions(limits: UploadSessionLimits): UploadSessions {
  const now = limits.now ?? Date.now;
  const named = new Map<string, UploadSession>();
  const open = new Set<UploadSession>();
  const nameOf = new Map<UploadSession, string>();
  const count = (owner: string): number => [...open].filter((session) => session.owner === owner).length;

  function create(owner: string): UploadSession {
    if (open.size >= limits.total) throw new UploadsBusyError(`${limits.total} open uploads on this node`);
    if (count(owner) >= limits.perAccount) throw new UploadsBusyError(`${limits.perAccount} open uploads per account`);
    const session: UploadSession = { owner, expected: new Set(), blocks: 0, bytes: 0, lastActive: now(), running: 0, tail: Promise.resolve() };
    open.add(session);
    return session;
  }

  const sessions: UploadSessions = {
    open(owner, id, part) {
      if (id === undefined) return create(owner);
      const key = `${owner}/${id}`;
      const existing = named.get(key);
      if (existing) {
        existing.lastActive = now();
        return existing;
      }
      if (part > 0) throw new UploadNotFoundError(id);
      const session = create(owner);
      named.set(key, session);
      nameOf.set(session, key);
      return session;
    },
    close(session) {
      open.delete(session);
      const key = nameOf.get(session);
      if (key !== undefined) named.delete(key);
      nameOf.delete(session);
    },
    bytesOf(owner, except) {
      let bytes = 0;
      for (const session of open) if (session.owner === owner && session !== except) bytes += session.bytes;
      return bytes;
    },
    roots: () => [...open].flatMap((session) => (session.root ? [session.root] : [])),
    expire() {
      const cutoff = now() - limits.idleMs;
      const idle = [...open].filter((session) => session.running === 0 && session.lastActive < cutoff);
      for (const session of idle) sessions.close(session);
      return idle;
    },
  };
  return sessions;
}
