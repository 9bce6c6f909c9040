// A write load over HTTP for fault tests: each writer creates a scene, then edits it with If-Match,
// and remembers every write the server acknowledged (201/200) so a test can look for it afterwards.
import type { Queryable } from "../../src/db/open.ts";

export interface AckedWrite {
  sceneId: string;
  revision: number;
  tsx: string;
}

export interface WriteLoad {
  /** Stops the writers; resolves with every acknowledged write once the requests in flight settle. */
  stop(): Promise<AckedWrite[]>;
  /** Acknowledged writes so far. */
  readonly acked: AckedWrite[];
}

const tsxFor = (tag: string) => `export default function Scene() { return <div style={{ color: "red" }}>${tag}</div>; }`;

/**
 * Starts `writers` loops; each request of writer w goes to the next of `urls` in turn. A refused connection or a reset
 * (the server being killed) ends that request without an acknowledgement; the loop keeps going.
 */
export function startWriteLoad(urls: string[], token: string, writers: number): WriteLoad {
  const acked: AckedWrite[] = [];
  let stopped = false;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

  async function send(url: string, init: RequestInit): Promise<{ scene: { id: string; revision: number } } | null> {
    const res = await fetch(url, { ...init, headers: { ...headers, ...(init.headers as object) } }).catch(() => null);
    if (!res || (res.status !== 200 && res.status !== 201)) {
      await res?.body?.cancel().catch(() => {});
      if (!res) await Bun.sleep(20);
      return null;
    }
    return (await res.json().catch(() => null)) as { scene: { id: string; revision: number } } | null;
  }

  async function writer(w: number) {
    // Writer w alternates between the servers, so one scene is edited through all of them in turn.
    let scene: { id: string; revision: number } | null = null;
    for (let i = 0; !stopped; i++) {
      const base = urls[(w + i) % urls.length]!;
      const tsx = tsxFor(`w${w}-${i}-${crypto.randomUUID()}`);
      const body: { scene: { id: string; revision: number } } | null = scene
        ? await send(`${base}/api/scenes/${scene.id}`, {
            method: "PATCH",
            headers: { "if-match": `"${scene.revision}"` },
            body: JSON.stringify({ tsx }),
          })
        : await send(`${base}/api/scenes`, { method: "POST", body: JSON.stringify({ name: `load w${w}-${i}`, tsx }) });
      if (body?.scene) {
        scene = { id: body.scene.id, revision: body.scene.revision };
        acked.push({ sceneId: scene.id, revision: scene.revision, tsx });
      } else if (scene && i % 5 === 0) {
        scene = null; // a lost answer may have moved the revision on: start a fresh scene now and then
      }
    }
  }

  const running = Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return {
    acked,
    async stop() {
      stopped = true;
      await running;
      return acked;
    },
  };
}

/** Acknowledged writes whose revision (with exactly that TSX) is not in the database. */
export async function missingWrites(db: Queryable, acked: AckedWrite[]): Promise<AckedWrite[]> {
  const rows = await db.query<{ sceneId: string; revision: number; tsx: string }>(
    `select scene_id as "sceneId", revision, tsx_code as tsx from scene_revisions`,
  );
  const stored = new Map(rows.map((r) => [`${r.sceneId}/${r.revision}`, r.tsx]));
  return acked.filter((a) => stored.get(`${a.sceneId}/${a.revision}`) !== a.tsx);
}

/** Scenes whose current revision is not their newest stored revision (a write half applied). */
export async function inconsistentScenes(db: Queryable): Promise<unknown[]> {
  return db.query(
    `select s.id, s.revision, max(r.revision) as newest from scenes s join scene_revisions r on r.scene_id = s.id
     group by s.id, s.revision having s.revision <> max(r.revision) or count(*) <> s.revision`,
  );
}
