import type { FlowKindName } from "../api/types.js";

// Each flow kind has its own colour AND its own arrowhead, so the kinds stay distinguishable
// in greyscale prints and for colour-blind readers.
export const FLOW_COLOUR: Record<FlowKindName, string> = {
  material: "#b45309",
  intellectual: "#7c3aed",
  service: "#0f766e",
};

export { FLOW_KINDS } from "../../../core/chain/enums.js";

export const NON_CLUSTER_DASH = "7 5";
