import { ZeroAddress, getAddress } from "ethers";
import { z } from "zod";
import { ADMISSION_POLICIES, FLOW_KINDS, MEMBER_KINDS, MEMBER_ROLES, withoutNone } from "../core/chain/enums.js";
import type { IClusterFactory } from "../types/typechain/index.js";

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address")
  .transform((a) => getAddress(a));

export const securityParamsSpec = z.object({
  votingPeriod: z.number().int().positive(),
  quorumBps: z.number().int().min(0).max(65535),
  approvalThresholdBps: z.number().int().min(0).max(65535),
  admissionPolicy: z.enum(ADMISSION_POLICIES),
  documentsMustBeEncrypted: z.boolean(),
  coreVeto: z.boolean().default(false),
  clearingCycleLength: z.number().int().positive(),
  settlementToken: address.optional(),
});

/** A cluster as an operator writes it: members and partners by name, links between names. */
export const clusterSpec = z
  .object({
    name: z.string().min(1),
    cdo: address,
    params: securityParamsSpec,
    services: z.array(z.string().min(1)),
    founders: z
      .array(
        z.object({
          account: address,
          name: z.string().min(1),
          kind: z.enum(MEMBER_KINDS),
          role: z.enum(withoutNone(MEMBER_ROLES)),
          registrationCid: z.string().default(""),
        }),
      )
      .min(1),
    partners: z.array(z.string().min(1)).default([]),
    links: z.array(z.object({ from: z.string(), to: z.string(), kind: z.enum(FLOW_KINDS), clusterActivity: z.boolean().default(true) })).default([]),
  })
  .superRefine((spec, ctx) => {
    const names = [...spec.founders.map((f) => f.name), ...spec.partners];
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) ctx.addIssue({ code: "custom", message: `Node name "${n}" is used twice` });
      seen.add(n);
    }
    spec.links.forEach((l, i) => {
      for (const end of [l.from, l.to])
        if (!seen.has(end)) ctx.addIssue({ code: "custom", path: ["links", i], message: `Link ${i} names "${end}", which is neither a founder nor a partner` });
    });
  });

export type ClusterSpecJson = z.input<typeof clusterSpec>;
export type ClusterSpec = z.output<typeof clusterSpec>;

export function parseClusterSpec(json: unknown): ClusterSpec {
  const parsed = clusterSpec.safeParse(json);
  if (!parsed.success) throw new Error(`Invalid cluster description: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Node ids follow Membership's numbering: founders from 1 in order, then partners. */
export function toFactorySpec(spec: ClusterSpec, serviceIds: bigint[]): IClusterFactory.ClusterSpecStruct {
  const nodeId = new Map([...spec.founders.map((f) => f.name), ...spec.partners].map((n, i) => [n, i + 1]));
  return {
    name: spec.name,
    cdo: spec.cdo,
    params: {
      votingPeriod: spec.params.votingPeriod,
      quorumBps: spec.params.quorumBps,
      approvalThresholdBps: spec.params.approvalThresholdBps,
      admissionPolicy: ADMISSION_POLICIES.indexOf(spec.params.admissionPolicy),
      documentsMustBeEncrypted: spec.params.documentsMustBeEncrypted,
      coreVeto: spec.params.coreVeto,
      clearingCycleLength: spec.params.clearingCycleLength,
      settlementToken: spec.params.settlementToken ?? ZeroAddress,
    },
    serviceIds,
    founders: spec.founders.map((f) => ({
      account: f.account,
      profile: { name: f.name, kind: MEMBER_KINDS.indexOf(f.kind), registrationCid: f.registrationCid, encryptionKey: "0x" },
      role: MEMBER_ROLES.indexOf(f.role),
    })),
    partners: spec.partners,
    links: spec.links.map((l) => ({
      from: nodeId.get(l.from)!,
      to: nodeId.get(l.to)!,
      kind: FLOW_KINDS.indexOf(l.kind),
      clusterActivity: l.clusterActivity,
    })),
  };
}
