import { DatabaseSync } from "node:sqlite";

export interface Notice {
  id: number;
  clusterId: number;
  author: string;
  authorName: string;
  text: string;
  postedAt: string;
}

/**
 * The board's own database (SQLite on disk): notices, and the ids of the webhooks already
 * applied, so an event the platform delivers twice is applied once.
 */
export class BulletinStore {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS notices (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        cluster_id INTEGER NOT NULL,
        author TEXT NOT NULL,
        author_name TEXT NOT NULL,
        text TEXT NOT NULL,
        posted_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS applied_webhooks (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
    `);
  }

  post(notice: Omit<Notice, "id" | "postedAt">): Notice {
    const postedAt = new Date().toISOString();
    const { lastInsertRowid } = this.db
      .prepare("INSERT INTO notices (cluster_id, author, author_name, text, posted_at) VALUES (?, ?, ?, ?, ?)")
      .run(notice.clusterId, notice.author, notice.authorName, notice.text, postedAt);
    return { ...notice, id: Number(lastInsertRowid), postedAt };
  }

  /** Applies a webhook once: `apply` runs only for an id not seen before, in one transaction with its record. */
  once(webhookId: string, apply: () => void): boolean {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const fresh =
        this.db.prepare("INSERT INTO applied_webhooks (id, applied_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").run(webhookId, new Date().toISOString())
          .changes > 0;
      if (fresh) apply();
      this.db.exec("COMMIT");
      return fresh;
    } catch (err) {
      this.db.exec("ROLLBACK");
      throw err;
    }
  }

  notices(clusterId: number): Notice[] {
    return (
      this.db.prepare("SELECT * FROM notices WHERE cluster_id = ? ORDER BY id DESC LIMIT 200").all(clusterId) as {
        id: number;
        cluster_id: number;
        author: string;
        author_name: string;
        text: string;
        posted_at: string;
      }[]
    ).map((r) => ({ id: r.id, clusterId: r.cluster_id, author: r.author, authorName: r.author_name, text: r.text, postedAt: r.posted_at }));
  }

  close(): void {
    this.db.close();
  }
}
