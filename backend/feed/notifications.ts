import type { Db } from "../db/db.js";
import { statement } from "../db/statements.js";
import { hasVoted, indexedTime, proposalRows, proposalState, type ProposalRow, type ProposalState } from "../services/cluster-registration/proposals.js";
import { isoFromUnix } from "../query/time.js";

export type NotificationType = "vote.opened" | "vote.closing" | "vote.closed" | "vote.awaits";

export interface Notification {
  type: NotificationType;
  clusterId: number;
  clusterName: string;
  proposalId: string;
  kind: string;
  description: string;
  state: ProposalState;
  deadline: string;
  /** Seconds of voting left at the latest indexed block (0 once closed). */
  secondsLeft: number;
  /** Time of the latest indexed block: the feed's clock is the chain's. */
  asOf: string;
}

const OPEN: ProposalState[] = ["pending", "active"];
const HOUR = 3600;

/**
 * When a vote counts as "about to close": once at most a tenth of its voting period is left, or
 * at most an hour, whichever comes first (the larger of the two), but never more than half the
 * period, so a short vote is not "closing" the moment it opens.
 */
export function closingWindow(voteStart: number, voteEnd: number): number {
  const period = voteEnd - voteStart;
  return Math.min(Math.max(period / 10, HOUR), period / 2);
}

interface Seen {
  state: ProposalState;
  closingSent: boolean;
}

/**
 * What one subscriber (an address) should hear about the proposals of the clusters and
 * initiative groups it belongs to, judged against the index each time `check` runs: new
 * proposals (opened, and awaits you if it may vote and has not), open votes nearing their
 * deadline (closing, once), and votes that ended (closed: defeated, succeeded, vetoed, then
 * executed or canceled).
 */
export class NotificationWatcher {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly db: Db,
    readonly address: string,
  ) {}

  /**
   * The first look: open votes awaiting the subscriber and those about to close. With
   * `resumeAfterBlock` (Last-Event-ID), proposals made after that block are announced as opened.
   */
  start(resumeAfterBlock?: number): Promise<Notification[]> {
    return this.scan((row) => resumeAfterBlock !== undefined && row.created_block > resumeAfterBlock);
  }

  /** Changes since the last look (after each indexed batch). */
  check(): Promise<Notification[]> {
    return this.scan(() => true);
  }

  private async scan(announceNew: (row: ProposalRow) => boolean): Promise<Notification[]> {
    const roles = (await statement(this.db, "SELECT cluster_id, role FROM members WHERE address = ? AND role <> 'none'").all(this.address)) as {
      cluster_id: number;
      role: string;
    }[];
    const roleIn = new Map(roles.map((r) => [r.cluster_id, r.role]));
    const now = await indexedTime(this.db);
    const out: Notification[] = [];
    for (const row of await proposalRows(this.db, [...roleIn.keys()])) {
      const key = `${row.cluster_id}:${row.proposal_id}`;
      const state = proposalState(row, now);
      const prev = this.seen.get(key);
      const note = async (type: NotificationType) => out.push(await this.notification(type, row, state, now));
      const open = OPEN.includes(state);
      const closing = state === "active" && row.vote_end - now <= closingWindow(row.vote_start, row.vote_end);
      if (!prev) {
        if (announceNew(row)) await note("vote.opened");
        if (open && this.mayVote(row, roleIn.get(row.cluster_id)) && !(await hasVoted(this.db, row.cluster_id, row.proposal_id, this.address))) {
          await note("vote.awaits");
        }
        if (closing) await note("vote.closing");
        this.seen.set(key, { state, closingSent: closing });
        continue;
      }
      if (state !== prev.state && !open) await note("vote.closed");
      if (closing && !prev.closingSent) {
        await note("vote.closing");
        prev.closingSent = true;
      }
      prev.state = state;
    }
    return out;
  }

  private mayVote(row: ProposalRow, role: string | undefined): boolean {
    return role !== undefined && (row.core_only === 0 || role === "core");
  }

  private async notification(type: NotificationType, row: ProposalRow, state: ProposalState, now: number): Promise<Notification> {
    const cluster = (await statement(this.db, "SELECT name FROM clusters WHERE id = ?").get(row.cluster_id)) as { name: string } | undefined;
    return {
      type,
      clusterId: row.cluster_id,
      clusterName: cluster?.name ?? "",
      proposalId: row.proposal_id,
      kind: row.kind,
      description: row.description,
      state,
      deadline: isoFromUnix(row.vote_end),
      secondsLeft: OPEN.includes(state) ? Math.max(0, row.vote_end - now) : 0,
      asOf: isoFromUnix(now),
    };
  }
}
