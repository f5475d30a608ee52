"use client";
import { useContext } from "react";
import { IdentityContext, type IdentityState } from "../lib/identityContext";

/** The in-memory identity identity of the connected account (null while locked). */
export function useIdentity(): IdentityState {
  const value = useContext(IdentityContext);
  if (value === null) throw new Error("useIdentity must be used inside <IdentityProvider>");
  return value;
}
