import { findDeployment, type CairnDeployment } from "@cairn/core/chain";
import { appConfig } from "./config";

/** The Cairn contracts on the configured chain, if deployed there. */
export const appDeployment: CairnDeployment | undefined = findDeployment(appConfig.chainId);
