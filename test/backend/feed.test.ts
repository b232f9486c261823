import { expect } from "chai";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { issueSessionToken } from "../../backend/auth/session.js";
import { MAX_STREAMS_PER_ACCOUNT } from "../../backend/feed/hub.js";
import { EventStreamParser, followEventStream } from "../../frontend/src/api/eventStream.js";
import { usePlatformApi } from "./support/platformApi.js";
import { TEST_SESSION_SECRET } from "./support/server.js";

/** An open event stream read with fetch; its status and error body when refused. */
interface Opened {
  status: number;
  error?: { code: string; message: string };
  close(): void;
}

describe("the notification feed", function () {
  const platform = usePlatformApi();

  describe("refuses what it must", function () {
    const token = async (address: string) => (await issueSessionToken(TEST_SESSION_SECRET, address, 3600)).token;

    async function open(path: string, headers: Record<string, string> = {}): Promise<Opened> {
      const abort = new AbortController();
      const res = await fetch(`${platform.current().api}${path}`, {
        headers,
        signal: abort.signal,
      });
      const close = () => abort.abort();
      if (res.ok) return { status: res.status, close };
      const body = (await res.json()) as {
        error: { code: string; message: string };
      };
      return { status: res.status, error: body.error, close };
    }

    it("refuses a session token in the URL, even a valid one, and takes the same token in the Authorization header", async function () {
      const member = await token(platform.current().world.member.address);
      const inUrl = await open(`/feed?token=${member}`);
      expect(inUrl.status).to.equal(401);
      expect(inUrl.error?.code).to.equal("unauthorized");
      expect(inUrl.error?.message).to.match(/never in the URL/);
      const inHeader = await open("/feed", {
        authorization: `Bearer ${member}`,
      });
      expect(inHeader.status).to.equal(200);
      inHeader.close();
    });

    it("refuses a signed-in address that is neither a member of a cluster or initiative group nor the CDC (403)", async function () {
      const { world } = platform.current();
      const outsider = await open("/feed", {
        authorization: `Bearer ${await token(world.outsider.address)}`,
      });
      expect(outsider.status).to.equal(403);
      expect(outsider.error?.code).to.equal("forbidden");
      expect(outsider.error?.message).to.match(/is not a member of any cluster or initiative group/);
    });

    it("opens a stream for the CDC, which belongs to no cluster", async function () {
      const { world } = platform.current();
      const cdc = await open("/feed", {
        authorization: `Bearer ${await token(world.cdc.address)}`,
      });
      expect(cdc.status).to.equal(200);
      cdc.close();
    });

    it(`lets one account hold ${MAX_STREAMS_PER_ACCOUNT} streams at once, refuses one more with 429, and takes a new one once one closes`, async function () {
      const { world } = platform.current();
      const headers = {
        authorization: `Bearer ${await token(world.member.address)}`,
      };
      const streams: Opened[] = [];
      try {
        for (let i = 0; i < MAX_STREAMS_PER_ACCOUNT; i++) {
          const s = await open("/feed", headers);
          expect(s.status, `stream ${i + 1}`).to.equal(200);
          streams.push(s);
        }
        const beyond = await open("/feed", headers);
        expect(beyond.status).to.equal(429);
        expect(beyond.error?.code).to.equal("too_many_requests");
        expect(beyond.error?.message).to.match(new RegExp(`already holds ${MAX_STREAMS_PER_ACCOUNT} notification streams`));
        // Another account is not affected by this one's streams.
        const cdc = await open("/feed", {
          authorization: `Bearer ${await token(world.cdc.address)}`,
        });
        expect(cdc.status).to.equal(200);
        streams.push(cdc);

        streams.shift()!.close();
        const deadline = Date.now() + 5000;
        let again = await open("/feed", headers);
        while (again.status === 429 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50)); // the server sees the close a moment later
          again = await open("/feed", headers);
        }
        expect(again.status).to.equal(200);
        streams.push(again);
      } finally {
        for (const s of streams) s.close();
      }
    });
  });

  describe("the web app's event-stream reader (fetch, token in the header)", function () {
    it("parses events split across chunks, with CRLF, CR or LF line ends, comments, multi-line data, ids and retry", function () {
      const parser = new EventStreamParser();
      const events = [
        ...parser.push('retry: 3000\n\n: heartbeat\n\nid: 7\r\nevent: vote.opened\r\ndata: {"a":'),
        ...parser.push("1}\r"),
        ...parser.push("\n\rdata: one\ndata: two\n\n"),
      ];
      expect(events).to.deep.equal([
        { type: "vote.opened", data: '{"a":1}', lastEventId: "7" },
        { type: "message", data: "one\ntwo", lastEventId: "7" },
      ]);
      expect(parser.retryMs).to.equal(3000);
    });

    it("reconnects after the stream ends, sending the last event id and the token in headers, never in the URL", async function () {
      const seen: { url: string; auth: string | undefined; last: string | undefined }[] = [];
      const server = createServer((req, res) => {
        seen.push({ url: req.url ?? "", auth: req.headers.authorization, last: req.headers["last-event-id"] as string | undefined });
        res.writeHead(200, { "content-type": "text/event-stream" });
        // First connection: one event, half of another, then the server hangs up.
        if (seen.length === 1) res.end('retry: 10\n\nid: 5\nevent: vote.opened\ndata: {"n":1}\n\nid: 6\nevent: vote.closed\ndata: {"n"');
        else res.write('id: 7\nevent: vote.closed\ndata: {"n":2}\n\n');
      });
      server.listen(0, "127.0.0.1");
      await new Promise((r) => server.once("listening", r));
      const stop = new AbortController();
      const events: string[] = [];
      try {
        const following = followEventStream(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/feed`, {
          token: "the-token",
          signal: stop.signal,
          onEvent: (e) => {
            events.push(`${e.lastEventId}:${e.type}:${e.data}`);
            if (events.length === 2) stop.abort();
          },
        });
        await following;
      } finally {
        server.closeAllConnections();
        server.close();
      }
      expect(events).to.deep.equal(['5:vote.opened:{"n":1}', '7:vote.closed:{"n":2}']);
      expect(seen).to.deep.equal([
        { url: "/api/feed", auth: "Bearer the-token", last: undefined },
        { url: "/api/feed", auth: "Bearer the-token", last: "5" },
      ]);
    });

    it("follows the real feed with the token in the header, and gives up when the server refuses the account (403)", async function () {
      const { api, world } = platform.current();
      const stop = new AbortController();
      const seen: string[] = [];
      const outsider = (await issueSessionToken(TEST_SESSION_SECRET, world.outsider.address, 3600)).token;
      // Resolves by itself: a 403 is final, not retried.
      await followEventStream(`${api}/feed`, {
        token: outsider,
        signal: stop.signal,
        onEvent: (e) => seen.push(e.type),
      });
      expect(seen).to.deep.equal([]);
    });
  });
});
