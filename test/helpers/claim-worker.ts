// A stand-in export worker process for the several-instances test: claims chunks with the queue's own
// claimChunk/finishChunk until none is left and prints what it rendered as one JSON line.
// Usage: bun test/helpers/claim-worker.ts <postgres url> <worker id>
import { openDatabase } from "../../src/db/open.ts";
import { claimChunk, finishChunk } from "../../src/db/queries/exports.ts";

const [url, workerId] = process.argv.slice(2) as [string, string];
const db = await openDatabase(url, { poolSize: 4 });
const rendered: string[] = [];
try {
  // Several claim loops per process, so claims race inside a process as well as across the two.
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let claimed = await claimChunk(db, workerId, 60_000, 3); claimed; claimed = await claimChunk(db, workerId, 60_000, 3)) {
        const { exportId, index } = claimed.chunk;
        await Bun.sleep(2); // "render"
        if (!(await finishChunk(db, exportId, index, workerId, `/tmp/${exportId}-${index}`))) throw new Error(`lost chunk ${exportId}/${index}`);
        rendered.push(`${exportId}/${index}`);
      }
    }),
  );
} finally {
  await db.close();
}
console.log(JSON.stringify({ workerId, rendered }));
