"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { appConfig } from "../lib/config";
import { queryKeys } from "../lib/queries";
import { startIpfs } from "../lib/startIpfs";

/**
 * The browser's Helia node and pinning client, started once per tab on first use. A failed
 * start (pinning node unreachable) is an error the caller shows, with `refetch` to retry.
 */
export function useIpfs() {
  const query = useQuery({
    queryKey: queryKeys.ipfs(),
    queryFn: () => startIpfs(`cairn-${appConfig.chainId}`),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  const node = query.data?.node;
  useEffect(() => {
    if (!node) return;
    const stop = () => void node.stop();
    window.addEventListener("pagehide", stop);
    return () => window.removeEventListener("pagehide", stop);
  }, [node]);
  return query;
}
