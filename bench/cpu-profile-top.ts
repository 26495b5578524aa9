// The functions a V8 CPU profile spent most of its own time in (self time), for
// docs/performance.md. Usage: npx tsx bench/cpu-profile-top.ts FILE.cpuprofile [N]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-top.ts FILE.cpuprofile [N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<string, number>();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  const node = byId.get(id);
  const dt = profile.timeDeltas[i] ?? 0;
  totalUs += dt;
  if (!node) return;
  const { functionName, url, lineNumber } = node.callFrame;
  // node_modules/<package>/… or src/… : where the time went, short enough for a table.
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench|test)\//, '$1/');
  const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
  selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
});
const top = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 10));
console.log(`| self ms | share | function |\n|---|---|---|`);
for (const [key, us] of top) {
  console.log(`| ${Math.round(us / 1000)} | ${((us / totalUs) * 100).toFixed(1)} % | \`${key}\` |`);
}
console.log(`\ntotal sampled: ${Math.round(totalUs / 1000)} ms`);
