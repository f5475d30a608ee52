"use client";
import { useMigrateKey } from "../hooks/useMigrateKey";
import { useNotify } from "../hooks/useNotify";

/**
 * Shown while the identity runs on a version-1 key (derived from the earlier identity message,
 * which names no site, so any site could ask for it): offers the move to this site's key.
 */
export function MigrateKeyBanner() {
  const migrate = useMigrateKey();
  const { notifyError } = useNotify();
  return (
    <div className="banner banner-warning" role="alert" data-testid="migrate-key-banner">
      <span>
        Your encryption key comes from the earlier Cairn message, which names no site: any site that gets you to sign it can
        read your messages. Move to a key bound to this site. Moving is a key change: channel admins must share their keys with
        your new key before you can read those channels again, and channels you administer start a new key epoch.
      </span>
      <button
        type="button"
        className="button"
        data-testid="migrate-key"
        disabled={migrate.isPending}
        onClick={() => migrate.mutate(undefined, { onError: (error) => notifyError(error, "Could not move to the new key") })}
      >
        {migrate.isPending ? "Moving…" : "Move to the new key"}
      </button>
    </div>
  );
}
