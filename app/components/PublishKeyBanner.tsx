"use client";
import { usePublishKey } from "../hooks/usePublishKey";
import { useNotify } from "../hooks/useNotify";

/** Shown while the unlocked key is not in the KeyDirectory: public channels work, private invitations do not. */
export function PublishKeyBanner() {
  const publish = usePublishKey();
  const { notifyError } = useNotify();
  return (
    <div className="banner banner-warning" role="alert" data-testid="publish-key-banner">
      <span>
        Your public key is not published yet, so nobody can add you to a private channel. Public channels work.
      </span>
      <button
        type="button"
        className="button"
        data-testid="publish-key"
        disabled={publish.isPending}
        onClick={() => publish.mutate(undefined, { onError: (error) => notifyError(error, "Could not publish your key") })}
      >
        {publish.isPending ? "Publishing…" : "Publish key"}
      </button>
    </div>
  );
}
