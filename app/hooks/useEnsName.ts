"use client";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { ensNameQuery } from "../lib/queries";
import { useAppPublicClient } from "./useAppPublicClient";

/** The ENS primary name of `address` on the app's chain (ensNameQuery); null when there is none. */
export function useEnsName(address: Address | undefined): string | null {
  const client = useAppPublicClient();
  const { data } = useQuery(ensNameQuery(client, address));
  return data ?? null;
}
